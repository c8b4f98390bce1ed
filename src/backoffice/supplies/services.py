"""Every change of supplies data: permission-checked, validated, audited, in one transaction.

Stock moves only through `_move`: it appends the ledger row and updates the cached on-hand with a conditional
`UPDATE … SET on_hand = on_hand - q WHERE on_hand >= q`, so two people taking the last units cannot both succeed.
An issue also adds to the consumption summary the reports read (supplies.consumption), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backoffice.core.audit import record_change
from backoffice.core.contacts import normalize_phone
from backoffice.core.context import current_actor
from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.notifications import notify
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import archive_record, create_record, update_record
from backoffice.core.text import fold
from backoffice.people.choices import Area
from backoffice.people.models import Department, Employee
from backoffice.people.selectors import employee_of, responsible_for
from backoffice.supplies import consumption
from backoffice.supplies.choices import (
    CountStatus,
    MovementKind,
    OrderLanguage,
    OrderStatus,
    ReorderMethod,
    RequestStatus,
    VatRate,
)
from backoffice.supplies.models import (
    Item,
    ItemPack,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    ReorderRule,
    StockCount,
    StockCountLine,
    StockLevel,
    StockMovement,
    Supplier,
    SupplierOffer,
    SupplyRequest,
    Unit,
)

Actor = AbstractBaseUser | None
MAX_QUANTITY = Decimal("99999999999")


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


def quantity_value(raw: Any, field: str = "quantity", *, allow_zero: bool = False) -> Decimal:
    """A positive quantity with at most three decimals, or an error naming the field."""
    try:
        value = Decimal(str(raw).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise InvalidInput(fields={field: [_("Enter a number.")]}) from None
    if not value.is_finite():
        raise InvalidInput(fields={field: [_("Enter a number.")]})
    if value < 0 or (value == 0 and not allow_zero):
        message = _("The quantity cannot be negative.") if allow_zero else _("The quantity must be more than zero.")
        raise InvalidInput(fields={field: [message]})
    if value != value.quantize(Decimal("0.001")) or value > MAX_QUANTITY:
        raise InvalidInput(fields={field: [_("Use at most three decimal places and a sensible size.")]})
    return value


def in_base_units(item: Item, raw: Any, pack: ItemPack | None, field: str = "quantity", **options: Any) -> Decimal:
    """A quantity typed in packs (a box of 10) as base units (10 pcs); without a pack it is already in base units."""
    if pack is None:
        return quantity_value(raw, field, **options)
    if pack.item_id != item.pk:
        raise InvalidInput(fields={"pack": [_("This pack belongs to another item.")]})
    packs = quantity_value(raw, field, **options)
    return quantity_value(packs * pack.quantity, field, **options)


def _amount(quantity: Decimal, item: Item) -> str:
    return f"{quantity.normalize():f} {item.unit.code}"


# --- catalogue ----------------------------------------------------------------------------------


def unit_create(*, actor: Actor, code: str, name: str) -> Unit:
    ensure(actor, "supplies.add_unit")
    return create_record(Unit, code=(code or "").strip(), name=(name or "").strip())


def location_create(*, actor: Actor, code: str, room: str, cabinet: str = "") -> Location:
    ensure(actor, "supplies.add_location")
    return create_record(
        Location, code=(code or "").strip().upper(), room=(room or "").strip(), cabinet=cabinet.strip()
    )


SUPPLIER_FIELDS = {
    "name",
    "ico",
    "dic",
    "contact_person",
    "phone",
    "email",
    "order_email",
    "lead_time_days",
    "min_order_value",
}


def _supplier_clean(values: dict[str, Any]) -> dict[str, Any]:
    for key in ("name", "ico", "dic", "contact_person", "phone", "email", "order_email"):
        if key in values and values[key] is not None:
            values[key] = str(values[key]).strip()
    if values.get("ico"):
        values["ico"] = (
            values["ico"].replace(" ", "").zfill(8) if values["ico"].replace(" ", "").isdigit() else values["ico"]
        )
    if values.get("dic"):
        values["dic"] = values["dic"].replace(" ", "").upper()
    if "phone" in values:
        values["phone_e164"] = normalize_phone(values.get("phone") or "")
        if values.get("phone") and not values["phone_e164"]:
            raise InvalidInput(fields={"phone": [_("This is not a valid phone number.")]})
    return values


def supplier_create(*, actor: Actor, **values: Any) -> Supplier:
    ensure(actor, "supplies.add_supplier")
    _only(values, SUPPLIER_FIELDS)
    return create_record(Supplier, **_supplier_clean(values))


def supplier_update(*, actor: Actor, supplier: Supplier, reason: str = "", **changes: Any) -> Supplier:
    ensure(actor, "supplies.change_supplier")
    _only(changes, SUPPLIER_FIELDS)
    return update_record(supplier, reason=reason, **_supplier_clean(changes))


def supplier_archive(*, actor: Actor, supplier: Supplier, reason: str = "") -> Supplier:
    ensure(actor, "supplies.delete_supplier")
    return archive_record(supplier, reason=reason)


ITEM_FIELDS = {"sku", "name", "category", "unit", "ean", "preferred_supplier"}


def item_search_text(values: dict[str, Any]) -> str:
    parts = [values.get(k) or "" for k in ("sku", "name", "category", "ean")]
    return fold(" ".join(str(p) for p in parts))[:400]


def _item_clean(values: dict[str, Any]) -> dict[str, Any]:
    for key in ("sku", "name", "category", "ean"):
        if key in values and values[key] is not None:
            values[key] = str(values[key]).strip()
    if values.get("sku"):
        values["sku"] = values["sku"].upper()
    return values


def item_create(*, actor: Actor, **values: Any) -> Item:
    ensure(actor, "supplies.add_item")
    _only(values, ITEM_FIELDS)
    values = _item_clean(values)
    if values.get("sku") and Item.objects.filter(sku=values["sku"]).exists():
        raise InvalidInput(fields={"sku": [_("The SKU %(sku)s is already used.") % {"sku": values["sku"]}]})
    return create_record(Item, search_text=item_search_text(values), **values)


def item_update(*, actor: Actor, item: Item, reason: str = "", **changes: Any) -> Item:
    ensure(actor, "supplies.change_item")
    _only(changes, ITEM_FIELDS)
    changes = _item_clean(changes)
    if changes.get("sku") and Item.objects.filter(sku=changes["sku"]).exclude(pk=item.pk).exists():
        raise InvalidInput(fields={"sku": [_("The SKU %(sku)s is already used.") % {"sku": changes["sku"]}]})
    merged = {k: getattr(item, k) for k in ("sku", "name", "category", "ean")} | changes
    return update_record(item, reason=reason, search_text=item_search_text(merged), **changes)


def item_archive(*, actor: Actor, item: Item, reason: str = "") -> Item:
    ensure(actor, "supplies.delete_item")
    return archive_record(item, reason=reason)


OFFER_FIELDS = {"supplier_sku", "price", "currency", "pack_size", "min_quantity"}


def offer_create(*, actor: Actor, supplier: Supplier, item: Item, **values: Any) -> SupplierOffer:
    ensure(actor, "supplies.add_supplieroffer")
    _only(values, OFFER_FIELDS)
    if "pack_size" in values:
        values["pack_size"] = quantity_value(values["pack_size"], "pack_size")
    if SupplierOffer.objects.filter(supplier=supplier, item=item).exists():
        raise InvalidInput(fields={"item": [_("This supplier already has an offer for this item.")]})
    return create_record(SupplierOffer, supplier=supplier, item=item, **values)


def offer_update(*, actor: Actor, offer: SupplierOffer, **changes: Any) -> SupplierOffer:
    ensure(actor, "supplies.change_supplieroffer")
    _only(changes, OFFER_FIELDS)
    return update_record(offer, **changes)


PACK_FIELDS = {"name", "quantity", "ean"}


def item_pack_create(*, actor: Actor, item: Item, name: str, quantity: Any, ean: str = "") -> ItemPack:
    """Another unit the item comes in, e.g. "box" = 10 pcs; its barcode can be scanned when counting."""
    ensure(actor, "supplies.change_item")
    name, ean = (name or "").strip(), (ean or "").strip()
    if not name:
        raise InvalidInput(fields={"name": [_("Name the pack, e.g. box.")]})
    if name.lower() == item.unit.code.lower():
        raise InvalidInput(fields={"name": [_("This is the item's own unit; name the pack differently.")]})
    units = quantity_value(quantity, "quantity")
    if ItemPack.objects.filter(item=item, name__iexact=name).exists():
        raise InvalidInput(fields={"name": [_("This item already has a pack of this name.")]})
    if ean and (Item.objects.filter(ean=ean).exists() or ItemPack.objects.filter(ean=ean).exists()):
        raise InvalidInput(fields={"ean": [_("The barcode %(ean)s is already used.") % {"ean": ean}]})
    return create_record(ItemPack, item=item, name=name, quantity=units, ean=ean)


def item_pack_delete(*, actor: Actor, pack: ItemPack) -> None:
    ensure(actor, "supplies.change_item")
    with transaction.atomic():
        record_change(pack, AuditEntry.Action.DELETE)
        pack.delete()


def pack_for(item: Item, pack_id: Any, field: str = "pack") -> ItemPack | None:
    """The item's pack by id (from a form or the API), or a clear error naming the field."""
    if pack_id in (None, ""):
        return None
    found = ItemPack.objects.filter(item=item, pk=pack_id).first() if str(pack_id).isdigit() else None
    if found is None:
        raise InvalidInput(fields={field: [_("This item has no such pack.")]})
    return found


