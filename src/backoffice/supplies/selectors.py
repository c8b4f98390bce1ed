"""Reads of supplies data, restricted to what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from backoffice.core.permissions import can
from backoffice.people.selectors import employee_of
from backoffice.supplies.models import (
    ImportJob,
    Item,
    ItemPack,
    Location,
    PurchaseOrder,
    ReorderRule,
    StockCount,
    StockLevel,
    StockMovement,
    Supplier,
    SupplierOffer,
    SupplyRequest,
    Unit,
)


def items_visible_to(user: AbstractBaseUser) -> QuerySet[Item]:
    """The catalogue: every employee may browse it to ask for supplies."""
    if can(user, "supplies.view_item"):
        return Item.objects.select_related("unit")
    return Item.objects.none()


def current_item_count(user: AbstractBaseUser) -> int:
    """How many items are not archived, as items_visible_to(user) without archived ones would count them.

    SQLite counts a whole table from its index pages, but a count with a condition visits every row: at 50,000 items
    that took longer than the rest of the item list. Archived items are few, so they are counted and subtracted.
    """
    if not can(user, "supplies.view_item"):
        return 0
    return Item.objects.count() - Item.objects.filter(archived_at__isnull=False).count()


def units_visible_to(user: AbstractBaseUser) -> QuerySet[Unit]:
    return Unit.objects.all() if can(user, "supplies.view_item") else Unit.objects.none()


def locations_visible_to(user: AbstractBaseUser) -> QuerySet[Location]:
    return Location.objects.all() if can(user, "supplies.view_item") else Location.objects.none()


def suppliers_visible_to(user: AbstractBaseUser) -> QuerySet[Supplier]:
    return Supplier.objects.all() if can(user, "supplies.view_supplier") else Supplier.objects.none()


def offers_visible_to(user: AbstractBaseUser) -> QuerySet[SupplierOffer]:
    if can(user, "supplies.view_supplieroffer"):
        return SupplierOffer.objects.select_related("supplier", "item__unit")
    return SupplierOffer.objects.none()


def levels_visible_to(user: AbstractBaseUser) -> QuerySet[StockLevel]:
    if can(user, "supplies.view_stock"):
        return StockLevel.objects.select_related("item__unit", "location")
    return StockLevel.objects.none()


def movements_visible_to(user: AbstractBaseUser) -> QuerySet[StockMovement]:
    if can(user, "supplies.view_stock"):
        return StockMovement.objects.select_related(
            "item__unit", "from_location", "to_location", "department", "employee"
        )
    return StockMovement.objects.none()


def requests_visible_to(user: AbstractBaseUser) -> QuerySet[SupplyRequest]:
    """Those who run supplies see every request; everyone else their own."""
    rows = SupplyRequest.objects.select_related("item__unit", "requester")
    if can(user, "supplies.view_supplyrequest"):
        return rows
    me = employee_of(user)
    return rows.filter(requester=me) if me else rows.none()


def orders_visible_to(user: AbstractBaseUser) -> QuerySet[PurchaseOrder]:
    if can(user, "supplies.view_purchaseorder"):
        return PurchaseOrder.objects.select_related("supplier", "location", "created_by", "approved_by")
    return PurchaseOrder.objects.none()


def counts_visible_to(user: AbstractBaseUser) -> QuerySet[StockCount]:
    if can(user, "supplies.view_stockcount"):
        return StockCount.objects.select_related("location")
    return StockCount.objects.none()


def packs_visible_to(user: AbstractBaseUser) -> QuerySet[ItemPack]:
    """Packs are part of the catalogue: whoever sees items sees how they are packed."""
    if can(user, "supplies.view_item"):
        return ItemPack.objects.select_related("item__unit")
    return ItemPack.objects.none()


def find_by_code(user: AbstractBaseUser, code: str) -> tuple[Item | None, ItemPack | None]:
    """What a scanner typed: an item's SKU or barcode, or a pack's barcode (then counted in packs)."""
    code = (code or "").strip()
    if not code:
        return None, None
    item = items_visible_to(user).filter(Q(sku=code.upper()) | Q(ean=code)).first()
    if item is not None:
        return item, None
    pack = packs_visible_to(user).filter(ean=code).first()
    return (pack.item, pack) if pack is not None else (None, None)


def rules_visible_to(user: AbstractBaseUser) -> QuerySet[ReorderRule]:
    if can(user, "supplies.view_reorderrule"):
        return ReorderRule.objects.select_related("item__unit", "location")
    return ReorderRule.objects.none()


def import_jobs_visible_to(user: AbstractBaseUser) -> QuerySet[ImportJob]:
    """Those who may import something see the imports (theirs and their colleagues'); nobody else does."""
    from backoffice.supplies.imports import KINDS

    if any(can(user, spec.permission) for spec in KINDS.values()):
        return ImportJob.objects.select_related("created_by")
    return ImportJob.objects.none()
