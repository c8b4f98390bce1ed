"""/api/v1/supplies/: thin adapters over the supplies services and selectors."""

import json
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.permissions import can, ensure
from backoffice.core.schemas import ERRORS
from backoffice.people.models import Department, Employee
from backoffice.supplies import imports, planning, selectors, services, usage
from backoffice.supplies.choices import MovementKind
from backoffice.supplies.documents import order_pdf
from backoffice.supplies.filters import ItemFilter, MovementFilter, OrderFilter, RequestFilter, SupplierFilter
from backoffice.supplies.models import Unit
from backoffice.supplies.schemas import (
    ITEM_LIST_COLUMNS,
    AnswerIn,
    CountEntryIn,
    CountIn,
    CountLineOut,
    CountOut,
    ImportJobOut,
    ImportOut,
    IssueIn,
    ItemIn,
    ItemOut,
    ItemPatch,
    LevelOut,
    LocationIn,
    LocationOut,
    MovementIn,
    MovementOut,
    OfferIn,
    OfferOut,
    OrderDetailOut,
    OrderFromSuggestionsIn,
    OrderIn,
    OrderOut,
    PackIn,
    PackOut,
    PagedItemOut,
    PostIn,
    ReceiveIn,
    RequestIn,
    RequestOut,
    RuleIn,
    RuleOut,
    SuggestionOut,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
    UnitIn,
    UnitOut,
    UsageOut,
)

router = Router(tags=["supplies"])


PAGE_SIZE, MAX_PAGE_SIZE = 50, 200


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


def _filtered(filter_class, request, queryset):
    filters = filter_class(request.GET, queryset=queryset)
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.qs