# --- the stock ledger ---------------------------------------------------------------------------


def _add_to_level(item: Item, location: Location, quantity: Decimal) -> None:
    updated = StockLevel.objects.filter(item=item, location=location).update(on_hand=F("on_hand") + quantity)
    if updated:
        return
    try:
        with transaction.atomic():
            StockLevel.objects.create(item=item, location=location, on_hand=quantity)
    except IntegrityError:  # someone created the row a moment ago: add to theirs
        StockLevel.objects.filter(item=item, location=location).update(on_hand=F("on_hand") + quantity)


def _take_from_level(item: Item, location: Location, quantity: Decimal, field: str) -> None:
    # One conditional UPDATE: the row lock makes the check and the subtraction one step, on every database.
    taken = StockLevel.objects.filter(item=item, location=location, on_hand__gte=quantity).update(
        on_hand=F("on_hand") - quantity
    )
    if taken:
        return
    level = StockLevel.objects.filter(item=item, location=location).values_list("on_hand", flat=True).first()
    have = level or Decimal("0")
    raise InvalidInput(
        _("Only %(have)s of %(item)s are in %(location)s; %(wanted)s cannot be taken.")
        % {"have": _amount(have, item), "item": item.name, "location": location, "wanted": _amount(quantity, item)},
        fields={field: [_("Only %(have)s in stock here.") % {"have": _amount(have, item)}]},
        code="insufficient_stock",
    )


