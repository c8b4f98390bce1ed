"""Items, where they are kept, who sells them; the append-only stock ledger; requests, rules, orders and counts."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import ArchivableModel, TimeStampedModel
from backoffice.supplies.choices import (
    CountStatus,
    MovementKind,
    OrderLanguage,
    OrderStatus,
    ReorderMethod,
    RequestStatus,
    VatRate,
)
from backoffice.supplies.validators import validate_ean, validate_ico

QTY = {"max_digits": 14, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Unit(TimeStampedModel):
    """A unit of measure items are counted in: pieces, reams, packs, kilograms."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Location(ArchivableModel):
    """Where stock is kept: a room, and a cabinet or shelf in it."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    room = models.CharField(_("room"), max_length=80)
    cabinet = models.CharField(_("cabinet"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.room} / {self.cabinet}" if self.cabinet else self.room


class Supplier(ArchivableModel):
    name = models.CharField(_("name"), max_length=200)
    ico = models.CharField(_("IČO"), max_length=8, blank=True, validators=[validate_ico])
    dic = models.CharField(_("DIČ"), max_length=14, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order_email = models.EmailField(_("e-mail for orders"), blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=3)
    min_order_value = models.DecimalField(_("minimum order value"), **MONEY, default=Decimal("0"))
    phone_e164 = models.CharField(max_length=20, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ico"],
                condition=~Q(ico=""),
                name="supplier_unique_ico",
                violation_error_message=_("A supplier with this IČO already exists."),
            ),
            models.CheckConstraint(
                condition=Q(min_order_value__gte=0),
                name="supplier_min_order_not_negative",
                violation_error_message=_("The minimum order value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Item(ArchivableModel):
    """Something the office keeps in stock. Generic on purpose: paper, coffee, a printer's toner alike."""

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=80, blank=True, db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="items")
    ean = models.CharField(_("barcode (EAN)"), max_length=14, blank=True, validators=[validate_ean])
    preferred_supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("preferred supplier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="preferred_items",
    )
    search_text = models.CharField(max_length=400, editable=False, default="")  # searched with LIKE %word%

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["sku", "id"]
        indexes = [
            models.Index(fields=["sku", "id"], condition=Q(archived_at__isnull=True), name="item_current_idx"),
            models.Index(fields=["ean"], name="item_ean_idx"),
        ]
        permissions = [("view_stock", _("Can see stock levels and movements")), ("move_stock", _("Can move stock"))]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class ItemPack(TimeStampedModel):
    """A pack an item also comes in, and how many base units it holds: a box of 10 pens = 10 pcs."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="packs")
    name = models.CharField(_("pack"), max_length=60)
    quantity = models.DecimalField(_("units in the pack"), **QTY)
    ean = models.CharField(_("barcode (EAN)"), max_length=14, blank=True, validators=[validate_ean])

    class Meta:
        verbose_name = _("pack")
        verbose_name_plural = _("packs")
        ordering = ["item_id", "quantity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "name"],
                name="item_pack_unique_name",
                violation_error_message=_("This item already has a pack of this name."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="item_pack_quantity_positive",
                violation_error_message=_("A pack must hold more than zero units."),
            ),
        ]
        indexes = [models.Index(fields=["ean"], name="item_pack_ean_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity.normalize():f} {self.item.unit.code})"


class SupplierOffer(TimeStampedModel):
    """What a supplier sells an item for, in which packs, from which quantity."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="offers")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="offers")
    supplier_sku = models.CharField(_("supplier's SKU"), max_length=60, blank=True)
    price = models.DecimalField(_("price per unit"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="CZK")
    pack_size = models.DecimalField(_("pack size (units)"), **QTY, default=Decimal("1"))
    min_quantity = models.DecimalField(_("minimum quantity (units)"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("supplier offer")
        verbose_name_plural = _("supplier offers")
        ordering = ["item_id", "price", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "item"],
                name="offer_one_per_supplier_item",
                violation_error_message=_("This supplier already has an offer for this item."),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="offer_price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(pack_size__gt=0),
                name="offer_pack_size_positive",
                violation_error_message=_("The pack size must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(min_quantity__gte=0),
                name="offer_min_quantity_not_negative",
                violation_error_message=_("The minimum quantity cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.item.sku}"


class StockLevel(models.Model):
    """On hand per item and location: a cache of the ledger, updated in the movement's transaction."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="levels")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="levels")
    on_hand = models.DecimalField(_("on hand"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["item", "location"], name="stock_level_one_per_place"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0),
                name="stock_level_not_negative",
                violation_error_message=_("There is not enough in stock."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.location_id}: {self.on_hand}"


class StockMovement(models.Model):
    """One line of the append-only ledger. Corrections are new movements, never edits."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=16, choices=MovementKind.choices)
    quantity = models.DecimalField(_("quantity"), **QTY)
    from_location = models.ForeignKey(
        Location, verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        Location, verbose_name=_("to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_cost = models.DecimalField(_("unit cost"), **MONEY, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    occurred_on = models.DateField(editable=False)  # the local day, for usage per day/month
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    order_line = models.ForeignKey(
        "PurchaseOrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "occurred_on", "item"], name="movement_usage_idx"),
            models.Index(fields=["item", "-occurred_at"], name="movement_item_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="movement_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(from_location__isnull=False) | Q(to_location__isnull=False),
                name="movement_has_a_location",
                violation_error_message=_("A movement needs a location."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} × {self.item_id}"


class ConsumptionDay(models.Model):
    """Issues from stock per local day and department, summed: what the consumption report reads instead of the
    ledger. Kept in the issue's own transaction (supplies.consumption) and rebuilt from the ledger by
    `consumption.rebuild` after bulk loads. A day, not a month, so any period of whole days is answered exactly."""

    day = models.DateField(_("day"))
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    issues = models.PositiveIntegerField(_("issues"), default=0)
    quantity = models.DecimalField(_("quantity"), max_digits=20, decimal_places=3, default=Decimal("0"))
    # Quantity × unit cost unrounded (3 + 2 places), so the report rounds a month's sum once, as the ledger would.
    cost = models.DecimalField(_("cost"), max_digits=24, decimal_places=5, default=Decimal("0"))

    class Meta:
        verbose_name = _("consumption per day")
        verbose_name_plural = _("consumption per day")
        ordering = ["day", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["day", "department"], name="consumption_day_one_per_department"),
            models.UniqueConstraint(
                fields=["day"], condition=Q(department__isnull=True), name="consumption_day_one_without_department"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}: {self.quantity}"


class SupplyRequest(TimeStampedModel):
    """An employee asks for something from the stock room."""

    requester = models.ForeignKey(
        "people.Employee", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="supply_requests"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="requests")
    quantity = models.DecimalField(_("quantity"), **QTY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("supply request")
        verbose_name_plural = _("supply requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "item"], name="supply_request_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="supply_request_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} · {self.quantity} × {self.item.name}"


class ReorderRule(TimeStampedModel):
    """How much of an item the office needs, at one location or (without a location) at all the others together:
    fixed min/max, or computed from what it uses."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="reorder_rules")
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reorder_rules",
        help_text=_("Empty: the stock at every location without a rule of its own."),
    )
    method = models.CharField(
        _("method"), max_length=16, choices=ReorderMethod.choices, default=ReorderMethod.AUTOMATIC
    )
    min_quantity = models.DecimalField(_("reorder point (minimum)"), **QTY, null=True, blank=True)
    max_quantity = models.DecimalField(_("order up to (maximum)"), **QTY, null=True, blank=True)
    lookback_days = models.PositiveSmallIntegerField(_("look-back window (days)"), default=90)
    review_days = models.PositiveSmallIntegerField(_("review period (days)"), default=14)
    service_level = models.DecimalField(_("service level"), max_digits=4, decimal_places=3, default=Decimal("0.950"))

    class Meta:
        verbose_name = _("reorder rule")
        verbose_name_plural = _("reorder rules")
        ordering = ["item_id", "location_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "location"],
                name="reorder_rule_one_per_place",
                violation_error_message=_("This item already has a rule for this location."),
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(location__isnull=True),
                name="reorder_rule_one_for_the_rest",
                violation_error_message=_("This item already has a rule for all locations."),
            ),
            models.CheckConstraint(
                condition=Q(method="automatic")
                | (
                    Q(min_quantity__isnull=False)
                    & Q(max_quantity__isnull=False)
                    & Q(max_quantity__gte=F("min_quantity"))
                ),
                name="reorder_rule_manual_min_max",
                violation_error_message=_("A manual rule needs a minimum and a maximum that is not below it."),
            ),
            models.CheckConstraint(
                condition=Q(service_level__gt=Decimal("0.5")) & Q(service_level__lt=1),
                name="reorder_rule_service_level_range",
                violation_error_message=_("The service level must be between 0.5 and 1 (e.g. 0.95)."),
            ),
            models.CheckConstraint(
                condition=Q(lookback_days__gte=7),
                name="reorder_rule_lookback_min",
                violation_error_message=_("Look back at least 7 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} @ {self.location}" if self.location_id else str(self.item)


class PurchaseOrder(TimeStampedModel):
    number = models.CharField(_("number"), max_length=20, unique=True)
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    language = models.CharField(_("language"), max_length=2, choices=OrderLanguage.choices, default=OrderLanguage.CZECH)
    currency = models.CharField(_("currency"), max_length=3, default="CZK")
    location = models.ForeignKey(Location, verbose_name=_("deliver to"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expected_on = models.DateField(_("expected delivery"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expected_on"], name="order_status_idx")]
        permissions = [("approve_purchaseorder", _("Can approve purchase orders above the limit"))]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="order_lines")
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    vat_rate = models.CharField(_("VAT"), max_length=2, choices=VatRate.choices, default=VatRate.STANDARD)
    received_quantity = models.DecimalField(_("received"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="order_line_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="order_line_price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(received_quantity__gte=0) & Q(received_quantity__lte=F("quantity")),
                name="order_line_received_within_ordered",
                violation_error_message=_("More cannot be received than was ordered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.quantity} × {self.item_id}"

    @property
    def net(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))

    @property
    def outstanding(self) -> Decimal:
        return self.quantity - self.received_quantity


class StockCount(TimeStampedModel):
    """A stocktake of a location (or a category): expected quantities are frozen when the count opens."""

    location = models.ForeignKey(Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="counts")
    category = models.CharField(_("category"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CountStatus.choices, default=CountStatus.OPEN)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.location} {self.created_at:%Y-%m-%d}" if self.created_at else str(self.location)


class StockCountLine(models.Model):
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    expected = models.DecimalField(_("expected"), **QTY)
    counted = models.DecimalField(_("counted"), **QTY, null=True, blank=True)

    class Meta:
        ordering = ["item__sku"]
        constraints = [
            models.UniqueConstraint(fields=["count", "item"], name="count_line_one_per_item"),
            models.CheckConstraint(
                condition=Q(counted__isnull=True) | Q(counted__gte=0),
                name="count_line_counted_not_negative",
                violation_error_message=_("A counted quantity cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.item_id}"

    @property
    def difference(self) -> Decimal | None:
        return None if self.counted is None else self.counted - self.expected


class ImportJob(TimeStampedModel):
    """A bulk import running as a background job: the page polls this record for progress and the row errors."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        CHECKING = "checking", _("checking rows")
        SAVING = "saving", _("saving")
        CHECKED = "checked", _("checked")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    kind = models.CharField(_("what"), max_length=16)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    file = models.CharField(max_length=200, editable=False)  # the upload's name in the default storage
    commit = models.BooleanField(_("import"), default=False)  # False: only check the rows and preview them
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    checked_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created = models.PositiveIntegerField(_("rows imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    columns = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.SAVING)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.CHECKED, self.Status.DONE, self.Status.FAILED):
            return 100
        if not self.total_rows:
            return 0
        done = self.checked_rows / self.total_rows
        return int(90 * done if self.commit else 100 * done)  # saving is the last tenth of an import
