"""Office equipment: assets and their service vendors, maintenance requests, meter readings, guides and plans."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import ArchivableModel, TimeStampedModel
from backoffice.core.secrets import EncryptedTextField
from backoffice.equipment.choices import (
    AssetFileKind,
    AssetStatus,
    Category,
    PollOutcome,
    Priority,
    ReadingSource,
    RequestKind,
    RequestStatus,
    SnmpAuthProtocol,
    SnmpPrivProtocol,
    SnmpVersion,
)


class Vendor(ArchivableModel):
    """A service company that repairs equipment under a contract (or on call)."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("service e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    phone_e164 = models.CharField(max_length=20, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("service vendor")
        verbose_name_plural = _("service vendors")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="vendor_name_unique", violation_error_message=_("This vendor already exists.")
            )
        ]

    def __str__(self) -> str:
        return self.name


class Asset(ArchivableModel):
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    manufacturer = models.CharField(_("manufacturer"), max_length=100)
    model_name = models.CharField(_("model"), max_length=150)
    serial_number = models.CharField(_("serial number"), max_length=100)
    inventory_number = models.CharField(_("inventory number"), max_length=50, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("assigned person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("assigned department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    purchase_price = models.DecimalField(
        _("purchase price"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    warranty_until = models.DateField(_("warranty end"), null=True, blank=True)
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("service vendor"), null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    contract_number = models.CharField(_("service contract number"), max_length=60, blank=True)
    response_hours = models.PositiveIntegerField(_("contract response time (hours)"), null=True, blank=True)
    contract_until = models.DateField(_("service contract expiry"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.IN_SERVICE)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    snmp_version = models.CharField(_("SNMP version"), max_length=2, choices=SnmpVersion.choices, blank=True)
    # The community (v2c) and the v3 keys are secrets: written, never shown back (pages, API, history).
    snmp_community = models.CharField(_("SNMP community"), max_length=100, blank=True)
    snmp_user = models.CharField(_("SNMP v3 user"), max_length=100, blank=True)
    snmp_auth_protocol = models.CharField(
        _("SNMP v3 authentication protocol"),
        max_length=10,
        choices=SnmpAuthProtocol.choices,
        default=SnmpAuthProtocol.SHA,
    )
    snmp_auth_key = EncryptedTextField(_("SNMP v3 authentication key"), max_length=100, blank=True)
    snmp_priv_protocol = models.CharField(
        _("SNMP v3 privacy protocol"),
        max_length=10,
        choices=SnmpPrivProtocol.choices,
        default=SnmpPrivProtocol.AES128,
    )
    snmp_priv_key = EncryptedTextField(_("SNMP v3 privacy key"), max_length=100, blank=True)
    snmp_context = models.CharField(_("SNMP v3 context name"), max_length=100, blank=True)
    snmp_port = models.PositiveIntegerField(_("SNMP port"), default=161)
    device_description = models.CharField(_("device description"), max_length=300, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    poll_outcome = models.CharField(_("last poll"), max_length=20, choices=PollOutcome.choices, blank=True)
    poll_error = models.CharField(_("last poll error"), max_length=500, blank=True)
    # A device that does not answer is polled again later and later (polling.POLL_RETRY_BASE … POLL_RETRY_CAP).
    poll_failures = models.PositiveIntegerField(_("failed polls in a row"), default=0, editable=False)
    poll_retry_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=500, editable=False, default="")  # searched with LIKE %word%

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["manufacturer", "model_name", "id"]
        indexes = [
            models.Index(fields=["archived_at", "manufacturer", "model_name", "id"], name="asset_list_idx"),
            models.Index(fields=["status", "id"], name="asset_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("serial_number"),
                name="asset_serial_unique",
                violation_error_message=_("An asset with this serial number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(purchase_price__isnull=True) | Q(purchase_price__gte=0),
                name="asset_price_not_negative",
                violation_error_message=_("The purchase price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(serial_number=""),
                name="asset_serial_required",
                violation_error_message=_("The serial number is required."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} {self.model_name} ({self.serial_number})"

    @property
    def name(self) -> str:
        return f"{self.manufacturer} {self.model_name}"

    def get_absolute_url(self) -> str:
        return reverse("equipment:asset_detail", args=[self.pk])

    audit_redacted = frozenset({"snmp_community", "snmp_auth_key", "snmp_priv_key"})  # see core.audit.snapshot

    @property
    def polls(self) -> bool:
        if not (self.ip_address and self.snmp_version):
            return False
        return bool(self.snmp_user if self.snmp_version == SnmpVersion.V3 else self.snmp_community)


class AssetFile(ArchivableModel):
    """A photo or a document of an asset (manual, invoice, service protocol). Served only through a checked view."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=AssetFileKind.choices, default=AssetFileKind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="equipment/assets/", max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("asset file")
        verbose_name_plural = _("asset files")
        ordering = ["kind", "-created_at", "-id"]
        indexes = [models.Index(fields=["asset", "archived_at"], name="asset_file_idx")]

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class MaintenanceRequest(TimeStampedModel):
    """A fault someone reported, or preventive maintenance a plan asked for; triaged, assigned, resolved."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices, default=RequestKind.FAULT)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="equipment_reports",
    )
    description = models.TextField(_("what is wrong"))
    photo = models.ImageField(_("photo"), upload_to="equipment/requests/", blank=True)
    out_of_service = models.BooleanField(_("the machine cannot be used"), default=False)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="equipment_requests",
    )
    vendor = models.ForeignKey(
        Vendor,
        verbose_name=_("assigned vendor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    plan = models.ForeignKey(
        "MaintenancePlan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    respond_by = models.DateTimeField(_("respond by"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    started_at = models.DateTimeField(_("work started"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    down_from = models.DateTimeField(_("out of service from"), null=True, blank=True)
    down_until = models.DateTimeField(_("out of service until"), null=True, blank=True)
    parts_cost = models.DecimalField(
        _("parts cost"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    labour_cost = models.DecimalField(
        _("labour cost"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    resolution = models.TextField(_("resolution notes"), blank=True)
    # Kept with the resolution so the fleet reports sum integers instead of subtracting 200,000 pairs of dates.
    repair_seconds = models.PositiveBigIntegerField(_("time to repair (s)"), null=True, blank=True, editable=False)
    down_seconds = models.PositiveBigIntegerField(_("time out of service (s)"), null=True, blank=True, editable=False)
    self_help = models.BooleanField(_("resolved by self-help"), default=False)
    checklist = models.TextField(_("checklist"), blank=True)

    class Meta:
        verbose_name = _("maintenance request")
        verbose_name_plural = _("maintenance requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "assignee"], name="request_work_idx"),
            models.Index(fields=["asset", "created_at"], name="request_asset_idx"),
            models.Index(fields=["reporter", "created_at"], name="request_reporter_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parts_cost__gte=0) & Q(labour_cost__gte=0),
                name="request_costs_not_negative",
                violation_error_message=_("Costs cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(down_until__isnull=True) | Q(down_from__isnull=True) | Q(down_until__gte=F("down_from")),
                name="request_downtime_order",
                violation_error_message=_("Downtime cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(assignee__isnull=True) | Q(vendor__isnull=True),
                name="request_one_assignee",
                violation_error_message=_("Assign the request to a person or to a vendor, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.asset.name}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status not in (RequestStatus.RESOLVED, RequestStatus.CLOSED)

    @property
    def total_cost(self):
        return (self.parts_cost or 0) + (self.labour_cost or 0)


class MeterReading(models.Model):
    """A page counter read by hand or over SNMP. A counter that goes backwards was reset: kept, not trusted."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="readings")
    taken_at = models.DateTimeField(_("read at"))
    pages = models.BigIntegerField(_("page counter"), validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=10, choices=ReadingSource.choices, default=ReadingSource.MANUAL)
    is_reset = models.BooleanField(_("counter reset"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["asset", "taken_at"], name="reading_asset_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pages__gte=0),
                name="reading_pages_not_negative",
                violation_error_message=_("A page counter cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset}: {self.pages}"


class MeterMonth(models.Model):
    """An asset's page counter readings in one local calendar month, summarised for the reports: the lowest and
    highest counter (their difference is the pages printed), how many readings were resets, and when the first and
    last were taken (so a report can tell whether a period cutting the month holds all of them). Kept as each
    reading is recorded and rebuilt from the readings by `equipment.monthly.rebuild`."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    readings = models.PositiveIntegerField(_("readings"), default=0)
    low_pages = models.BigIntegerField(_("lowest counter"))
    high_pages = models.BigIntegerField(_("highest counter"))
    resets = models.PositiveIntegerField(_("counter resets"), default=0)
    first_at = models.DateTimeField(_("first reading"))
    last_at = models.DateTimeField(_("last reading"))

    class Meta:
        verbose_name = _("page counter per month")
        verbose_name_plural = _("page counters per month")
        ordering = ["month", "asset_id"]
        constraints = [models.UniqueConstraint(fields=["month", "asset"], name="meter_month_one_per_asset")]
        # Covers the report's query: its hundreds of thousands of rows are read from the index alone.
        indexes = [
            models.Index(fields=["month", "resets", "asset", "low_pages", "high_pages"], name="meter_month_report_idx")
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.month:%Y-%m}: {self.high_pages - self.low_pages}"


class DowntimeMonth(models.Model):
    """An asset's resolved outages that began in one local calendar month, summarised for the reports: how many,
    how long in all, and when the first and last began. Refreshed from the requests whenever a resolution sets or
    a reopening clears a request's downtime, and rebuilt from them by `equipment.monthly.rebuild`."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    outages = models.PositiveIntegerField(_("outages"), default=0)
    seconds = models.PositiveBigIntegerField(_("time out of service (s)"), default=0)
    first_at = models.DateTimeField(_("first outage began"))
    last_at = models.DateTimeField(_("last outage began"))

    class Meta:
        verbose_name = _("downtime per month")
        verbose_name_plural = _("downtime per month")
        ordering = ["month", "asset_id"]
        constraints = [models.UniqueConstraint(fields=["month", "asset"], name="downtime_month_one_per_asset")]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.month:%Y-%m}: {self.seconds} s"


class SupplyLevel(models.Model):
    """The latest level of one consumable of an asset (prtMarkerSuppliesTable row), as the device reported it."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="supply_levels")
    index = models.PositiveIntegerField(_("index"))
    description = models.CharField(_("consumable"), max_length=200)
    max_capacity = models.IntegerField(_("maximum capacity"))
    level = models.IntegerField(_("level"))
    read_at = models.DateTimeField(_("read at"))
    low_reported = models.BooleanField(_("reported as low"), default=False)

    class Meta:
        verbose_name = _("consumable level")
        verbose_name_plural = _("consumable levels")
        ordering = ["asset", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "index"],
                name="supply_level_unique",
                violation_error_message=_("This consumable is already recorded for the asset."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset}: {self.description}"


class TroubleshootingGuide(ArchivableModel):
    """Self-help for one model (or every model of a manufacturer when the model is empty)."""

    manufacturer = models.CharField(_("manufacturer"), max_length=100)
    model_name = models.CharField(_("model"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("what to do"))

    class Meta:
        verbose_name = _("troubleshooting guide")
        verbose_name_plural = _("troubleshooting guides")
        ordering = ["manufacturer", "model_name", "title"]

    def __str__(self) -> str:
        return self.title


class MaintenancePlan(ArchivableModel):
    """Preventive maintenance: every N days, N months or N pages; creates a request ahead of time."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    checklist = models.TextField(_("checklist"), blank=True, help_text=_("One step a line."))
    every_days = models.PositiveIntegerField(_("every N days"), null=True, blank=True)
    every_months = models.PositiveIntegerField(_("every N months"), null=True, blank=True)
    every_pages = models.PositiveIntegerField(_("every N pages"), null=True, blank=True)
    lead_days = models.PositiveIntegerField(_("create the request N days ahead"), default=7)
    next_due = models.DateField(_("next due"), null=True, blank=True)
    next_pages = models.BigIntegerField(_("due at page counter"), null=True, blank=True)
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["next_due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=False) | Q(every_months__isnull=False) | Q(every_pages__isnull=False),
                name="plan_has_interval",
                violation_error_message=_("Say how often: every N days, N months or N pages."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.asset.name})"


class ConsumableLink(TimeStampedModel):
    """Which supply item (toner, drum, staples) a model uses; `match` finds it among what the device reports."""

    manufacturer = models.CharField(_("manufacturer"), max_length=100)
    model_name = models.CharField(_("model"), max_length=150)
    item = models.ForeignKey(
        "supplies.Item", verbose_name=_("supply item"), on_delete=models.PROTECT, related_name="equipment_links"
    )
    match = models.CharField(
        _("name on the device"),
        max_length=100,
        help_text=_("Text the device uses for this consumable, e.g. “Black Toner”."),
    )
    low_percent = models.PositiveSmallIntegerField(_("low at (%)"), default=10)
    reorder_quantity = models.DecimalField(_("quantity to ask for"), max_digits=10, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["manufacturer", "model_name", "match"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "model_name", "match"],
                name="consumable_link_unique",
                violation_error_message=_("This model already has a consumable with this name on the device."),
            ),
            models.CheckConstraint(
                condition=Q(low_percent__lte=100),
                name="consumable_low_percent_range",
                violation_error_message=_("The low level is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} {self.model_name}: {self.match}"