def _move(
    *,
    kind: str,
    item: Item,
    quantity: Any,
    from_location: Location | None = None,
    to_location: Location | None = None,
    reason: str = "",
    occurred_at: dt.datetime | None = None,
    **extra: Any,
) -> StockMovement:
    quantity = quantity_value(quantity)
    if item.archived_at is not None and kind in (MovementKind.RECEIPT, MovementKind.ISSUE):
        raise InvalidInput(fields={"item": [_("This item is archived.")]})
    for location, field in ((from_location, "from_location"), (to_location, "to_location")):
        if location is not None and location.archived_at is not None:
            raise InvalidInput(fields={field: [_("This location is no longer used.")]})
    at = occurred_at or timezone.now()
    with transaction.atomic():
        if from_location is not None:
            _take_from_level(item, from_location, quantity, "quantity")
        if to_location is not None:
            _add_to_level(item, to_location, quantity)
        movement = StockMovement.objects.create(
            item=item,
            kind=kind,
            quantity=quantity,
            from_location=from_location,
            to_location=to_location,
            reason=(reason or "")[:300],
            occurred_at=at,
            occurred_on=timezone.localtime(at).date(),
            actor_label=current_actor().label[:150],
            **extra,
        )
        consumption.count_issue(movement)
        record_change(movement, AuditEntry.Action.CREATE, reason=reason or "")
    return movement


def stock_receive(
    *,
    actor: Actor,
    item: Item,
    location: Location,
    quantity: Any,
    unit_cost: Decimal | None = None,
    reason: str = "",
    pack: ItemPack | None = None,
) -> StockMovement:
    """Goods arrive; with a pack, the quantity is in packs (3 boxes of 10 = 30 pcs)."""
    ensure(actor, "supplies.move_stock")
    return _move(
        kind=MovementKind.RECEIPT,
        item=item,
        quantity=in_base_units(item, quantity, pack),
        to_location=location,
        unit_cost=unit_cost,
        reason=reason,
    )


def _cost_of(item: Item) -> Decimal | None:
    """What the last receipt cost, else the preferred (or cheapest) offer: the value of what is issued."""
    last = (
        StockMovement.objects.filter(item=item, kind=MovementKind.RECEIPT, unit_cost__isnull=False)
        .order_by("-occurred_at")
        .values_list("unit_cost", flat=True)
        .first()
    )
    if last is not None:
        return last
    offer = SupplierOffer.objects.filter(item=item).order_by("price").values_list("price", flat=True).first()
    return offer


def stock_issue(
    *,
    actor: Actor,
    item: Item,
    location: Location,
    quantity: Any,
    department: Department | None = None,
    employee: Employee | None = None,
    reason: str = "",
    pack: ItemPack | None = None,
) -> StockMovement:
    """Consumption: taken from stock for a department or a person."""
    ensure(actor, "supplies.move_stock")
    if department is None and employee is not None:
        department = employee.department
    return _move(
        kind=MovementKind.ISSUE,
        item=item,
        quantity=in_base_units(item, quantity, pack),
        from_location=location,
        department=department,
        employee=employee,
        unit_cost=_cost_of(item),
        reason=reason,
    )


