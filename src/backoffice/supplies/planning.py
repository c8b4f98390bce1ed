"""What is needed: reorder points and suggested quantities, computed for all items in a handful of queries.

Usage statistics come from one aggregate over the issue movements of the look-back window (daily totals, then
their sum and sum of squares per item), so the cost grows with the ledger's recent part, not with the item count
times queries.
"""

from __future__ import annotations

import datetime as dt
import math
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


def suggestions(*, item_ids: list[int] | None = None, today: dt.date | None = None, all_items: bool = False):
    """What to order now. `all_items` also returns items that need nothing (quantity 0), for inspection.

    Planning 50,000 items must take about as long as one pass over the ledger, so the inputs are read with plain
    SQL (no model instances, no per-value conversion) and only the items that end up suggested are loaded as models.
    """
    today = today or timezone.localdate()
    item, rule, offer_table = Item._meta.db_table, ReorderRule._meta.db_table, SupplierOffer._meta.db_table
    where, params = _in("i.id", item_ids)
    rows = _rows(
        f"SELECT i.id, i.preferred_supplier_id, r.method, r.min_quantity, r.max_quantity, r.lookback_days, "  # noqa: S608
        f"r.review_days, r.service_level FROM {item} i LEFT JOIN {rule} r ON r.item_id = i.id "
        f"WHERE i.archived_at IS NULL{where}",
        params,
    )
    default = (
        DEFAULT_RULE.method,
        None,
        None,
        DEFAULT_RULE.lookback_days,
        DEFAULT_RULE.review_days,
        DEFAULT_RULE.service_level,
    )
    windows = {row[5] or default[3] for row in rows if (row[2] or default[0]) == ReorderMethod.AUTOMATIC}
    usage = {days: _usage(today - dt.timedelta(days=days), today, item_ids) for days in windows}

    where, params = _in("item_id", item_ids)
    on_hand = dict(
        _rows(
            f"SELECT item_id, SUM(on_hand) FROM {StockLevel._meta.db_table} WHERE 1 = 1{where} GROUP BY item_id", params
        )
    )
    on_order = _sum_by_item(
        PurchaseOrderLine.objects.filter(order__status__in=OPEN_ORDER_STATUSES),
        Sum(F("quantity") - F("received_quantity")),
    )
    requested = _sum_by_item(SupplyRequest.objects.filter(status=RequestStatus.OPEN), Sum("quantity"))
    suppliers = {s.pk: s for s in Supplier.objects.filter(archived_at__isnull=True)}
    by_pair: dict[tuple[int, int], tuple] = {}
    cheapest: dict[int, tuple] = {}
    for offer in _rows(
        f"SELECT item_id, supplier_id, price, pack_size, min_quantity FROM {offer_table} WHERE 1 = 1{where} "
        "ORDER BY price",
        params,
    ):
        if offer[1] in suppliers:
            by_pair[(offer[0], offer[1])] = offer
            cheapest.setdefault(offer[0], offer)
    z_of: dict = {}

    chosen: list[dict] = []
    for item_id, preferred_id, *rule_values in rows:
        method, low, high, lookback, review, level = default if rule_values[0] is None else rule_values
        wanted = requested.get(item_id, ZERO)
        numbers: dict = {}
        if method == ReorderMethod.AUTOMATIC:
            total, squares = usage[lookback].get(item_id, (0.0, 0.0))
            if total == 0 and not all_items and wanted == 0:
                continue  # nothing used, nothing asked for: nothing to plan
        offer = by_pair.get((item_id, preferred_id)) or cheapest.get(item_id)
        supplier = suppliers.get(offer[1]) if offer else suppliers.get(preferred_id)
        lead = supplier.lead_time_days if supplier else 7
        have, ordered = on_hand.get(item_id) or 0, on_order.get(item_id, ZERO)
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
    items = Item.objects.select_related("unit").in_bulk([values["item_id"] for values in chosen])
    found = []
    for values in chosen:
        suggestion = Suggestion(item=items[values.pop("item_id")], **values)
        if suggestion.supplier is None and suggestion.quantity:
            suggestion.notes.append(_("No supplier offers this item: add an offer to order it."))
        found.append(suggestion)
    found.sort(key=lambda s: s.item.sku)
    return found


def below_reorder_point(today: dt.date | None = None) -> list[Suggestion]:
    return [s for s in suggestions(today=today) if s.quantity > 0]
