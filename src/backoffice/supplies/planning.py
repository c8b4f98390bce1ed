"""What is needed: reorder points and suggested quantities, computed for all items in a handful of queries.

Usage statistics come from one aggregate over the issue movements of the look-back window (daily totals, then
their sum and sum of squares per item), so the cost grows with the ledger's recent part, not with the item count
times queries.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from statistics import NormalDist

from django.db import connection
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.supplies.choices import OPEN_ORDER_STATUSES, MovementKind, ReorderMethod, RequestStatus
from backoffice.supplies.models import (
    Item,
    Location,
    PurchaseOrderLine,
    ReorderRule,
    StockLevel,
    StockMovement,
    Supplier,
    SupplierOffer,
    SupplyRequest,
)

DEFAULT_RULE = ReorderRule(method=ReorderMethod.AUTOMATIC)  # for items nobody set a rule for
ZERO = Decimal("0")


@dataclass
class Suggestion:
    item: Item
    method: str
    on_hand: Decimal
    on_order: Decimal
    requested: Decimal
    reorder_point: Decimal
    target: Decimal
    quantity: Decimal
    supplier: Supplier | None = None
    location: Location | None = None  # None: all locations (or those without a rule of their own)
    unit_price: Decimal | None = None
    pack_size: Decimal = Decimal("1")
    min_quantity: Decimal = ZERO
    average_daily: float = 0.0
    sigma_daily: float = 0.0
    lead_time_days: int = 0
    review_days: int = 0
    service_level: float = 0.0
    z: float = 0.0
    safety_stock: float = 0.0
    lookback_days: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def position(self) -> Decimal:
        return self.on_hand + self.on_order - self.requested

    def explanation(self) -> str:
        """The numbers behind the suggestion, in one sentence a person can check with a calculator."""
        if self.method == ReorderMethod.MANUAL:
            basis = _("Manual rule: reorder at %(min)s, order up to %(max)s.") % {
                "min": _n(self.reorder_point),
                "max": _n(self.target),
            }
        else:
            basis = _(
                "Uses %(avg).2f a day on average over %(days)s days (σ %(sigma).2f); lead time %(lead)s days, "
                "review every %(review)s days; safety stock z·σ·√L = %(z).2f × %(sigma).2f × √%(lead)s = %(safety).1f "
                "for a %(level).0f %% service level; reorder point %(rop)s, order up to %(target)s."
            ) % {
                "avg": self.average_daily,
                "days": self.lookback_days,
                "sigma": self.sigma_daily,
                "lead": self.lead_time_days,
                "review": self.review_days,
                "z": self.z,
                "safety": self.safety_stock,
                "level": self.service_level * 100,
                "rop": _n(self.reorder_point),
                "target": _n(self.target),
            }
        position = _(
            "Available %(position)s = on hand %(on_hand)s + on order %(on_order)s − requested %(requested)s; "
            "suggested %(target)s − %(position)s, rounded up to packs of %(pack)s and at least %(minimum)s = %(qty)s."
        ) % {
            "position": _n(self.position),
            "on_hand": _n(self.on_hand),
            "on_order": _n(self.on_order),
            "requested": _n(self.requested),
            "target": _n(self.target),
            "pack": _n(self.pack_size),
            "minimum": _n(self.min_quantity),
            "qty": _n(self.quantity),
        }
        return " ".join([basis, position, *self.notes])


def _n(value: Decimal | float) -> str:
    value = Decimal(str(value)).quantize(Decimal("0.001")).normalize()
    return f"{value:f}"


def _usage(since: dt.date, until: dt.date, item_ids: list[int] | None) -> dict[int, tuple[float, float]]:
    """Per item: (sum of daily issues, sum of squared daily issues) over [since, until)."""
    table = StockMovement._meta.db_table
    where_items = ""
    params: list = [MovementKind.ISSUE, since, until]
    if item_ids is not None:
        where_items = f" AND item_id IN ({', '.join(['%s'] * len(item_ids))})"
        params.extend(item_ids)
    sql = (
        f"SELECT item_id, SUM(daily), SUM(daily * daily) FROM ("  # noqa: S608 — only our own table and placeholders
        f" SELECT item_id, occurred_on, SUM(quantity) AS daily FROM {table}"
        f" WHERE kind = %s AND occurred_on >= %s AND occurred_on < %s{where_items}"
        " GROUP BY occurred_on, item_id) AS per_day GROUP BY item_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (float(row[1]), float(row[2])) for row in cursor.fetchall()}


def _sum_by_item(rows, value) -> dict[int, Decimal]:
    return {r["item_id"]: r["total"] or ZERO for r in rows.values("item_id").annotate(total=value).order_by()}


def _round_up(quantity: Decimal, pack: Decimal, minimum: Decimal) -> Decimal:
    quantity = max(quantity, minimum)
    if pack > 0:
        quantity = (quantity / pack).to_integral_value(rounding=ROUND_CEILING) * pack
    return quantity


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in(column: str, ids: list[int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _usage_by_place(since: dt.date, until: dt.date, rules: dict[int, dict]) -> dict[tuple[int, int | None], tuple]:
    """For items with rules per location: (sum, sum of squares) of daily issues per item and rule scope.

    A location with its own rule is its own scope; all other locations together are the scope None.
    Only items that have a rule for some location are read.
    """
    table, rule_table = StockMovement._meta.db_table, ReorderRule._meta.db_table
    rows = _rows(
        f"SELECT item_id, from_location_id, occurred_on, SUM(quantity) FROM {table} "  # noqa: S608
        f"WHERE kind = %s AND occurred_on >= %s AND occurred_on < %s AND item_id IN "
        f"(SELECT item_id FROM {rule_table} WHERE location_id IS NOT NULL) "
        "GROUP BY item_id, from_location_id, occurred_on",
        [MovementKind.ISSUE, since, until],
    )
    daily: dict[tuple, float] = defaultdict(float)
    for item_id, location_id, day, quantity in rows:
        scopes = rules.get(item_id)
        if scopes is None:
            continue
        daily[(item_id, location_id if location_id in scopes else None, day)] += float(quantity)
    found: dict[tuple[int, int | None], list[float]] = {}
    for (item_id, scope, _day), quantity in daily.items():
        sums = found.setdefault((item_id, scope), [0.0, 0.0])
        sums[0] += quantity
        sums[1] += quantity * quantity
    return {key: (sums[0], sums[1]) for key, sums in found.items()}


def suggestions(*, item_ids: list[int] | None = None, today: dt.date | None = None, all_items: bool = False):
    """What to order now. `all_items` also returns items that need nothing (quantity 0), for inspection.

    A rule can be for one location (its stock, issues and deliveries there) or for none: then it covers the item's
    stock at every location without a rule of its own. Items nobody set a rule for are planned automatically over
    all locations. Open requests carry no location: they count against the rule for all locations, else against
    the item's first location rule.

    Planning 50,000 items must take about as long as one pass over the ledger, so the inputs are read with plain
    SQL (no model instances, no per-value conversion) and only the items that end up suggested are loaded as models.
    """
    today = today or timezone.localdate()
    item, rule, offer_table = Item._meta.db_table, ReorderRule._meta.db_table, SupplierOffer._meta.db_table
    location_table = Location._meta.db_table
    where, params = _in("id", item_ids)
    rows = _rows(f"SELECT id, preferred_supplier_id FROM {item} WHERE archived_at IS NULL{where}", params)  # noqa: S608
    where, params = _in("r.item_id", item_ids)
    rules: dict[int, dict[int | None, tuple]] = {}
    for item_id, location_id, *values in _rows(
        f"SELECT r.item_id, r.location_id, r.method, r.min_quantity, r.max_quantity, r.lookback_days, "  # noqa: S608
        f"r.review_days, r.service_level FROM {rule} r LEFT JOIN {location_table} l ON l.id = r.location_id "
        f"WHERE (r.location_id IS NULL OR l.archived_at IS NULL){where} ORDER BY r.item_id, r.location_id",
        params,
    ):
        rules.setdefault(item_id, {})[location_id] = tuple(values)
    split = {item_id: scopes for item_id, scopes in rules.items() if any(place is not None for place in scopes)}
    default = (
        DEFAULT_RULE.method,
        None,
        None,
        DEFAULT_RULE.lookback_days,
        DEFAULT_RULE.review_days,
        DEFAULT_RULE.service_level,
    )
    windows = {
        values[3] or default[3]
        for scopes in rules.values()
        for values in scopes.values()
        if values[0] == ReorderMethod.AUTOMATIC
    }
    if any(item_id not in rules for item_id, _preferred in rows):
        windows.add(default[3])
    usage = {days: _usage(today - dt.timedelta(days=days), today, item_ids) for days in windows}
    usage_split = (
        {days: _usage_by_place(today - dt.timedelta(days=days), today, split) for days in windows} if split else {}
    )

    where, params = _in("item_id", item_ids)
    level_table = StockLevel._meta.db_table
    on_hand = dict(
        _rows(f"SELECT item_id, SUM(on_hand) FROM {level_table} WHERE 1 = 1{where} GROUP BY item_id", params)  # noqa: S608
    )
    on_hand_at: dict[tuple[int, int], Decimal] = {}
    if split:
        for item_id, location_id, quantity in _rows(
            f"SELECT item_id, location_id, on_hand FROM {level_table} WHERE item_id IN "  # noqa: S608
            f"(SELECT item_id FROM {rule} WHERE location_id IS NOT NULL)",
            [],
        ):
            on_hand_at[(item_id, location_id)] = _dec(quantity)
    on_order_at: dict[tuple[int, int], Decimal] = {}
    for row in (
        PurchaseOrderLine.objects.filter(order__status__in=OPEN_ORDER_STATUSES)
        .values("item_id", "order__location_id")
        .annotate(total=Sum(F("quantity") - F("received_quantity")))
        .order_by()
    ):
        on_order_at[(row["item_id"], row["order__location_id"])] = row["total"] or ZERO
    on_order: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (item_id, _location_id), quantity in on_order_at.items():
        on_order[item_id] += quantity
    requested = _sum_by_item(SupplyRequest.objects.filter(status=RequestStatus.OPEN), Sum("quantity"))
    suppliers = {s.pk: s for s in Supplier.objects.filter(archived_at__isnull=True)}
    by_pair: dict[tuple[int, int], tuple] = {}
    cheapest: dict[int, tuple] = {}
    for offer in _rows(
        f"SELECT item_id, supplier_id, price, pack_size, min_quantity FROM {offer_table} WHERE 1 = 1{where} "  # noqa: S608
        "ORDER BY price",
        params,
    ):
        if offer[1] in suppliers:
            by_pair[(offer[0], offer[1])] = offer
            cheapest.setdefault(offer[0], offer)
    z_of: dict = {}

    chosen: list[dict] = []
    for item_id, preferred_id in rows:
        scopes = rules.get(item_id) or {None: default}
        places = split.get(item_id)
        first_place = None if places is None or None in places else next(iter(places))
        for scope, rule_values in scopes.items():
            method, low, high, lookback, review, level = rule_values
            wanted = requested.get(item_id, ZERO) if scope == first_place else ZERO
            numbers: dict = {}
            if places is None:
                have, ordered = on_hand.get(item_id) or 0, on_order.get(item_id, ZERO)
                stats = usage[lookback].get(item_id, (0.0, 0.0)) if method == ReorderMethod.AUTOMATIC else None
            elif scope is not None:
                have = on_hand_at.get((item_id, scope), ZERO)
                ordered = on_order_at.get((item_id, scope), ZERO)
                stats = usage_split[lookback].get((item_id, scope), (0.0, 0.0)) if lookback in usage_split else None
            else:  # the locations without a rule of their own
                ruled = [place for place in places if place is not None]
                have = _dec(on_hand.get(item_id) or 0) - sum((on_hand_at.get((item_id, p), ZERO) for p in ruled), ZERO)
                ordered = on_order.get(item_id, ZERO) - sum((on_order_at.get((item_id, p), ZERO) for p in ruled), ZERO)
                stats = usage_split[lookback].get((item_id, None), (0.0, 0.0)) if lookback in usage_split else None
            if method == ReorderMethod.AUTOMATIC:
                total, squares = stats or (0.0, 0.0)
                if total == 0 and not all_items and wanted == 0:
                    continue  # nothing used, nothing asked for: nothing to plan
            offer = by_pair.get((item_id, preferred_id)) or cheapest.get(item_id)
            supplier = suppliers.get(offer[1]) if offer else suppliers.get(preferred_id)
            lead = supplier.lead_time_days if supplier else 7
            position = float(have) + float(ordered) - float(wanted)
            if method == ReorderMethod.MANUAL:
                exact_point, exact_target = _dec(low), _dec(high)
                reorder_point, target = float(low), float(high)
            else:
                mean = total / lookback
                variance = max(squares / lookback - mean * mean, 0.0) * lookback / max(lookback - 1, 1)
                sigma = math.sqrt(variance)
                if level not in z_of:
                    z_of[level] = NormalDist().inv_cdf(float(level))
                z = z_of[level]
                safety = z * sigma * math.sqrt(lead)
                reorder_point = math.ceil(mean * lead + safety)
                target = math.ceil(mean * (lead + review) + safety)
                exact_point, exact_target = Decimal(reorder_point), Decimal(target)
                numbers = {
                    "average_daily": mean,
                    "sigma_daily": sigma,
                    "z": z,
                    "service_level": float(level),
                    "safety_stock": safety,
                    "lookback_days": lookback,
                }
            needed = position <= reorder_point and target > position
            if not needed and not all_items:
                continue
            pack = _dec(offer[3]) if offer else Decimal("1")
            minimum = _dec(offer[4]) if offer else ZERO
            exact_position = _dec(have) + ordered - wanted
            chosen.append(
                {
                    "item_id": item_id,
                    "location_id": scope,
                    "split": places is not None,
                    "method": method,
                    "on_hand": _dec(have),
                    "on_order": ordered,
                    "requested": wanted,
                    "reorder_point": exact_point,
                    "target": exact_target,
                    "quantity": _round_up(exact_target - exact_position, pack, minimum) if needed else ZERO,
                    "supplier": supplier,
                    "unit_price": _dec(offer[2]) if offer else None,
                    "pack_size": pack,
                    "min_quantity": minimum,
                    "lead_time_days": lead,
                    "review_days": review,
                    **numbers,
                }
            )
    items = Item.objects.select_related("unit").in_bulk({values["item_id"] for values in chosen})
    locations = Location.objects.in_bulk({values["location_id"] for values in chosen if values["location_id"]})
    found = []
    for values in chosen:
        location_id, split_item = values.pop("location_id"), values.pop("split")
        location = locations.get(location_id) if location_id else None
        suggestion = Suggestion(item=items[values.pop("item_id")], location=location, **values)
        if location is not None:
            suggestion.notes.append(
                _("Only the stock, orders and issues at %(location)s count.") % {"location": location}
            )
        elif split_item:
            suggestion.notes.append(_("Counts the locations without a rule of their own."))
        if suggestion.supplier is None and suggestion.quantity:
            suggestion.notes.append(_("No supplier offers this item: add an offer to order it."))
        found.append(suggestion)
    found.sort(key=lambda s: (s.item.sku, s.location.code if s.location else ""))
    return found


def below_reorder_point(today: dt.date | None = None) -> list[Suggestion]:
    return [s for s in suggestions(today=today) if s.quantity > 0]