def stock_transfer(
    *, actor: Actor, item: Item, from_location: Location, to_location: Location, quantity: Any, reason: str = ""
) -> StockMovement:
    ensure(actor, "supplies.move_stock")
    if from_location == to_location:
        raise InvalidInput(fields={"to_location": [_("Choose a different location to move the stock to.")]})
    return _move(
        kind=MovementKind.TRANSFER,
        item=item,
        quantity=quantity,
        from_location=from_location,
        to_location=to_location,
        reason=reason,
    )


def stock_adjust(*, actor: Actor, item: Item, location: Location, difference: Any, reason: str) -> StockMovement:
    """A correction found by counting: positive adds, negative removes. The reason is required."""
    ensure(actor, "supplies.move_stock")
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the stock is corrected.")]})
    try:
        signed = Decimal(str(difference).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(fields={"difference": [_("Enter a number.")]}) from None
    if signed == 0 or not signed.is_finite():
        raise InvalidInput(fields={"difference": [_("The difference must not be zero.")]})
    side = {"to_location": location} if signed > 0 else {"from_location": location}
    return _move(kind=MovementKind.ADJUSTMENT, item=item, quantity=abs(signed), reason=reason, **side)


def stock_write_off(*, actor: Actor, item: Item, location: Location, quantity: Any, reason: str) -> StockMovement:
    ensure(actor, "supplies.move_stock")
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the stock is written off.")]})
    return _move(kind=MovementKind.WRITE_OFF, item=item, quantity=quantity, from_location=location, reason=reason)


# --- requests -----------------------------------------------------------------------------------


def supply_request_create(*, actor: Actor, item: Item, quantity: Any, note: str = "") -> SupplyRequest:
    """Any employee asks for supplies; the back office sees it on "My work"."""
    ensure(actor, "supplies.add_supplyrequest")
    requester = employee_of(actor) if actor is not None else None
    if requester is None:
        raise InvalidInput(_("Only employees can ask for supplies; your login is not linked to an employee."))
    if item.archived_at is not None:
        raise InvalidInput(fields={"item": [_("This item is no longer stocked.")]})
    return create_record(
        SupplyRequest, requester=requester, item=item, quantity=quantity_value(quantity), note=(note or "").strip()
    )


def _tell_requester(request: SupplyRequest, title: Promise, values: dict[str, Any], body: Promise | str = "") -> None:
    """`title` (and `body` when it is a lazy message, not the handler's own words) are formatted with `values` in
    the requester's language, not the handler's."""
    requester = request.requester.user
    if requester is None:
        return
    with speaking_to(requester):
        notify(
            recipient=requester,
            title=title % values,
            body=body % values if isinstance(body, Promise) else body,
            url=reverse("supplies:request_list"),
        )


def _ensure_open(request: SupplyRequest) -> None:
    if request.status != RequestStatus.OPEN:
        raise Conflict(_("This request has already been handled."))


def supply_request_issue(*, actor: Actor, request: SupplyRequest, location: Location) -> SupplyRequest:
    ensure(actor, "supplies.change_supplyrequest", "supplies.move_stock")
    with transaction.atomic():
        request = SupplyRequest.objects.select_for_update().select_related("item__unit", "requester").get(pk=request.pk)
        _ensure_open(request)
        _move(
            kind=MovementKind.ISSUE,
            item=request.item,
            quantity=request.quantity,
            from_location=location,
            employee=request.requester,
            department=request.requester.department,
            unit_cost=_cost_of(request.item),
            reason=_("Request #%(id)s") % {"id": request.pk},
        )
        update_record(request, status=RequestStatus.ISSUED, handled_by=actor, handled_at=timezone.now())
        _tell_requester(
            request,
            gettext_lazy("Your supplies are ready: %(amount)s %(item)s"),
            {"amount": _amount(request.quantity, request.item), "item": request.item.name, "location": location},
            gettext_lazy("Pick them up at %(location)s."),
        )
    return request


def supply_request_order(*, actor: Actor, request: SupplyRequest, answer: str = "") -> SupplyRequest:
    """Not in stock: the back office will order it, and tells the requester so."""
    ensure(actor, "supplies.change_supplyrequest")
    with transaction.atomic():
        _ensure_open(request)
        update_record(
            request, status=RequestStatus.ORDERED, handled_by=actor, handled_at=timezone.now(), answer=answer[:300]
        )
        _tell_requester(request, gettext_lazy("%(item)s is being ordered for you"), {"item": request.item.name}, answer)
    return request


def supply_request_reject(*, actor: Actor, request: SupplyRequest, answer: str) -> SupplyRequest:
    ensure(actor, "supplies.change_supplyrequest")
    if not (answer or "").strip():
        raise InvalidInput(fields={"answer": [_("Tell the requester why.")]})
    with transaction.atomic():
        _ensure_open(request)
        update_record(
            request, status=RequestStatus.REJECTED, handled_by=actor, handled_at=timezone.now(), answer=answer[:300]
        )
        _tell_requester(
            request, gettext_lazy("Your request for %(item)s was declined"), {"item": request.item.name}, answer
        )
    return request


# --- reorder rules ------------------------------------------------------------------------------

RULE_FIELDS = {"method", "min_quantity", "max_quantity", "lookback_days", "review_days", "service_level"}


def _rule_clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("min_quantity", "max_quantity"):
        if values.get(name) not in (None, ""):
            values[name] = quantity_value(values[name], name, allow_zero=True)
        elif name in values:
            values[name] = None
    if values.get("method") is not None and values["method"] not in ReorderMethod.values:
        raise InvalidInput(fields={"method": [_("Choose manual or automatic.")]})
    return values


def reorder_rule_set(*, actor: Actor, item: Item, location: Location | None = None, **values: Any) -> ReorderRule:
    """The rule for an item at one location, or (location None) for its stock at every location without a rule."""
    ensure(actor, "supplies.change_reorderrule")
    _only(values, RULE_FIELDS)
    values = _rule_clean(values)
    if location is not None and location.archived_at is not None:
        raise InvalidInput(fields={"location": [_("This location is no longer used.")]})
    rule = ReorderRule.objects.filter(item=item, location=location).first()
    if rule is None:
        ensure(actor, "supplies.add_reorderrule")
        return create_record(ReorderRule, item=item, location=location, **values)
    return update_record(rule, **values)


def reorder_rule_delete(*, actor: Actor, rule: ReorderRule) -> None:
    """Without a rule, an item is planned automatically (or, if it has rules for other locations, not here)."""
    ensure(actor, "supplies.delete_reorderrule")
    with transaction.atomic():
        record_change(rule, AuditEntry.Action.DELETE)
        rule.delete()


# --- purchase orders ----------------------------------------------------------------------------


def _next_number() -> str:
    year = timezone.localdate().year
    prefix = f"PO-{year}-"
    last = (
        PurchaseOrder.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    ).first()
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _offer_price(supplier: Supplier, item: Item) -> Decimal:
    price = SupplierOffer.objects.filter(supplier=supplier, item=item).values_list("price", flat=True).first()
    return price if price is not None else Decimal("0")


def purchase_order_create(
    *,
    actor: Actor,
    supplier: Supplier,
    location: Location,
    lines: list[dict[str, Any]],
    language: str = "cs",
    note: str = "",
) -> PurchaseOrder:
    """A draft order; each line: item, quantity, and optionally unit_price (else the supplier's offer) and vat_rate."""
    ensure(actor, "supplies.add_purchaseorder")
    if supplier.archived_at is not None:
        raise InvalidInput(fields={"supplier": [_("This supplier is archived.")]})
    if location is None or location.archived_at is not None:
        raise InvalidInput(fields={"location": [_("Choose where the goods should be delivered.")]})
    if language not in OrderLanguage.values:
        raise InvalidInput(fields={"language": [_("Choose Czech or English.")]})
    if not lines:
        raise InvalidInput(fields={"lines": [_("An order needs at least one line.")]})
    with transaction.atomic():
        order = create_record(
            PurchaseOrder,
            number=_next_number(),
            supplier=supplier,
            location=location,
            language=language,
            note=note,
            currency=settings.CURRENCY,
            created_by=actor,
        )
        for index, line in enumerate(lines, start=1):
            _add_line(order, line, index)
    return order


def _add_line(order: PurchaseOrder, line: dict[str, Any], index: int) -> PurchaseOrderLine:
    field = f"lines.{index}"
    item = line.get("item")
    if item is None:
        raise InvalidInput(fields={f"{field}.item": [_("Line %(n)s: choose an item.") % {"n": index}]})
    if item.archived_at is not None:
        raise InvalidInput(fields={f"{field}.item": [_("Line %(n)s: this item is archived.") % {"n": index}]})
    pack = line.get("pack")
    if pack is not None and pack.item_id != item.pk:
        raise InvalidInput(
            fields={f"{field}.pack": [_("Line %(n)s: this pack belongs to another item.") % {"n": index}]}
        )
    try:
        quantity = in_base_units(item, line.get("quantity"), pack, f"{field}.quantity")
    except InvalidInput as exc:
        raise InvalidInput(
            _("Line %(n)s: %(problem)s") % {"n": index, "problem": " ".join(sum(exc.fields.values(), []))},
            fields=exc.fields,
        ) from None
    vat = str(line.get("vat_rate") or VatRate.STANDARD)
    if vat not in VatRate.values:
        raise InvalidInput(fields={f"{field}.vat_rate": [_("VAT is 21, 12 or 0 %.")]})
    price = line.get("unit_price")
    try:
        price = _offer_price(order.supplier, item) if price in (None, "") else Decimal(str(price).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(fields={f"{field}.unit_price": [_("Line %(n)s: enter a price.") % {"n": index}]}) from None
    if not price.is_finite() or price != price.quantize(Decimal("0.01")) or price > MAX_QUANTITY:
        raise InvalidInput(fields={f"{field}.unit_price": [_("Use at most two decimal places and a sensible size.")]})
    if price < 0:
        raise InvalidInput(fields={f"{field}.unit_price": [_("The price cannot be negative.")]})
    order_line = PurchaseOrderLine.objects.create(
        order=order, item=item, quantity=quantity, unit_price=price, vat_rate=vat
    )
    record_change(order_line, AuditEntry.Action.CREATE)
    return order_line


def order_totals(order: PurchaseOrder) -> dict[str, Any]:
    """Net, VAT per rate and gross, rounded per rate as a Czech invoice does."""
    by_rate: dict[str, Decimal] = {}
    for line in order.lines.all():
        by_rate[line.vat_rate] = by_rate.get(line.vat_rate, Decimal("0")) + line.net
    vat = {rate: (net * Decimal(rate) / 100).quantize(Decimal("0.01")) for rate, net in by_rate.items()}
    net = sum(by_rate.values(), Decimal("0"))
    return {"net": net, "by_rate": by_rate, "vat": vat, "gross": net + sum(vat.values(), Decimal("0"))}


def _status_message(order: PurchaseOrder) -> str:
    """Why nothing can be done: one whole sentence per status, so each language can word it its own way."""
    messages = {
        OrderStatus.DRAFT: _("The order %(number)s is still a draft; this cannot be done now."),
        OrderStatus.AWAITING_APPROVAL: _("The order %(number)s is waiting for approval; this cannot be done now."),
        OrderStatus.APPROVED: _("The order %(number)s has been approved but not sent; this cannot be done now."),
        OrderStatus.SENT: _("The order %(number)s has already been sent; this cannot be done now."),
        OrderStatus.PARTLY_RECEIVED: _("Part of the order %(number)s has already arrived; this cannot be done now."),
        OrderStatus.RECEIVED: _("The order %(number)s has been received in full; this cannot be done now."),
        OrderStatus.CANCELLED: _("The order %(number)s was cancelled; this cannot be done now."),
    }
    return messages[order.status] % {"number": order.number}


def _ensure_status(order: PurchaseOrder, *allowed: str) -> None:
    if order.status not in allowed:
        raise Conflict(_status_message(order))


def needs_approval(order: PurchaseOrder) -> bool:
    return order_totals(order)["net"] > Decimal(settings.SUPPLIES_APPROVAL_LIMIT)


def purchase_order_submit(*, actor: Actor, order: PurchaseOrder) -> PurchaseOrder:
    """Draft → approved at once when small, else → awaiting the office manager (or whoever covers)."""
    ensure(actor, "supplies.change_purchaseorder")
    with transaction.atomic():
        order = PurchaseOrder.objects.select_for_update().select_related("supplier").get(pk=order.pk)
        _ensure_status(order, OrderStatus.DRAFT)
        if not order.lines.exists():
            raise InvalidInput(fields={"lines": [_("An order needs at least one line.")]})
        net = order_totals(order)["net"]
        if net < order.supplier.min_order_value:
            raise InvalidInput(
                _("%(supplier)s delivers orders from %(minimum)s %(currency)s; this one is %(net)s.")
                % {
                    "supplier": order.supplier.name,
                    "minimum": order.supplier.min_order_value,
                    "currency": order.currency,
                    "net": net,
                },
                fields={"lines": [_("Below the supplier's minimum order value.")]},
            )
        if needs_approval(order):
            update_record(order, status=OrderStatus.AWAITING_APPROVAL)
            for approver in approvers_now():
                if approver.user is not None:
                    with speaking_to(approver.user):
                        notify(
                            recipient=approver.user,
                            title=_("Purchase order %(number)s waits for your approval") % {"number": order.number},
                            url=reverse("supplies:order_detail", args=[order.pk]),
                        )
        else:
            update_record(order, status=OrderStatus.APPROVED, approved_at=timezone.now())
    return order


def office_managers() -> list[Employee]:
    from backoffice.core.roles import OFFICE_MANAGER

    return list(
        Employee.objects.filter(
            user__groups__name=OFFICE_MANAGER, user__is_active=True, archived_at__isnull=True
        ).select_related("user", "manager")
    )


def approvers_now() -> list[Employee]:
    """The office managers, or whoever covers their supplies duties today."""
    found: dict[int, Employee] = {}
    for manager in office_managers():
        handler = responsible_for(manager, Area.SUPPLIES)
        found[handler.pk] = handler
    return list(found.values())


def may_approve(actor: Actor, order: PurchaseOrder) -> bool:
    """Holders of the approval permission (unless away and covered), and whoever covers an office manager."""
    if actor is None:
        return True
    me = employee_of(actor)
    if can(actor, "supplies.approve_purchaseorder"):
        return me is None or responsible_for(me, Area.SUPPLIES).pk == me.pk
    return me is not None and me.pk in {e.pk for e in approvers_now()}


def purchase_order_approve(*, actor: Actor, order: PurchaseOrder) -> PurchaseOrder:
    if not may_approve(actor, order):
        raise NotAllowed(_("Only the office manager, or whoever covers for them, approves purchase orders."))
    with transaction.atomic():
        order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
        _ensure_status(order, OrderStatus.AWAITING_APPROVAL)
        if actor is not None and order.created_by_id == actor.pk and not settings.SUPPLIES_SELF_APPROVAL:
            raise NotAllowed(_("You cannot approve an order you created yourself; another approver must do it."))
        update_record(order, status=OrderStatus.APPROVED, approved_by=actor, approved_at=timezone.now())
        if order.created_by is not None:
            with speaking_to(order.created_by):
                notify(
                    recipient=order.created_by,
                    title=_("Purchase order %(number)s was approved") % {"number": order.number},
                    url=reverse("supplies:order_detail", args=[order.pk]),
                )
    return order


def purchase_order_send(*, actor: Actor, order: PurchaseOrder) -> PurchaseOrder:
    """Approved → sent: the PDF goes to the supplier's order address through the outbox."""
    from backoffice.supplies.documents import order_pdf

    ensure(actor, "supplies.change_purchaseorder")
    with transaction.atomic():
        order = PurchaseOrder.objects.select_for_update().select_related("supplier", "location").get(pk=order.pk)
        _ensure_status(order, OrderStatus.APPROVED)
        to = order.supplier.order_email or order.supplier.email
        if not to:
            raise InvalidInput(
                _("The supplier %(name)s has no e-mail address for orders.") % {"name": order.supplier.name},
                fields={"supplier": [_("Add the supplier's e-mail for orders first.")]},
            )
        expected = timezone.localdate() + dt.timedelta(days=order.supplier.lead_time_days)
        update_record(order, status=OrderStatus.SENT, sent_at=timezone.now(), expected_on=expected)
        with translation.override(order.language):  # the supplier reads the order's language
            enqueue_email(
                to=[to],
                subject=_("Purchase order %(number)s from %(company)s")
                % {"number": order.number, "company": settings.COMPANY_NAME},
                body=_("Good day,\n\nplease find our purchase order %(number)s attached.\n\n%(company)s")
                % {"number": order.number, "company": settings.COMPANY_NAME},
                attachments=[(f"{order.number}.pdf", order_pdf(order), "application/pdf")],
            )
    return order


def purchase_order_receive(*, actor: Actor, order: PurchaseOrder, quantities: dict[int, Any]) -> PurchaseOrder:
    """Book what arrived, line by line; what is still missing stays on order (a backorder)."""
    ensure(actor, "supplies.change_purchaseorder", "supplies.move_stock")
    with transaction.atomic():
        order = PurchaseOrder.objects.select_for_update().select_related("location").get(pk=order.pk)
        _ensure_status(order, OrderStatus.SENT, OrderStatus.PARTLY_RECEIVED)
        lines = {line.pk: line for line in order.lines.select_related("item__unit")}
        booked = 0
        for line_id, raw in quantities.items():
            line = lines.get(int(line_id))
            field = f"lines.{line_id}"
            if line is None:
                raise InvalidInput(fields={field: [_("This line is not on the order.")]})
            if raw in (None, "", 0, "0"):
                continue
            quantity = quantity_value(raw, field)
            if quantity > line.outstanding:
                raise InvalidInput(
                    _("%(item)s: %(got)s received but only %(left)s is still expected.")
                    % {
                        "item": line.item.name,
                        "got": _amount(quantity, line.item),
                        "left": _amount(line.outstanding, line.item),
                    },
                    fields={
                        field: [
                            _("More than ordered: at most %(left)s.") % {"left": _amount(line.outstanding, line.item)}
                        ]
                    },
                )
            _move(
                kind=MovementKind.RECEIPT,
                item=line.item,
                quantity=quantity,
                to_location=order.location,
                unit_cost=line.unit_price,
                order_line=line,
                reason=order.number,
            )
            before = {"received_quantity": str(line.received_quantity)}
            line.received_quantity += quantity
            line.save(update_fields=["received_quantity"])
            record_change(line, AuditEntry.Action.UPDATE, before=before)
            booked += 1
        if not booked:
            raise InvalidInput(fields={"lines": [_("Enter what arrived on at least one line.")]})
        complete = all(line.outstanding == 0 for line in lines.values())
        update_record(order, status=OrderStatus.RECEIVED if complete else OrderStatus.PARTLY_RECEIVED)
    return order


def purchase_order_cancel(*, actor: Actor, order: PurchaseOrder, reason: str = "") -> PurchaseOrder:
    ensure(actor, "supplies.change_purchaseorder")
    with transaction.atomic():
        order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
        _ensure_status(order, OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL, OrderStatus.APPROVED, OrderStatus.SENT)
        if order.lines.filter(received_quantity__gt=0).exists():
            raise Conflict(_("Part of this order has arrived; it cannot be cancelled."))
        update_record(order, reason=reason, status=OrderStatus.CANCELLED)
    return order


def orders_from_suggestions(
    *, actor: Actor, location: Location, item_ids: list[int] | None = None
) -> list[PurchaseOrder]:
    """One click: the current suggestions become draft orders, one per supplier and delivery place.

    A suggestion from a rule for one location is delivered there; the others go to `location`.
    """
    from backoffice.supplies.planning import suggestions

    ensure(actor, "supplies.add_purchaseorder")
    groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
    suppliers: dict[int, Supplier] = {}
    places: dict[int, Location] = {location.pk: location}
    for suggestion in suggestions(item_ids=item_ids):
        if suggestion.supplier is None or suggestion.quantity <= 0:
            continue
        place = suggestion.location or location
        places[place.pk] = place
        suppliers[suggestion.supplier.pk] = suggestion.supplier
        groups.setdefault((suggestion.supplier.pk, place.pk), []).append(
            {"item": suggestion.item, "quantity": suggestion.quantity, "unit_price": suggestion.unit_price}
        )
    if not groups:
        raise InvalidInput(_("Nothing needs ordering right now."))
    with transaction.atomic():
        return [
            purchase_order_create(actor=actor, supplier=suppliers[supplier], location=places[place], lines=lines)
            for (supplier, place), lines in groups.items()
        ]


# --- stock counts -------------------------------------------------------------------------------


def stock_count_open(*, actor: Actor, location: Location, category: str = "") -> StockCount:
    """Freeze what the books say is there now; movements during the count do not change the expectation."""
    ensure(actor, "supplies.add_stockcount")
    if StockCount.objects.filter(location=location, status=CountStatus.OPEN).exists():
        raise Conflict(_("A count of %(location)s is already open.") % {"location": location})
    with transaction.atomic():
        count = create_record(StockCount, location=location, category=(category or "").strip())
        levels = StockLevel.objects.filter(location=location, item__archived_at__isnull=True)
        if count.category:
            levels = levels.filter(item__category=count.category)
        StockCountLine.objects.bulk_create(
            [
                StockCountLine(count=count, item_id=item_id, expected=on_hand)
                for item_id, on_hand in levels.values_list("item_id", "on_hand")
            ]
        )
    return count


def stock_count_record(
    *, actor: Actor, count: StockCount, item: Item, counted: Any, pack: ItemPack | None = None
) -> StockCountLine:
    """What is on the shelf; with a pack (e.g. a box's barcode scanned), the count is in packs."""
    ensure(actor, "supplies.change_stockcount")
    if count.status != CountStatus.OPEN:
        raise Conflict(_("This count is closed."))
    value = in_base_units(item, counted, pack, "counted", allow_zero=True)
    with transaction.atomic():
        line, _created = StockCountLine.objects.get_or_create(
            count=count, item=item, defaults={"expected": Decimal("0")}
        )
        before = {"counted": None if line.counted is None else str(line.counted)}
        line.counted = value
        line.save(update_fields=["counted"])
        record_change(line, AuditEntry.Action.UPDATE, before=before)
    return line


def stock_count_post(*, actor: Actor, count: StockCount, reason: str) -> StockCount:
    """Differences become adjustment movements; the current on-hand moves by the difference only."""
    ensure(actor, "supplies.change_stockcount", "supplies.move_stock")
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the differences are posted (e.g. yearly stocktake).")]})
    with transaction.atomic():
        count = StockCount.objects.select_for_update().select_related("location").get(pk=count.pk)
        if count.status != CountStatus.OPEN:
            raise Conflict(_("This count is closed."))
        missing = count.lines.filter(counted__isnull=True).count()
        if missing:
            raise InvalidInput(
                ngettext("%(n)s item has not been counted yet.", "%(n)s items have not been counted yet.", missing)
                % {"n": missing}
            )
        for line in count.lines.select_related("item__unit"):
            if line.difference:
                side = {"to_location": count.location} if line.difference > 0 else {"from_location": count.location}
                _move(
                    kind=MovementKind.ADJUSTMENT, item=line.item, quantity=abs(line.difference), reason=reason, **side
                )
        update_record(count, status=CountStatus.POSTED, posted_at=timezone.now(), reason=reason)
    return count
