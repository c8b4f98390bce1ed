"""API shapes for supplies. Out schemas name their fields: nothing leaks by accident."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from backoffice.supplies.choices import MovementKind, OrderLanguage, OrderStatus, ReorderMethod, RequestStatus, VatRate


class UnitOut(Schema):
    id: int
    code: str
    name: str


class UnitIn(Schema):
    code: str = Field(min_length=1, max_length=10)
    name: str = Field(min_length=1, max_length=60)


class LocationOut(Schema):
    id: int
    code: str
    room: str
    cabinet: str
    archived: bool = Field(False, alias="is_archived")


class LocationIn(Schema):
    code: str = Field(min_length=1, max_length=20)
    room: str = Field(min_length=1, max_length=80)
    cabinet: str = Field("", max_length=80)


class ItemOut(Schema):
    id: int
    sku: str
    name: str
    category: str
    unit: str = Field(alias="unit.code")
    ean: str
    preferred_supplier_id: int | None
    archived: bool = Field(False, alias="is_archived")


# The item list reads ItemOut's fields straight from these columns: rows become JSON without model instances or a
# validation per row, which took most of the list's time. `archived` is whether archived_at is set.
ITEM_LIST_COLUMNS = {
    "id": "id",
    "sku": "sku",
    "name": "name",
    "category": "category",
    "unit": "unit__code",
    "ean": "ean",
    "preferred_supplier_id": "preferred_supplier_id",
}


class PagedItemOut(Schema):
    """A page of the item list, in the shape of the other paginated lists."""

    items: list[ItemOut]
    count: int


class ItemIn(Schema):
    sku: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    category: str = Field("", max_length=80)
    unit: str = Field(min_length=1, max_length=10, description="unit code, e.g. ks")
    ean: str = Field("", max_length=14)
    preferred_supplier_id: int | None = None


class ItemPatch(Schema):
    sku: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=200)
    category: str | None = Field(None, max_length=80)
    unit: str | None = Field(None, min_length=1, max_length=10)
    ean: str | None = Field(None, max_length=14)
    preferred_supplier_id: int | None = None


class SupplierOut(Schema):
    id: int
    name: str
    ico: str
    dic: str
    contact_person: str
    phone: str
    email: str
    order_email: str
    lead_time_days: int
    min_order_value: Decimal


class SupplierIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    ico: str = Field("", max_length=8)
    dic: str = Field("", max_length=14)
    contact_person: str = Field("", max_length=120)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    order_email: str = Field("", max_length=254)
    lead_time_days: int = Field(3, ge=0, le=365)
    min_order_value: Decimal = Decimal("0")


class SupplierPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    ico: str | None = Field(None, max_length=8)
    dic: str | None = Field(None, max_length=14)
    contact_person: str | None = Field(None, max_length=120)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    order_email: str | None = Field(None, max_length=254)
    lead_time_days: int | None = Field(None, ge=0, le=365)
    min_order_value: Decimal | None = None


class OfferOut(Schema):
    id: int
    supplier_id: int
    item_id: int
    supplier_sku: str
    price: Decimal
    currency: str
    pack_size: Decimal
    min_quantity: Decimal


class OfferIn(Schema):
    supplier_id: int
    item_id: int
    supplier_sku: str = Field("", max_length=60)
    price: Decimal
    currency: str = Field("CZK", min_length=3, max_length=3)
    pack_size: Decimal = Decimal("1")
    min_quantity: Decimal = Decimal("0")


class LevelOut(Schema):
    item_id: int
    sku: str = Field(alias="item.sku")
    location_id: int
    on_hand: Decimal


class MovementOut(Schema):
    id: int
    item_id: int
    kind: MovementKind
    quantity: Decimal
    from_location_id: int | None
    to_location_id: int | None
    department_id: int | None
    employee_id: int | None
    unit_cost: Decimal | None
    reason: str
    occurred_at: dt.datetime
    actor_label: str


class MovementIn(Schema):
    kind: MovementKind
    item_id: int
    quantity: str = Field(description="a positive number; for an adjustment a signed difference")
    from_location_id: int | None = None
    to_location_id: int | None = None
    department_id: int | None = None
    employee_id: int | None = None
    unit_cost: Decimal | None = None
    reason: str = Field("", max_length=300)
    pack_id: int | None = Field(None, description="the quantity is in this pack of the item (e.g. boxes of 10)")


class PackOut(Schema):
    id: int
    item_id: int
    name: str
    quantity: Decimal
    ean: str


class PackIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    quantity: str = Field(description="how many of the item's units the pack holds")
    ean: str = Field("", max_length=14)


class RequestOut(Schema):
    id: int
    requester_id: int
    requester: str = Field(alias="requester.full_name")
    item_id: int
    quantity: Decimal
    note: str
    status: RequestStatus
    answer: str
    created_at: dt.datetime


class RequestIn(Schema):
    item_id: int
    quantity: str
    note: str = Field("", max_length=300)


class IssueIn(Schema):
    location_id: int


class AnswerIn(Schema):
    answer: str = Field("", max_length=300)


class RuleIn(Schema):
    location_id: int | None = Field(None, description="empty: the locations without a rule of their own")
    method: ReorderMethod = ReorderMethod.AUTOMATIC
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    lookback_days: int = Field(90, ge=1, le=730)
    review_days: int = Field(14, ge=0, le=365)
    service_level: Decimal = Decimal("0.95")


class RuleOut(RuleIn):
    id: int
    item_id: int


class SuggestionOut(Schema):
    item_id: int
    sku: str
    name: str
    supplier_id: int | None
    location_id: int | None
    method: ReorderMethod
    on_hand: Decimal
    on_order: Decimal
    requested: Decimal
    reorder_point: Decimal
    target: Decimal
    quantity: Decimal
    unit_price: Decimal | None
    average_daily: float
    safety_stock: float
    explanation: str


class OrderFromSuggestionsIn(Schema):
    location_id: int
    item_ids: list[int] | None = None


class OrderLineIn(Schema):
    item_id: int
    quantity: str
    unit_price: Decimal | None = None
    vat_rate: VatRate = VatRate.STANDARD
    pack_id: int | None = Field(None, description="the quantity is in this pack of the item")


class OrderLineOut(Schema):
    id: int
    item_id: int
    quantity: Decimal
    unit_price: Decimal
    vat_rate: VatRate
    received_quantity: Decimal


class OrderIn(Schema):
    supplier_id: int
    location_id: int
    language: OrderLanguage = OrderLanguage.CZECH
    note: str = Field("", max_length=500)
    lines: list[OrderLineIn]


class OrderOut(Schema):
    id: int
    number: str
    supplier_id: int
    status: OrderStatus
    language: OrderLanguage
    currency: str
    location_id: int
    expected_on: dt.date | None
    created_by_id: int | None
    approved_by_id: int | None


class OrderDetailOut(OrderOut):
    lines: list[OrderLineOut]
    net: Decimal
    gross: Decimal


class ReceiveIn(Schema):
    lines: dict[int, str] = Field(description="order line id → quantity that arrived")


class CountOut(Schema):
    id: int
    location_id: int
    category: str
    status: str


class CountIn(Schema):
    location_id: int
    category: str = Field("", max_length=80)


class CountEntryIn(Schema):
    code: str = Field(min_length=1, max_length=40, description="SKU or EAN barcode (of the item or one of its packs)")
    counted: str
    pack_id: int | None = Field(None, description="counted in this pack; a pack's barcode chooses it by itself")


class CountLineOut(Schema):
    item_id: int
    expected: Decimal
    counted: Decimal | None


class PostIn(Schema):
    reason: str = Field("", max_length=300)


class ImportJobOut(Schema):
    id: int
    kind: str
    filename: str
    commit: bool
    status: str
    total_rows: int
    checked_rows: int
    percent: int
    created: int
    errors: list[str]


class ImportOut(Schema):
    kind: str
    ok: bool
    rows: int
    errors: list[str]
    created: int
    columns: list[str]


class MonthOut(Schema):
    month: dt.date
    quantity: Decimal
    cost: Decimal


class DepartmentCostOut(Schema):
    department_id: int | None
    department: str
    quantity: Decimal
    cost: Decimal


class ForecastOut(Schema):
    item_id: int
    sku: str
    name: str
    unit: str
    month: dt.date
    quantity: Decimal
    cost: Decimal


class UsageOut(Schema):
    monthly: list[MonthOut]
    departments: list[DepartmentCostOut]
    forecast: list[ForecastOut]