def _ref(queryset, pk: int | None, field: str, message: str):
    """A referenced record among those the user may see; a wrong id is a field error, not a 500."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(fields={field: [message]})
    return found


def _unit(code: str | None):
    if code is None:
        return None
    found = Unit.objects.filter(code=code.strip()).first()
    if found is None:
        raise InvalidInput(fields={"unit": [_("Unknown unit %(code)s.") % {"code": code}]})
    return found


def _item(request, pk, field="item_id"):
    return _ref(selectors.items_visible_to(request.user), pk, field, _("Unknown item."))


def _location(request, pk, field="location_id"):
    return _ref(selectors.locations_visible_to(request.user), pk, field, _("Unknown location."))


def _supplier(request, pk, field="supplier_id"):
    return _ref(selectors.suppliers_visible_to(request.user), pk, field, _("Unknown supplier."))


# --- catalogue ----------------------------------------------------------------------------------


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def list_units(request):
    return list(selectors.units_visible_to(request.user))


@router.post("/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn):
    return Status(201, services.unit_create(actor=request.user, code=payload.code, name=payload.name))


@router.get("/locations", response={200: list[LocationOut], **ERRORS})
def list_locations(request):
    return list(selectors.locations_visible_to(request.user).filter(archived_at__isnull=True))


@router.post("/locations", response={201: LocationOut, **ERRORS})
def create_location(request, payload: LocationIn):
    return Status(201, services.location_create(actor=request.user, **payload.dict()))


@router.get("/items", response={200: PagedItemOut, **ERRORS}, summary="List and search items")
def list_items(
    request,
    q: str = "",
    category: str = "",
    archived: str = "false",
    ordering: str = "",
    page: int = Query(1, ge=1),
    page_size: int | None = Query(None, ge=1),
):
    """Paginated as the other lists are, with the rows read as plain values (see ITEM_LIST_COLUMNS)."""
    rows = _filtered(ItemFilter, request, selectors.items_visible_to(request.user))
    size = min(page_size or PAGE_SIZE, MAX_PAGE_SIZE)
    offset = (page - 1) * size
    values = rows.values_list(*ITEM_LIST_COLUMNS.values(), "archived_at")[offset : offset + size]
    items = [{**dict(zip(ITEM_LIST_COLUMNS, row[:-1], strict=True)), "archived": row[-1] is not None} for row in values]
    every_current_item = not (q or category) and archived in ("", "false")
    count = selectors.current_item_count(request.user) if every_current_item else rows.count()
    body = {"items": items, "count": count}
    return HttpResponse(json.dumps(body), content_type="application/json; charset=utf-8")


@router.get("/items/{item_id}", response={200: ItemOut, **ERRORS})
def get_item(request, item_id: int):
    return get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)


def _item_values(request, data: dict) -> dict:
    if "unit" in data:
        data["unit"] = _unit(data["unit"])
    if "preferred_supplier_id" in data:
        data["preferred_supplier"] = _supplier(request, data.pop("preferred_supplier_id"), "preferred_supplier_id")
    return data


@router.post("/items", response={201: ItemOut, **ERRORS})
def create_item(request, payload: ItemIn):
    ensure(request.user, "supplies.add_item")
    return Status(201, services.item_create(actor=request.user, **_item_values(request, payload.dict())))


@router.patch("/items/{item_id}", response={200: ItemOut, **ERRORS})
def update_item(request, item_id: int, payload: ItemPatch):
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    changes = _item_values(request, payload.dict(exclude_unset=True))
    return services.item_update(actor=request.user, item=item, **changes)


@router.delete("/items/{item_id}", response={200: ItemOut, **ERRORS}, summary="Archive an item")
def archive_item(request, item_id: int):
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    return services.item_archive(actor=request.user, item=item)


@router.put("/items/{item_id}/reorder-rule", response={200: RuleOut, **ERRORS})
def set_reorder_rule(request, item_id: int, payload: RuleIn):
    """The rule for one location (location_id), or for every location without a rule of its own (no location_id)."""
    ensure(request.user, "supplies.change_reorderrule")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    values = payload.dict()
    location = _location(request, values.pop("location_id"))
    return services.reorder_rule_set(actor=request.user, item=item, location=location, **values)


@router.get("/items/{item_id}/reorder-rules", response={200: list[RuleOut], **ERRORS})
def list_reorder_rules(request, item_id: int):
    if not can(request.user, "supplies.view_reorderrule"):
        raise NotAllowed()
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    return list(selectors.rules_visible_to(request.user).filter(item=item).select_related(None))


@router.delete("/items/{item_id}/reorder-rules/{rule_id}", response={200: RuleOut, **ERRORS})
def delete_reorder_rule(request, item_id: int, rule_id: int):
    ensure(request.user, "supplies.delete_reorderrule")
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=rule_id, item_id=item_id)
    shown = RuleOut.from_orm(rule).model_dump()
    services.reorder_rule_delete(actor=request.user, rule=rule)
    return shown


@router.get("/items/{item_id}/packs", response={200: list[PackOut], **ERRORS}, summary="The packs an item comes in")
def list_packs(request, item_id: int):
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    return list(selectors.packs_visible_to(request.user).filter(item=item).select_related(None))


@router.post("/items/{item_id}/packs", response={201: PackOut, **ERRORS}, summary="Add a pack (box of 10 = 10 pcs)")
def create_pack(request, item_id: int, payload: PackIn):
    ensure(request.user, "supplies.change_item")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=item_id)
    return Status(201, services.item_pack_create(actor=request.user, item=item, **payload.dict()))


@router.delete("/items/{item_id}/packs/{pack_id}", response={200: PackOut, **ERRORS})
def delete_pack(request, item_id: int, pack_id: int):
    ensure(request.user, "supplies.change_item")
    pack = get_object_or_404(selectors.packs_visible_to(request.user), pk=pack_id, item_id=item_id)
    shown = PackOut.from_orm(pack).model_dump()
    services.item_pack_delete(actor=request.user, pack=pack)
    return shown


@router.get("/suppliers", response={200: list[SupplierOut], **ERRORS})
@paginate(Page)
def list_suppliers(request, q: str = ""):
    return _filtered(SupplierFilter, request, selectors.suppliers_visible_to(request.user))


@router.get("/suppliers/{supplier_id}", response={200: SupplierOut, **ERRORS})
def get_supplier(request, supplier_id: int):
    return get_object_or_404(selectors.suppliers_visible_to(request.user), pk=supplier_id)


@router.post("/suppliers", response={201: SupplierOut, **ERRORS})
def create_supplier(request, payload: SupplierIn):
    return Status(201, services.supplier_create(actor=request.user, **payload.dict()))


@router.patch("/suppliers/{supplier_id}", response={200: SupplierOut, **ERRORS})
def update_supplier(request, supplier_id: int, payload: SupplierPatch):
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=supplier_id)
    return services.supplier_update(actor=request.user, supplier=supplier, **payload.dict(exclude_unset=True))


@router.get("/offers", response={200: list[OfferOut], **ERRORS})
@paginate(Page)
def list_offers(request, item: int | None = None, supplier: int | None = None):
    rows = selectors.offers_visible_to(request.user).select_related(None)
    if item:
        rows = rows.filter(item_id=item)
    if supplier:
        rows = rows.filter(supplier_id=supplier)
    return rows.order_by("item_id", "price", "id")


@router.post("/offers", response={201: OfferOut, **ERRORS})
def create_offer(request, payload: OfferIn):
    ensure(request.user, "supplies.add_supplieroffer")
    data = payload.dict()
    supplier = _supplier(request, data.pop("supplier_id"))
    item = _item(request, data.pop("item_id"))
    return Status(201, services.offer_create(actor=request.user, supplier=supplier, item=item, **data))


# --- stock --------------------------------------------------------------------------------------


@router.get("/stock", response={200: list[LevelOut], **ERRORS}, summary="On hand per item and location")
@paginate(Page)
def list_stock(request, item: int | None = None, location: int | None = None):
    rows = selectors.levels_visible_to(request.user).select_related(None).select_related("item")
    if item:
        rows = rows.filter(item_id=item)
    if location:
        rows = rows.filter(location_id=location)
    return rows.order_by("item__sku", "location_id")


@router.get("/movements", response={200: list[MovementOut], **ERRORS})
@paginate(Page)
def list_movements(request, item: int | None = None, kind: str = "", location: int | None = None):
    rows = selectors.movements_visible_to(request.user).select_related(None)
    return _filtered(MovementFilter, request, rows)


@router.post("/movements", response={201: MovementOut, **ERRORS}, summary="Book a movement")
def create_movement(request, payload: MovementIn):
    ensure(request.user, "supplies.move_stock")
    item = _item(request, payload.item_id)
    source = _location(request, payload.from_location_id, "from_location_id")
    target = _location(request, payload.to_location_id, "to_location_id")
    needs = {
        MovementKind.RECEIPT: ("to_location_id", target),
        MovementKind.ISSUE: ("from_location_id", source),
        MovementKind.WRITE_OFF: ("from_location_id", source),
        MovementKind.TRANSFER: ("from_location_id", source),
    }
    if payload.kind in needs and needs[payload.kind][1] is None:
        raise InvalidInput(fields={needs[payload.kind][0]: [_("Choose a location.")]})
    if payload.kind == MovementKind.TRANSFER and target is None:
        raise InvalidInput(fields={"to_location_id": [_("Choose a location.")]})
    quantity = payload.quantity
    if payload.pack_id is not None:
        if payload.kind == MovementKind.ADJUSTMENT:
            raise InvalidInput(fields={"pack_id": [_("Enter a count adjustment in the item's unit.")]})
        pack = services.pack_for(item, payload.pack_id, "pack_id")
        quantity = services.in_base_units(item, payload.quantity, pack)
    payload.quantity = quantity
    user = request.user
    if payload.kind == MovementKind.RECEIPT:
        movement = services.stock_receive(
            actor=user,
            item=item,
            location=target,
            quantity=payload.quantity,
            unit_cost=payload.unit_cost,
            reason=payload.reason,
        )
    elif payload.kind == MovementKind.ISSUE:
        department = _ref(Department.objects.all(), payload.department_id, "department_id", _("Unknown department."))
        employee = _ref(Employee.objects.all(), payload.employee_id, "employee_id", _("Unknown employee."))
        movement = services.stock_issue(
            actor=user,
            item=item,
            location=source,
            quantity=payload.quantity,
            department=department,
            employee=employee,
            reason=payload.reason,
        )
    elif payload.kind == MovementKind.TRANSFER:
        movement = services.stock_transfer(
            actor=user,
            item=item,
            from_location=source,
            to_location=target,
            quantity=payload.quantity,
            reason=payload.reason,
        )
    elif payload.kind == MovementKind.WRITE_OFF:
        movement = services.stock_write_off(
            actor=user, item=item, location=source, quantity=payload.quantity, reason=payload.reason
        )
    else:
        location = target or source
        if location is None:
            raise InvalidInput(fields={"to_location_id": [_("Choose a location.")]})
        movement = services.stock_adjust(
            actor=user, item=item, location=location, difference=payload.quantity, reason=payload.reason
        )
    return Status(201, movement)


# --- requests -----------------------------------------------------------------------------------


@router.get("/requests", response={200: list[RequestOut], **ERRORS})
@paginate(Page)
def list_requests(request, status: str = ""):
    return _filtered(RequestFilter, request, selectors.requests_visible_to(request.user))


@router.post("/requests", response={201: RequestOut, **ERRORS}, summary="Ask for supplies")
def create_request(request, payload: RequestIn):
    ensure(request.user, "supplies.add_supplyrequest")
    item = _item(request, payload.item_id)
    found = services.supply_request_create(actor=request.user, item=item, quantity=payload.quantity, note=payload.note)
    return Status(201, found)


def _request(request, pk: int):
    return get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)


@router.post("/requests/{request_id}/issue", response={200: RequestOut, **ERRORS})
def issue_request(request, request_id: int, payload: IssueIn):
    found = _request(request, request_id)
    location = _location(request, payload.location_id)
    return services.supply_request_issue(actor=request.user, request=found, location=location)


@router.post("/requests/{request_id}/order", response={200: RequestOut, **ERRORS})
def order_request(request, request_id: int, payload: AnswerIn):
    return services.supply_request_order(
        actor=request.user, request=_request(request, request_id), answer=payload.answer
    )


@router.post("/requests/{request_id}/reject", response={200: RequestOut, **ERRORS})
def reject_request(request, request_id: int, payload: AnswerIn):
    return services.supply_request_reject(
        actor=request.user, request=_request(request, request_id), answer=payload.answer
    )


# --- planning and orders ------------------------------------------------------------------------


@router.get("/suggestions", response={200: list[SuggestionOut], **ERRORS}, summary="What to order now, and why")
def list_suggestions(request):
    if not can(request.user, "supplies.view_purchaseorder"):
        raise NotAllowed()
    return [
        {
            "item_id": s.item.pk,
            "sku": s.item.sku,
            "name": s.item.name,
            "supplier_id": s.supplier.pk if s.supplier else None,
            "location_id": s.location.pk if s.location else None,
            "method": s.method,
            "on_hand": s.on_hand,
            "on_order": s.on_order,
            "requested": s.requested,
            "reorder_point": s.reorder_point,
            "target": s.target,
            "quantity": s.quantity,
            "unit_price": s.unit_price,
            "average_daily": s.average_daily,
            "safety_stock": s.safety_stock,
            "explanation": s.explanation(),
        }
        for s in planning.suggestions()
    ]


@router.post("/suggestions/order", response={201: list[OrderOut], **ERRORS}, summary="Draft orders from suggestions")
def order_suggestions(request, payload: OrderFromSuggestionsIn):
    ensure(request.user, "supplies.add_purchaseorder")
    location = _location(request, payload.location_id)
    orders = services.orders_from_suggestions(actor=request.user, location=location, item_ids=payload.item_ids)
    return Status(201, orders)


@router.get("/orders", response={200: list[OrderOut], **ERRORS})
@paginate(Page)
def list_orders(request, status: str = "", supplier: int | None = None):
    rows = selectors.orders_visible_to(request.user).select_related(None)
    return _filtered(OrderFilter, request, rows)


def _order(request, pk: int):
    return get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)


def _detail(order):
    totals = services.order_totals(order)
    return {
        **OrderOut.from_orm(order).model_dump(),
        "lines": list(order.lines.all()),
        "net": totals["net"],
        "gross": totals["gross"],
    }


@router.post("/orders", response={201: OrderDetailOut, **ERRORS})
def create_order(request, payload: OrderIn):
    ensure(request.user, "supplies.add_purchaseorder")
    lines = []
    for n, line in enumerate(payload.lines, start=1):
        item = _item(request, line.item_id, f"lines.{n}.item_id")
        lines.append(
            {
                "item": item,
                "quantity": line.quantity,
                "pack": services.pack_for(item, line.pack_id, f"lines.{n}.pack_id"),
                "unit_price": line.unit_price,
                "vat_rate": line.vat_rate,
            }
        )
    order = services.purchase_order_create(
        actor=request.user,
        supplier=_supplier(request, payload.supplier_id),
        location=_location(request, payload.location_id),
        lines=lines,
        language=payload.language,
        note=payload.note,
    )
    return Status(201, _detail(order))


@router.get("/orders/{order_id}", response={200: OrderDetailOut, **ERRORS})
def get_order(request, order_id: int):
    return _detail(_order(request, order_id))


@router.get("/orders/{order_id}/pdf", summary="The order as the supplier gets it (PDF)", response={200: None, **ERRORS})
def get_order_pdf(request, order_id: int):
    order = _order(request, order_id)
    response = HttpResponse(order_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    return response


@router.post("/orders/{order_id}/submit", response={200: OrderOut, **ERRORS})
def submit_order(request, order_id: int):
    return services.purchase_order_submit(actor=request.user, order=_order(request, order_id))


@router.post("/orders/{order_id}/approve", response={200: OrderOut, **ERRORS})
def approve_order(request, order_id: int):
    return services.purchase_order_approve(actor=request.user, order=_order(request, order_id))


@router.post("/orders/{order_id}/send", response={200: OrderOut, **ERRORS})
def send_order(request, order_id: int):
    return services.purchase_order_send(actor=request.user, order=_order(request, order_id))


@router.post("/orders/{order_id}/receive", response={200: OrderDetailOut, **ERRORS}, summary="Book what arrived")
def receive_order(request, order_id: int, payload: ReceiveIn):
    order = services.purchase_order_receive(
        actor=request.user, order=_order(request, order_id), quantities=payload.lines
    )
    return _detail(order)


@router.post("/orders/{order_id}/cancel", response={200: OrderOut, **ERRORS})
def cancel_order(request, order_id: int, payload: AnswerIn):
    return services.purchase_order_cancel(actor=request.user, order=_order(request, order_id), reason=payload.answer)


# --- counts -------------------------------------------------------------------------------------


@router.get("/counts", response={200: list[CountOut], **ERRORS})
@paginate(Page)
def list_counts(request):
    return selectors.counts_visible_to(request.user).select_related(None)


@router.post("/counts", response={201: CountOut, **ERRORS}, summary="Open a stock count")
def open_count(request, payload: CountIn):
    ensure(request.user, "supplies.add_stockcount")
    location = _location(request, payload.location_id)
    return Status(201, services.stock_count_open(actor=request.user, location=location, category=payload.category))


def _count(request, pk: int):
    return get_object_or_404(selectors.counts_visible_to(request.user), pk=pk)


@router.post("/counts/{count_id}/lines", response={200: CountLineOut, **ERRORS}, summary="Enter a counted quantity")
def enter_count(request, count_id: int, payload: CountEntryIn):
    count = _count(request, count_id)
    code = payload.code.strip()
    item, pack = selectors.find_by_code(request.user, code)
    if item is None:
        raise InvalidInput(fields={"code": [_("No item has the SKU or barcode %(code)s.") % {"code": code}]})
    if payload.pack_id is not None:
        pack = services.pack_for(item, payload.pack_id, "pack_id")
    return services.stock_count_record(actor=request.user, count=count, item=item, counted=payload.counted, pack=pack)


@router.post("/counts/{count_id}/post", response={200: CountOut, **ERRORS}, summary="Post the differences")
def post_count(request, count_id: int, payload: PostIn):
    return services.stock_count_post(actor=request.user, count=_count(request, count_id), reason=payload.reason)


# --- import -------------------------------------------------------------------------------------

OPTIONAL_FILE = File(None)  # optional, so a missing file is a clear 422 after the permission check


@router.post(
    "/imports/{kind}", response={200: ImportOut, **ERRORS}, summary="Check (and with commit=true import) a file"
)
def import_file(
    request,
    kind: Literal["items", "suppliers", "offers", "stock"],
    commit: bool = False,
    file: UploadedFile | None = OPTIONAL_FILE,
):
    ensure(request.user, imports.KINDS[kind].permission)
    if file is None:
        raise InvalidInput(fields={"file": [_("Attach a CSV or XLSX file.")]})
    raw = file.read()
    if commit:
        result = imports.import_commit(actor=request.user, kind=kind, raw=raw, filename=file.name or "")
    else:
        result = imports.check(kind, raw, file.name or "")
    return {
        "kind": kind,
        "ok": result.ok,
        "rows": len(result.rows),
        "errors": result.errors,
        "created": result.created,
        "columns": result.columns,
    }


def _job_out(job):
    return {**ImportJobOut.from_orm(job).model_dump(), "percent": job.percent}


@router.post(
    "/imports/{kind}/jobs",
    response={202: ImportJobOut, **ERRORS},
    summary="Start a background job checking a file; poll it for progress, then commit it",
)
def start_import_job(
    request, kind: Literal["items", "suppliers", "offers", "stock"], file: UploadedFile | None = OPTIONAL_FILE
):
    ensure(request.user, imports.KINDS[kind].permission)
    if file is None:
        raise InvalidInput(fields={"file": [_("Attach a CSV or XLSX file.")]})
    job = imports.import_job_start(actor=request.user, kind=kind, raw=file.read(), filename=file.name or "")
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/imports/jobs/{job_id}", response={200: ImportJobOut, **ERRORS}, summary="How far an import got")
def get_import_job(request, job_id: int):
    if not any(can(request.user, spec.permission) for spec in imports.KINDS.values()):
        raise NotAllowed()
    return _job_out(get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=job_id))


@router.post("/imports/jobs/{job_id}/commit", response={202: ImportJobOut, **ERRORS}, summary="Import a checked file")
def commit_import_job(request, job_id: int):
    if not any(can(request.user, spec.permission) for spec in imports.KINDS.values()):
        raise NotAllowed()
    job = get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=job_id)
    started = imports.import_job_commit(actor=request.user, job=job)
    started.refresh_from_db()
    return Status(202, _job_out(started))


@router.get("/usage", response={200: UsageOut, **ERRORS}, summary="Consumption per month and department, forecast")
def get_usage(request, item: int | None = None, department: int | None = None):
    return {
        "monthly": usage.monthly(request.user, item_id=item, department_id=department),
        "departments": usage.by_department(request.user),
        "forecast": usage.forecast(request.user),
    }
