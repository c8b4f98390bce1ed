"""API shapes for equipment. Out schemas name their fields (SNMP keys never leave)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import IPvAnyAddress

from backoffice.equipment.choices import (
    AssetFileKind,
    AssetStatus,
    Category,
    Priority,
    RequestKind,
    RequestStatus,
    SnmpAuthProtocol,
    SnmpPrivProtocol,
    SnmpVersion,
)


class AssetOut(Schema):
    id: int
    category: Category
    manufacturer: str
    model_name: str
    serial_number: str
    inventory_number: str
    location: str
    assignee_id: int | None
    department_id: int | None
    purchase_date: dt.date | None
    purchase_price: Decimal | None
    warranty_until: dt.date | None
    vendor_id: int | None
    contract_number: str
    response_hours: int | None
    contract_until: dt.date | None
    status: AssetStatus
    ip_address: str | None
    snmp_version: str
    snmp_port: int
    snmp_user: str
    snmp_auth_protocol: str
    snmp_priv_protocol: str
    snmp_context: str
    snmp_community_set: bool  # the community and the keys themselves are never sent back
    snmp_auth_key_set: bool
    snmp_priv_key_set: bool
    device_description: str
    last_polled_at: dt.datetime | None
    poll_outcome: str
    poll_error: str
    poll_failures: int  # failed polls in a row; the hourly round waits until poll_retry_at before the next one
    poll_retry_at: dt.datetime | None
    archived: bool = Field(False, alias="is_archived")

    @staticmethod
    def resolve_snmp_community_set(obj) -> bool:
        return bool(obj.snmp_community)

    @staticmethod
    def resolve_snmp_auth_key_set(obj) -> bool:
        return bool(obj.snmp_auth_key)

    @staticmethod
    def resolve_snmp_priv_key_set(obj) -> bool:
        return bool(obj.snmp_priv_key)


class AssetIn(Schema):
    category: Category
    manufacturer: str = Field(min_length=1, max_length=100)
    model_name: str = Field(min_length=1, max_length=150)
    serial_number: str = Field(min_length=1, max_length=100)
    inventory_number: str = Field("", max_length=50)
    location: str = Field("", max_length=150)
    assignee_id: int | None = None
    department_id: int | None = None
    purchase_date: dt.date | None = None
    purchase_price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    warranty_until: dt.date | None = None
    vendor_id: int | None = None
    contract_number: str = Field("", max_length=60)
    response_hours: int | None = Field(None, ge=0)
    contract_until: dt.date | None = None
    status: AssetStatus = AssetStatus.IN_SERVICE
    ip_address: IPvAnyAddress | None = None
    snmp_version: SnmpVersion | None = None
    snmp_community: str = Field("", max_length=100)
    snmp_user: str = Field("", max_length=100)
    snmp_auth_protocol: SnmpAuthProtocol = SnmpAuthProtocol.SHA
    snmp_auth_key: str = Field("", max_length=100)
    snmp_priv_protocol: SnmpPrivProtocol = SnmpPrivProtocol.AES128
    snmp_priv_key: str = Field("", max_length=100)
    snmp_context: str = Field("", max_length=100)
    snmp_port: int = Field(161, ge=1, le=65535)


class AssetPatch(Schema):
    category: Category | None = None
    manufacturer: str | None = Field(None, min_length=1, max_length=100)
    model_name: str | None = Field(None, min_length=1, max_length=150)
    serial_number: str | None = Field(None, min_length=1, max_length=100)
    inventory_number: str | None = Field(None, max_length=50)
    location: str | None = Field(None, max_length=150)
    assignee_id: int | None = None
    department_id: int | None = None
    purchase_date: dt.date | None = None
    purchase_price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    warranty_until: dt.date | None = None
    vendor_id: int | None = None
    contract_number: str | None = Field(None, max_length=60)
    response_hours: int | None = Field(None, ge=0)
    contract_until: dt.date | None = None
    status: AssetStatus | None = None
    ip_address: IPvAnyAddress | None = None
    snmp_version: SnmpVersion | None = None
    snmp_community: str | None = Field(None, max_length=100)
    snmp_user: str | None = Field(None, max_length=100)
    snmp_auth_protocol: SnmpAuthProtocol | None = None
    snmp_auth_key: str | None = Field(None, max_length=100)
    snmp_priv_protocol: SnmpPrivProtocol | None = None
    snmp_priv_key: str | None = Field(None, max_length=100)
    snmp_context: str | None = Field(None, max_length=100)
    snmp_port: int | None = Field(None, ge=1, le=65535)


class HistoryOut(Schema):
    at: dt.datetime
    actor: str = Field(alias="actor_label")
    action: str
    before: dict | None
    after: dict | None
    reason: str


class VendorOut(Schema):
    id: int
    name: str
    email: str
    phone: str


class VendorIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)


class ReadingOut(Schema):
    id: int
    asset_id: int
    taken_at: dt.datetime
    pages: int
    source: str
    is_reset: bool
    note: str


class ReadingIn(Schema):
    pages: int
    taken_at: dt.datetime | None = None
    note: str = Field("", max_length=300)


class SupplyLevelOut(Schema):
    index: int
    description: str
    max_capacity: int
    level: int
    percent: int | None
    shown_as: str


class PollOut(Schema):
    asset_id: int
    ok: bool
    outcome: str
    error: str
    page_count: int | None
    supplies: list[SupplyLevelOut]


class DiscoverIn(Schema):
    ip_address: IPvAnyAddress
    community: str = Field("public", max_length=100)
    port: int = Field(161, ge=1, le=65535)
    version: SnmpVersion = SnmpVersion.V2C
    user: str = Field("", max_length=100)
    auth_protocol: SnmpAuthProtocol = SnmpAuthProtocol.SHA
    auth_key: str = Field("", max_length=100)
    priv_protocol: SnmpPrivProtocol = SnmpPrivProtocol.AES128
    priv_key: str = Field("", max_length=100)
    context: str = Field("", max_length=100)


class DiscoverOut(Schema):
    manufacturer: str
    model_name: str
    serial_number: str
    ip_address: str
    device_description: str
    page_count: int | None


class GuideOut(Schema):
    id: int
    manufacturer: str
    model_name: str
    title: str
    body: str


class GuideIn(Schema):
    manufacturer: str = Field(min_length=1, max_length=100)
    model_name: str = Field("", max_length=150)
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1)


class SuggestionOut(Schema):
    id: int
    description: str
    resolution: str


class SelfHelpOut(Schema):
    asset_id: int
    asset: str
    guides: list[GuideOut]
    past_resolutions: list[SuggestionOut]


class RequestOut(Schema):
    id: int
    asset_id: int
    asset: str = Field(alias="asset.name")
    kind: RequestKind
    description: str
    out_of_service: bool
    priority: Priority
    status: RequestStatus
    reporter_id: int | None
    assignee_id: int | None
    vendor_id: int | None
    created_at: dt.datetime
    respond_by: dt.datetime | None
    due_date: dt.date | None
    assigned_at: dt.datetime | None
    started_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    down_from: dt.datetime | None
    down_until: dt.datetime | None
    parts_cost: Decimal
    labour_cost: Decimal
    resolution: str
    self_help: bool


class ReportIn(Schema):
    asset_id: int
    description: str = Field(min_length=1, max_length=5000)
    out_of_service: bool = False
    self_help: bool = False


class TriageIn(Schema):
    priority: Priority | None = None
    kind: RequestKind | None = None


class AssignIn(Schema):
    assignee_id: int | None = None
    vendor_id: int | None = None
    note: str = Field("", max_length=500)


class MoveIn(Schema):
    status: RequestStatus
    note: str = Field("", max_length=500)
    resolution: str = Field("", max_length=5000)
    parts_cost: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    labour_cost: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class ReopenIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


class PlanOut(Schema):
    id: int
    asset_id: int
    title: str
    checklist: str
    every_days: int | None
    every_months: int | None
    every_pages: int | None
    lead_days: int
    next_due: dt.date | None
    next_pages: int | None
    assignee_id: int | None


class PlanIn(Schema):
    asset_id: int
    title: str = Field(min_length=1, max_length=200)
    checklist: str = ""
    every_days: int | None = Field(None, ge=1)
    every_months: int | None = Field(None, ge=1)
    every_pages: int | None = Field(None, ge=1)
    lead_days: int = Field(7, ge=0, le=365)
    next_due: dt.date | None = None
    assignee_id: int | None = None


class ReliabilityOut(Schema):
    key: str
    label: str
    failures: int
    mtbf_days: float | None
    mttr_hours: float | None
    downtime_hours: float
    cost: Decimal


class ConsumableOut(Schema):
    id: int
    manufacturer: str
    model_name: str
    item_id: int
    item: str = Field(alias="item.name")
    match: str
    low_percent: int
    reorder_quantity: Decimal


class ConsumableIn(Schema):
    manufacturer: str = Field(min_length=1, max_length=100)
    model_name: str = Field(min_length=1, max_length=150)
    item_id: int
    match: str = Field(min_length=1, max_length=100)
    low_percent: int = Field(10, ge=0, le=100)
    reorder_quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=10, decimal_places=2)


class AssetFileOut(Schema):
    id: int
    asset_id: int
    kind: AssetFileKind
    title: str
    filename: str
    content_type: str
    size: int
    uploaded_at: dt.datetime = Field(alias="created_at")
    download_url: str

    @staticmethod
    def resolve_download_url(obj) -> str:
        return f"/api/v1/equipment/files/{obj.pk}/download"
