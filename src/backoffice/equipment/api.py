"""/api/v1/equipment/: thin adapters over the equipment services and selectors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.audit import history_of
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.permissions import can
from backoffice.core.schemas import ERRORS
from backoffice.equipment import downloads, polling, reports, selectors, services, snmp
from backoffice.equipment.filters import AssetFilter, RequestFilter
from backoffice.equipment.models import Asset, Vendor
from backoffice.equipment.schemas import (
    AssetFileOut,
    AssetIn,
    AssetOut,
    AssetPatch,
    AssignIn,
    ConsumableIn,
    ConsumableOut,
    DiscoverIn,
    DiscoverOut,
    GuideIn,
    GuideOut,
    HistoryOut,
    MoveIn,
    PlanIn,
    PlanOut,
    PollOut,
    ReadingIn,
    ReadingOut,
    ReliabilityOut,
    ReopenIn,
    ReportIn,
    RequestOut,
    SelfHelpOut,
    SupplyLevelOut,
    TriageIn,
    VendorIn,
    VendorOut,
)
from backoffice.people.models import Department, Employee
from backoffice.people.selectors import departments_visible_to, employees_visible_to

router = Router(tags=["equipment"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _filtered(filter_class, request, queryset):
    filters = filter_class(request.GET, queryset=queryset)
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.qs


def _employee(user, pk: int | None, field: str) -> Employee | None:
    if pk is None:
        return None
    found = employees_visible_to(user).filter(pk=pk, archived_at__isnull=True).first()
    if found is None:
        raise InvalidInput(fields={field: [_("Unknown employee.")]})
    return found


def _department(user, pk: int | None) -> Department | None:
    if pk is None:
        return None
    found = departments_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise InvalidInput(fields={"department_id": [_("Unknown department.")]})
    return found


def _vendor(user, pk: int | None) -> Vendor | None:
    if pk is None:
        return None
    found = selectors.vendors_visible_to(user).filter(pk=pk, archived_at__isnull=True).first()
    if found is None:
        raise InvalidInput(fields={"vendor_id": [_("Unknown vendor.")]})
    return found


def _asset(user, asset_id: int) -> Asset:
    return get_object_or_404(selectors.assets_visible_to(user), pk=asset_id)


def _asset_values(request, data: dict) -> dict:
    if "assignee_id" in data:
        data["assignee"] = _employee(request.user, data.pop("assignee_id"), "assignee_id")
    if "department_id" in data:
        data["department"] = _department(request.user, data.pop("department_id"))
    if "vendor_id" in data:
        data["vendor"] = _vendor(request.user, data.pop("vendor_id"))
    if data.get("ip_address") is not None:
        data["ip_address"] = str(data["ip_address"])
    if "snmp_version" in data:
        data["snmp_version"] = data["snmp_version"] or ""
    for name in ("snmp_community", "snmp_user", "snmp_auth_key", "snmp_priv_key", "snmp_context"):
        if name in data and data[name] is None:
            data[name] = ""  # an explicit null clears it
    for name in ("snmp_auth_protocol", "snmp_priv_protocol"):
        if name in data and data[name] is None:
            data.pop(name)
    return data


# --- assets -----------------------------------------------------------------------------------


@router.get("/assets", response={200: list[AssetOut], **ERRORS}, summary="The asset register")
@paginate(Page)
def list_assets(
    request,
    q: str = "",
    category: str = "",
    status: str = "",
    department: int | None = None,
    location: str = "",
    archived: str = "",
    ordering: str = "",
):
    rows = selectors.assets_visible_to(request.user).select_related(None)
    return _filtered(AssetFilter, request, rows)


@router.post("/assets", response={201: AssetOut, **ERRORS})
def create_asset(request, payload: AssetIn):
    if not can(request.user, "equipment.add_asset"):
        raise NotAllowed()
    asset = services.asset_create(actor=request.user, **_asset_values(request, payload.dict()))
    return Status(201, asset)


@router.get("/assets/{asset_id}", response={200: AssetOut, **ERRORS})
def get_asset(request, asset_id: int):
    return _asset(request.user, asset_id)


@router.patch("/assets/{asset_id}", response={200: AssetOut, **ERRORS})
def update_asset(request, asset_id: int, payload: AssetPatch):
    asset = _asset(request.user, asset_id)
    if not can(request.user, "equipment.change_asset"):
        raise NotAllowed()
    changes = _asset_values(request, payload.dict(exclude_unset=True))
    return services.asset_update(actor=request.user, asset=asset, **changes)


@router.delete("/assets/{asset_id}", response={200: AssetOut, **ERRORS}, summary="Archive (retire) an asset")
def archive_asset(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    return services.asset_archive(actor=request.user, asset=asset)


@router.get("/assets/{asset_id}/history", response={200: list[HistoryOut], **ERRORS})
def asset_history(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    if not can(request.user, "equipment.change_asset"):
        raise NotAllowed()
    return list(history_of(asset)[:200])


@router.get("/assets/{asset_id}/self-help", response={200: SelfHelpOut, **ERRORS}, summary="Guides before a report")
def self_help(request, asset_id: int):
    asset = get_object_or_404(selectors.assets_reportable_by(request.user), pk=asset_id)
    return {
        "asset_id": asset.pk,
        "asset": asset.name,
        "guides": list(selectors.guides_for(asset)),
        "past_resolutions": selectors.past_resolutions(asset),
    }


def _levels(levels) -> list[dict]:
    return [
        {
            "index": s.index,
            "description": s.description,
            "max_capacity": s.max_capacity,
            "level": s.level,
            "percent": snmp.level_percent(s.level, s.max_capacity),
            "shown_as": snmp.level_text(s.level, s.max_capacity),
        }
        for s in levels
    ]


@router.get("/assets/{asset_id}/readings", response={200: list[ReadingOut], **ERRORS})
@paginate(Page)
def list_readings(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    return selectors.readings_visible_to(request.user).filter(asset=asset).select_related(None)


@router.post("/assets/{asset_id}/readings", response={201: ReadingOut, **ERRORS}, summary="Enter a page counter")
def add_reading(request, asset_id: int, payload: ReadingIn):
    asset = _asset(request.user, asset_id)
    reading = services.meter_record(
        actor=request.user, asset=asset, pages=payload.pages, taken_at=payload.taken_at, note=payload.note
    )
    return Status(201, reading)


@router.get("/assets/{asset_id}/supplies", response={200: list[SupplyLevelOut], **ERRORS})
def list_supply_levels(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    return _levels(selectors.supply_levels_of(request.user, asset))


@router.post("/assets/{asset_id}/poll", response={200: PollOut, **ERRORS}, summary="Read the device over SNMP now")
def poll_asset(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    if not asset.polls:
        if not can(request.user, "equipment.add_meterreading"):
            raise NotAllowed()
        raise InvalidInput(fields={"ip_address": [_("Set the device's IP address and SNMP settings first.")]})
    report = polling.assets_poll(actor=request.user, assets=[asset])[0]
    asset.refresh_from_db()
    return {
        "asset_id": asset.pk,
        "ok": report.ok,
        "outcome": asset.poll_outcome,
        "error": report.error,
        "page_count": report.page_count,
        "supplies": _levels(asset.supply_levels.all()),
    }


@router.post("/discover", response={200: DiscoverOut, **ERRORS}, summary="Who is at this IP address (SNMP)")
def discover(request, payload: DiscoverIn):
    return polling.device_discover(
        actor=request.user,
        ip_address=str(payload.ip_address),
        community=payload.community,
        port=payload.port,
        version=payload.version,
        user=payload.user,
        auth_protocol=payload.auth_protocol,
        auth_key=payload.auth_key,
        priv_protocol=payload.priv_protocol,
        priv_key=payload.priv_key,
        context=payload.context,
    )


# --- photos and documents ---------------------------------------------------------------------


@router.get("/assets/{asset_id}/files", response={200: list[AssetFileOut], **ERRORS}, summary="Photos and documents")
def list_asset_files(request, asset_id: int):
    asset = _asset(request.user, asset_id)
    return list(selectors.asset_files_visible_to(request.user).filter(asset=asset))


@router.post(
    "/assets/{asset_id}/files",
    response={201: AssetFileOut, **ERRORS},
    summary="Attach a photo or a document (multipart: file, kind, title)",
)
def upload_asset_file(
    request, asset_id: int, file: File[UploadedFile], kind: Form[str] = "document", title: Form[str] = ""
):
    asset = _asset(request.user, asset_id)
    if not can(request.user, "equipment.add_assetfile"):
        raise NotAllowed()
    if file.size > services.max_file_bytes():
        raise InvalidInput(
            fields={
                "file": [_("The file is larger than %(limit)d MB.") % {"limit": services.max_file_bytes() // 2**20}]
            }
        )
    created = services.asset_file_add(
        actor=request.user, asset=asset, kind=kind, title=title, filename=file.name, data=file.read()
    )
    return Status(201, created)


@router.get(
    "/files/{file_id}/download",
    response=ERRORS,
    summary="The file itself (only of an asset you may see)",
    openapi_extra={"responses": {200: {"description": "The file", "content": {"application/octet-stream": {}}}}},
)
def download_asset_file(request, file_id: int):
    found = get_object_or_404(selectors.asset_files_visible_to(request.user), pk=file_id)
    return downloads.file_response(found.file, filename=found.filename, content_type=found.content_type)


@router.delete("/files/{file_id}", response={200: AssetFileOut, **ERRORS}, summary="Remove (archive) a file")
def archive_asset_file(request, file_id: int):
    found = get_object_or_404(selectors.asset_files_visible_to(request.user), pk=file_id)
    return services.asset_file_archive(actor=request.user, asset_file=found)


# --- vendors and guides -----------------------------------------------------------------------


@router.get("/vendors", response={200: list[VendorOut], **ERRORS})
def list_vendors(request):
    return list(selectors.vendors_visible_to(request.user).filter(archived_at__isnull=True))


@router.post("/vendors", response={201: VendorOut, **ERRORS})
def create_vendor(request, payload: VendorIn):
    return Status(201, services.vendor_create(actor=request.user, **payload.dict()))


@router.get("/guides", response={200: list[GuideOut], **ERRORS})
@paginate(Page)
def list_guides(request):
    return selectors.guides_visible_to(request.user)


@router.post("/guides", response={201: GuideOut, **ERRORS})
def create_guide(request, payload: GuideIn):
    return Status(201, services.guide_create(actor=request.user, **payload.dict()))


# --- maintenance requests ---------------------------------------------------------------------


@router.get("/requests", response={200: list[RequestOut], **ERRORS}, summary="Maintenance requests I may see")
@paginate(Page)
def list_requests(
    request,
    q: str = "",
    status: str = "",
    open: bool | None = None,
    priority: str = "",
    kind: str = "",
    asset: int | None = None,
    ordering: str = "",
):
    return _filtered(RequestFilter, request, selectors.requests_visible_to(request.user))


@router.post("/requests", response={201: RequestOut, **ERRORS}, summary="Report a fault")
def report_fault(request, payload: ReportIn):
    asset = selectors.assets_reportable_by(request.user).filter(pk=payload.asset_id).first()
    if asset is None:
        raise InvalidInput(fields={"asset_id": [_("Unknown asset.")]})
    created = services.request_report(
        actor=request.user,
        asset=asset,
        description=payload.description,
        out_of_service=payload.out_of_service,
        self_help=payload.self_help,
    )
    return Status(201, created)


def _request(user, request_id: int):
    return get_object_or_404(selectors.requests_visible_to(user), pk=request_id)


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS})
def get_request(request, request_id: int):
    return _request(request.user, request_id)


@router.get(
    "/requests/{request_id}/photo",
    response=ERRORS,
    summary="The photo attached to a fault report",
    openapi_extra={"responses": {200: {"description": "The photo", "content": {"image/*": {}}}}},
)
def request_photo(request, request_id: int):
    return downloads.request_photo_response(_request(request.user, request_id))


@router.post("/requests/{request_id}/triage", response={200: RequestOut, **ERRORS})
def triage_request(request, request_id: int, payload: TriageIn):
    found = _request(request.user, request_id)
    return services.request_triage(
        actor=request.user, request=found, priority=payload.priority or "", kind=payload.kind or ""
    )


@router.post("/requests/{request_id}/assign", response={200: RequestOut, **ERRORS})
def assign_request(request, request_id: int, payload: AssignIn):
    found = _request(request.user, request_id)
    if not can(request.user, "equipment.change_maintenancerequest"):
        raise NotAllowed()
    return services.request_assign(
        actor=request.user,
        request=found,
        assignee=_employee(request.user, payload.assignee_id, "assignee_id"),
        vendor=_vendor(request.user, payload.vendor_id),
        note=payload.note,
    )


@router.post("/requests/{request_id}/status", response={200: RequestOut, **ERRORS}, summary="Move along the flow")
def move_request(request, request_id: int, payload: MoveIn):
    found = _request(request.user, request_id)
    return services.request_move(actor=request.user, request=found, **payload.dict())


@router.post("/requests/{request_id}/reopen", response={200: RequestOut, **ERRORS})
def reopen_request(request, request_id: int, payload: ReopenIn):
    found = _request(request.user, request_id)
    return services.request_reopen(actor=request.user, request=found, reason=payload.reason)


# --- plans and reports ------------------------------------------------------------------------


@router.get("/plans", response={200: list[PlanOut], **ERRORS})
@paginate(Page)
def list_plans(request):
    return selectors.plans_visible_to(request.user).filter(archived_at__isnull=True)


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="Plan preventive maintenance")
def create_plan(request, payload: PlanIn):
    if not can(request.user, "equipment.add_maintenanceplan"):
        raise NotAllowed()
    asset = selectors.assets_visible_to(request.user).filter(pk=payload.asset_id).first()
    if asset is None:
        raise InvalidInput(fields={"asset_id": [_("Unknown asset.")]})
    data = payload.dict(exclude={"asset_id", "assignee_id"})
    assignee = _employee(request.user, payload.assignee_id, "assignee_id")
    return Status(201, services.plan_create(actor=request.user, asset=asset, assignee=assignee, **data))


@router.get("/reports/reliability", response={200: list[ReliabilityOut], **ERRORS}, summary="MTBF, MTTR, downtime")
def reliability(request, by: str = "model"):
    if by not in ("model", "asset"):
        raise InvalidInput(fields={"by": [_("Choose model or asset.")]})
    return reports.reliability(request.user, by=by)


# --- consumables ------------------------------------------------------------------------------


@router.get("/consumables", response={200: list[ConsumableOut], **ERRORS}, summary="Supply items models use")
def list_consumables(request):
    return list(selectors.consumables_visible_to(request.user)[:1000])


@router.post("/consumables", response={201: ConsumableOut, **ERRORS})
def create_consumable(request, payload: ConsumableIn):
    if not can(request.user, "equipment.add_consumablelink"):
        raise NotAllowed()
    from backoffice.supplies.selectors import items_visible_to

    item = items_visible_to(request.user).filter(pk=payload.item_id).first()
    if item is None:
        raise InvalidInput(fields={"item_id": [_("Unknown supply item.")]})
    data = payload.dict(exclude={"item_id"})
    return Status(201, services.consumable_link_create(actor=request.user, item=item, **data))
