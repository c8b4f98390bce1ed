"""Every change of equipment data: permission-checked, validated, audited, in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.notifications import notify
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import archive_record, create_record, update_record
from backoffice.core.text import fold
from backoffice.equipment import monthly
from backoffice.equipment.choices import (
    TRANSITIONS,
    AssetFileKind,
    AssetStatus,
    Priority,
    ReadingSource,
    RequestKind,
    RequestStatus,
    SnmpAuthProtocol,
    SnmpPrivProtocol,
    SnmpVersion,
)
from backoffice.equipment.models import (
    Asset,
    AssetFile,
    ConsumableLink,
    MaintenancePlan,
    MaintenanceRequest,
    MeterReading,
    TroubleshootingGuide,
    Vendor,
)
from backoffice.people.choices import Area
from backoffice.people.models import Employee
from backoffice.people.selectors import employee_of, responsible_for

Actor = AbstractBaseUser | None

ASSET_FIELDS = {
    "category",
    "manufacturer",
    "model_name",
    "serial_number",
    "inventory_number",
    "location",
    "assignee",
    "department",
    "purchase_date",
    "purchase_price",
    "warranty_until",
    "vendor",
    "contract_number",
    "response_hours",
    "contract_until",
    "status",
    "ip_address",
    "snmp_version",
    "snmp_community",
    "snmp_user",
    "snmp_auth_protocol",
    "snmp_auth_key",
    "snmp_priv_protocol",
    "snmp_priv_key",
    "snmp_context",
    "snmp_port",
}
SNMP_SECRETS = ("snmp_community", "snmp_auth_key", "snmp_priv_key")


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


def _search_text(values: dict[str, Any]) -> str:
    parts = [
        values.get(k) or ""
        for k in ("manufacturer", "model_name", "serial_number", "inventory_number", "location", "ip_address")
    ]
    return fold(" ".join(str(p) for p in parts))[:500]


def _clean_asset(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("manufacturer", "model_name", "serial_number", "inventory_number", "location"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if values.get("ip_address") == "":
        values["ip_address"] = None
    return values


def check_snmp_settings(values: dict[str, Any]) -> None:
    """SNMP v3 (USM): a user; a privacy key only with an authentication key; keys of at least 8 characters
    (RFC 3414). v2c: a community. Messages name the field."""
    version = values.get("snmp_version") or ""
    errors: dict[str, list[str]] = {}
    if version == SnmpVersion.V3:
        if not (values.get("snmp_user") or "").strip():
            errors["snmp_user"] = [_("SNMP v3 needs a user name.")]
        auth_key, priv_key = values.get("snmp_auth_key") or "", values.get("snmp_priv_key") or ""
        if auth_key and len(auth_key) < 8:
            errors["snmp_auth_key"] = [_("An SNMP v3 key has at least 8 characters.")]
        if priv_key and len(priv_key) < 8:
            errors["snmp_priv_key"] = [_("An SNMP v3 key has at least 8 characters.")]
        elif priv_key and not auth_key:
            errors["snmp_priv_key"] = [_("Encryption (privacy) needs an authentication key too.")]
        if values.get("snmp_auth_protocol") and values["snmp_auth_protocol"] not in SnmpAuthProtocol.values:
            errors["snmp_auth_protocol"] = [_("Unknown protocol.")]
        if values.get("snmp_priv_protocol") and values["snmp_priv_protocol"] not in SnmpPrivProtocol.values:
            errors["snmp_priv_protocol"] = [_("Unknown protocol.")]
    elif version == SnmpVersion.V2C and not (values.get("snmp_community") or ""):
        errors["snmp_community"] = [_("SNMP v2c needs a community.")]
    if errors:
        raise InvalidInput(fields=errors)


def _check_serial(serial: str, exclude: int | None = None) -> None:
    """Compared without case and spaces: "ab 123" and "AB123" are the same machine."""
    rows = Asset.objects.filter(serial_number__iexact=serial)
    if exclude:
        rows = rows.exclude(pk=exclude)
    if serial and rows.exists():
        raise InvalidInput(fields={"serial_number": [_("An asset with this serial number is already registered.")]})


# --- vendors ----------------------------------------------------------------------------------


def vendor_create(*, actor: Actor, name: str, email: str = "", phone: str = "") -> Vendor:
    ensure(actor, "equipment.add_vendor")
    return create_record(Vendor, name=(name or "").strip(), email=email, phone=phone, phone_e164=normalize_phone(phone))


def vendor_update(*, actor: Actor, vendor: Vendor, **changes: Any) -> Vendor:
    ensure(actor, "equipment.change_vendor")
    _only(changes, {"name", "email", "phone"})
    if "phone" in changes:
        changes["phone_e164"] = normalize_phone(changes["phone"])
    return update_record(vendor, **changes)


# --- assets -----------------------------------------------------------------------------------


def asset_create(*, actor: Actor, **values: Any) -> Asset:
    ensure(actor, "equipment.add_asset")
    values = _clean_asset(_only(values, ASSET_FIELDS))
    _check_serial(values.get("serial_number", ""))
    check_snmp_settings(values)
    return create_record(Asset, search_text=_search_text(values), **values)


def asset_update(*, actor: Actor, asset: Asset, reason: str = "", **changes: Any) -> Asset:
    ensure(actor, "equipment.change_asset")
    changes = _clean_asset(_only(changes, ASSET_FIELDS))
    if "serial_number" in changes:
        _check_serial(changes["serial_number"], exclude=asset.pk)
    merged = {k: getattr(asset, k) for k in ASSET_FIELDS}
    merged.update(changes)
    if {"snmp_version", *SNMP_SECRETS, "snmp_user"} & changes.keys():
        check_snmp_settings(merged)
    return update_record(asset, reason=reason, search_text=_search_text(merged), **changes)


def asset_archive(*, actor: Actor, asset: Asset, reason: str = "") -> Asset:
    ensure(actor, "equipment.delete_asset")
    if asset.requests.filter(status__in=TRANSITIONS.keys() - {RequestStatus.RESOLVED, RequestStatus.CLOSED}).exists():
        raise InvalidInput(_("Resolve the asset's open maintenance requests before archiving it."))
    with transaction.atomic():
        update_record(asset, reason=reason, status=AssetStatus.RETIRED)
        return archive_record(asset, reason=reason)


# --- guides -----------------------------------------------------------------------------------


def guide_create(
    *, actor: Actor, manufacturer: str, title: str, body: str, model_name: str = ""
) -> TroubleshootingGuide:
    ensure(actor, "equipment.add_troubleshootingguide")
    return create_record(
        TroubleshootingGuide,
        manufacturer=(manufacturer or "").strip(),
        model_name=(model_name or "").strip(),
        title=(title or "").strip(),
        body=body,
    )


def guide_update(*, actor: Actor, guide: TroubleshootingGuide, **changes: Any) -> TroubleshootingGuide:
    ensure(actor, "equipment.change_troubleshootingguide")
    _only(changes, {"manufacturer", "model_name", "title", "body"})
    return update_record(guide, **changes)


# --- maintenance requests ---------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _request_url(request: MaintenanceRequest) -> str:
    return reverse("equipment:request_detail", args=[request.pk])


def _tell_reporter(request: MaintenanceRequest, title: Promise, values: dict[str, Any], body: str = "") -> None:
    """`title` is a lazy message formatted with `values` in the reporter's language, not the actor's."""
    reporter = request.reporter
    if reporter is None or not reporter.is_active:
        return
    with speaking_to(reporter):
        notify(
            recipient=reporter,
            title=title % values,
            body=body or request.description[:300],
            url=_request_url(request),
        )


def _tell_assignee(request: MaintenanceRequest) -> None:
    """The assignee hears of it — or whoever covers their equipment duties today."""
    if request.assignee is None:
        return
    handler = responsible_for(request.assignee, Area.EQUIPMENT)
    if handler.user is None:
        return
    with speaking_to(handler.user):
        notify(
            recipient=handler.user,
            title=_("Repair of %(asset)s is assigned to you") % {"asset": request.asset.name},
            body=request.description[:300],
            url=_request_url(request),
        )


def request_report(
    *,
    actor: Actor,
    asset: Asset,
    description: str,
    out_of_service: bool = False,
    photo=None,
    self_help: bool = False,
) -> MaintenanceRequest:
    """Anyone logged in reports a fault. `self_help`: the reporter fixed it with a guide; it is resolved at once."""
    if actor is not None and not actor.is_authenticated:
        raise NotAllowed()
    if asset.archived_at is not None or asset.status == AssetStatus.RETIRED:
        raise InvalidInput(fields={"asset": [_("This asset is retired; faults can no longer be reported.")]})
    description = (description or "").strip()
    if not description:
        raise InvalidInput(fields={"description": [_("Describe what is wrong.")]})
    if photo:
        _check_fault_photo(photo)
    now = timezone.now()
    with transaction.atomic():
        values: dict[str, Any] = {
            "asset": asset,
            "reporter": actor,
            "description": description,
            "out_of_service": out_of_service and not self_help,
            "photo": photo or "",
        }
        if self_help:
            values.update(
                status=RequestStatus.RESOLVED,
                self_help=True,
                resolved_at=now,
                repair_seconds=0,
                resolution=_("Fixed by the reporter."),
            )
        elif asset.response_hours:
            values["respond_by"] = now + dt.timedelta(hours=asset.response_hours)
        if values["out_of_service"]:
            values["down_from"] = now
        request = create_record(MaintenanceRequest, **values)
        if values["out_of_service"] and asset.status == AssetStatus.IN_SERVICE:
            update_record(asset, status=AssetStatus.OUT_OF_ORDER, reason=_("Fault reported"))
        if not self_help:
            _tell_reporter(
                request, gettext_lazy("Your fault report about %(asset)s was received"), {"asset": asset.name}
            )
    return request


def _check_fault_photo(photo) -> None:
    """The photo of a fault report goes through core.files like every upload (type by content, bomb guard)."""
    from django.conf import settings

    from backoffice.core import files

    limit = int(getattr(settings, "EQUIPMENT_MAX_PHOTO_BYTES", 10 * 1024 * 1024))
    if getattr(photo, "size", 0) > limit:
        raise InvalidInput(fields={"photo": [_("The file is larger than %(limit)d MB.") % {"limit": limit >> 20}]})
    photo.seek(0)
    data = photo.read()
    photo.seek(0)
    try:
        files.check(
            data, types=PHOTO_TYPES, max_bytes=limit, type_message=_("A photo must be a JPEG, PNG, GIF or WebP image.")
        )
    except files.FileRefused as refused:
        raise InvalidInput(fields={"photo": [refused.message]}) from None


def request_triage(
    *, actor: Actor, request: MaintenanceRequest, priority: str = "", kind: str = ""
) -> MaintenanceRequest:
    ensure(actor, "equipment.change_maintenancerequest")
    changes = {}
    if priority:
        if priority not in Priority.values:
            raise InvalidInput(fields={"priority": [_("Unknown priority.")]})
        changes["priority"] = priority
    if kind:
        if kind not in RequestKind.values:
            raise InvalidInput(fields={"kind": [_("Unknown kind.")]})
        changes["kind"] = kind
    return update_record(request, **changes)


def _vendor_email(request: MaintenanceRequest, vendor: Vendor, note: str) -> None:
    asset = request.asset
    lines = [
        _("Service request #%(number)s") % {"number": request.pk},
        "",
        _("Asset: %(name)s") % {"name": asset.name},
        _("Serial number: %(serial)s") % {"serial": asset.serial_number},
        _("Inventory number: %(number)s") % {"number": asset.inventory_number or "—"},
        _("Location: %(location)s") % {"location": asset.location or "—"},
        _("Service contract number: %(number)s") % {"number": asset.contract_number or "—"},
        _("Priority: %(priority)s") % {"priority": request.get_priority_display()},
        "",
        _("Fault description:"),
        request.description,
    ]
    if request.respond_by:
        lines += ["", _("Response required by: %(when)s") % {"when": _when(request.respond_by)}]
    if note:
        lines += ["", note]
    enqueue_email(
        to=[vendor.email],
        subject=_("Service request #%(number)s: %(asset)s, serial number %(serial)s")
        % {"number": request.pk, "asset": asset.name, "serial": asset.serial_number},
        body="\n".join(lines),
    )


def request_assign(
    *,
    actor: Actor,
    request: MaintenanceRequest,
    assignee: Employee | None = None,
    vendor: Vendor | None = None,
    note: str = "",
) -> MaintenanceRequest:
    """Give the work to a colleague or to an external vendor (who gets a service request e-mail)."""
    ensure(actor, "equipment.change_maintenancerequest")
    if (assignee is None) == (vendor is None):
        raise InvalidInput(fields={"assignee": [_("Choose either a person or a vendor.")]})
    if not request.is_open:
        raise InvalidInput(_("A resolved request cannot be reassigned; reopen it first."))
    if assignee is not None and assignee.archived_at is not None:
        raise InvalidInput(fields={"assignee": [_("This person no longer works here.")]})
    if vendor is not None and not vendor.email:
        raise InvalidInput(fields={"vendor": [_("The vendor has no service e-mail address.")]})
    now = timezone.now()
    changes: dict[str, Any] = {"assignee": assignee, "vendor": vendor, "assigned_at": now}
    if request.status == RequestStatus.NEW:
        changes["status"] = RequestStatus.ASSIGNED
    if vendor is not None and request.asset.response_hours and request.asset.vendor_id == vendor.pk:
        changes["respond_by"] = now + dt.timedelta(hours=request.asset.response_hours)
    with transaction.atomic():
        update_record(request, reason=note, **changes)
        if vendor is not None:
            _vendor_email(request, vendor, note)
            who = vendor.name
        else:
            _tell_assignee(request)
            who = assignee.full_name
        _tell_reporter(
            request,
            gettext_lazy("Your fault report about %(asset)s was assigned to %(who)s"),
            {"asset": request.asset.name, "who": who},
        )
    return request


STATUS_MESSAGES = {
    RequestStatus.IN_PROGRESS: gettext_lazy("Work on %(asset)s has started"),
    RequestStatus.WAITING: gettext_lazy("The repair of %(asset)s is waiting for parts or the vendor"),
    RequestStatus.RESOLVED: gettext_lazy("The fault of %(asset)s was resolved"),
    RequestStatus.CLOSED: gettext_lazy("Your fault report about %(asset)s was closed"),
}


def may_work_on(actor: Actor, request: MaintenanceRequest) -> bool:
    """The back office and technicians; and the assigned colleague, or whoever covers for them today."""
    if can(actor, "equipment.change_maintenancerequest"):
        return True
    if actor is None or not actor.is_authenticated or request.assignee is None:
        return False
    me = employee_of(actor)
    return me is not None and responsible_for(request.assignee, Area.EQUIPMENT).pk == me.pk


def _refusal(current: str, status: str) -> str:
    """Why a request cannot move to `status`: one whole sentence per case (no status word put into a sentence,
    which cannot be declined right in Czech)."""
    if current == status:
        return _("The request already has this status.")
    return {
        RequestStatus.NEW: _("A request cannot go back to new; reopen it if the fault came back."),
        RequestStatus.ASSIGNED: _(
            "A request is assigned by choosing a colleague or a vendor, not by a change of status."
        ),
        RequestStatus.IN_PROGRESS: _(
            "Only an assigned request, or one waiting for parts or the vendor, can be started."
        ),
        RequestStatus.WAITING: _("Only an assigned request or one in progress can wait for parts or the vendor."),
        RequestStatus.RESOLVED: _("A closed request cannot be resolved again; reopen it first."),
        RequestStatus.CLOSED: _("Only a resolved request can be closed."),
    }[status]


def request_move(
    *,
    actor: Actor,
    request: MaintenanceRequest,
    status: str,
    note: str = "",
    resolution: str = "",
    parts_cost: Decimal | None = None,
    labour_cost: Decimal | None = None,
) -> MaintenanceRequest:
    """Move the request along new → assigned → in progress → waiting → resolved → closed."""
    if not may_work_on(actor, request):
        raise NotAllowed()
    if status not in RequestStatus.values:
        raise InvalidInput(fields={"status": [_("Unknown status.")]})
    if status not in TRANSITIONS[request.status]:
        raise InvalidInput(fields={"status": [_refusal(request.status, status)]})
    for name, value in (("parts_cost", parts_cost), ("labour_cost", labour_cost)):
        if value is not None and value < 0:
            raise InvalidInput(fields={name: [_("Costs cannot be negative.")]})
    now = timezone.now()
    changes: dict[str, Any] = {"status": status}
    if parts_cost is not None:
        changes["parts_cost"] = parts_cost
    if labour_cost is not None:
        changes["labour_cost"] = labour_cost
    if resolution:
        changes["resolution"] = resolution.strip()
    asset = request.asset
    asset_status = None
    if status == RequestStatus.IN_PROGRESS and request.started_at is None:
        changes["started_at"] = now
        if request.out_of_service:
            asset_status = AssetStatus.IN_REPAIR
    if status == RequestStatus.RESOLVED:
        if not (resolution or request.resolution).strip():
            raise InvalidInput(fields={"resolution": [_("Say how the fault was resolved.")]})
        changes["resolved_at"] = now
        changes["repair_seconds"] = _seconds(request.created_at, now)
        if request.down_from and request.down_until is None:
            changes["down_until"] = now
        if request.down_from:
            changes["down_seconds"] = _seconds(request.down_from, changes.get("down_until") or request.down_until)
        if request.out_of_service and not _other_outage(request):
            asset_status = AssetStatus.IN_SERVICE
    if status == RequestStatus.CLOSED:
        changes["closed_at"] = now
    with transaction.atomic():
        update_record(request, reason=note, **changes)
        if "down_seconds" in changes:
            monthly.recount_downtime(request.asset_id, [request.down_from])
        if asset_status and asset.status != AssetStatus.RETIRED and asset.status != asset_status:
            update_record(asset, status=asset_status, reason=_("Maintenance request #%(n)s") % {"n": request.pk})
        if request.plan_id and status == RequestStatus.RESOLVED:
            _plan_done(request.plan, now)
        _tell_reporter(request, STATUS_MESSAGES[status], {"asset": asset.name}, note or request.resolution)
    return request


def _seconds(start: dt.datetime, end: dt.datetime) -> int:
    return max(int((end - start).total_seconds()), 0)


def _other_outage(request: MaintenanceRequest) -> bool:
    return (
        MaintenanceRequest.objects.filter(asset_id=request.asset_id, out_of_service=True, down_until__isnull=True)
        .exclude(pk=request.pk)
        .filter(down_from__isnull=False)
        .exists()
    )


def request_reopen(*, actor: Actor, request: MaintenanceRequest, reason: str) -> MaintenanceRequest:
    """The fault came back: the reporter or the back office reopens a resolved or closed request."""
    own = actor is not None and request.reporter_id == actor.pk
    if not (can(actor, "equipment.change_maintenancerequest") or own):
        raise NotAllowed()
    if request.is_open:
        raise InvalidInput(_("This request is still open."))
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the request is reopened.")]})
    status = RequestStatus.ASSIGNED if (request.assignee_id or request.vendor_id) else RequestStatus.NEW
    now = timezone.now()
    changes: dict[str, Any] = {
        "status": status,
        "resolved_at": None,
        "closed_at": None,
        "self_help": False,
        "repair_seconds": None,
        "down_seconds": None,
    }
    with transaction.atomic():
        counted_from = request.down_from if request.down_seconds is not None else None
        if request.out_of_service:
            changes["down_from"] = request.down_from or now
            changes["down_until"] = None
        update_record(request, reason=reason, **changes)
        monthly.recount_downtime(request.asset_id, [counted_from])
        if request.out_of_service and request.asset.status == AssetStatus.IN_SERVICE:
            update_record(request.asset, status=AssetStatus.OUT_OF_ORDER, reason=reason)
        _tell_reporter(
            request,
            gettext_lazy("The fault report about %(asset)s was reopened"),
            {"asset": request.asset.name},
            reason,
        )
        _tell_assignee(request)
    return request


def request_update_costs(
    *, actor: Actor, request: MaintenanceRequest, parts_cost: Decimal, labour_cost: Decimal, resolution: str = ""
) -> MaintenanceRequest:
    ensure(actor, "equipment.change_maintenancerequest")
    changes: dict[str, Any] = {"parts_cost": parts_cost, "labour_cost": labour_cost}
    if resolution:
        changes["resolution"] = resolution
    return update_record(request, **changes)


# --- meters -----------------------------------------------------------------------------------


def meter_record(
    *,
    actor: Actor,
    asset: Asset,
    pages: int,
    taken_at: dt.datetime | None = None,
    source: str = ReadingSource.MANUAL,
    note: str = "",
) -> MeterReading:
    """Record a page counter. Lower than the previous reading means the counter was reset: flagged, not trusted."""
    ensure(actor, "equipment.add_meterreading")
    if pages is None or pages < 0:
        raise InvalidInput(fields={"pages": [_("A page counter cannot be negative.")]})
    taken_at = taken_at or timezone.now()
    if taken_at > timezone.now() + dt.timedelta(minutes=5):
        raise InvalidInput(fields={"taken_at": [_("A reading cannot be taken in the future.")]})
    previous = asset.readings.filter(taken_at__lte=taken_at).order_by("-taken_at", "-id").first()
    is_reset = previous is not None and pages < previous.pages
    with transaction.atomic():
        reading = create_record(
            MeterReading,
            asset=asset,
            pages=pages,
            taken_at=taken_at,
            source=source,
            is_reset=is_reset,
            note=note or (_("The counter went backwards: a reset or a replaced board.") if is_reset else ""),
            recorded_by=actor,
        )
        monthly.count_reading(reading)
        if not is_reset:
            _plans_by_pages(asset, pages)
    return reading


# --- preventive maintenance -------------------------------------------------------------------

PLAN_FIELDS = {
    "asset",
    "title",
    "checklist",
    "every_days",
    "every_months",
    "every_pages",
    "lead_days",
    "next_due",
    "next_pages",
    "assignee",
}


def plan_create(*, actor: Actor, **values: Any) -> MaintenancePlan:
    ensure(actor, "equipment.add_maintenanceplan")
    _only(values, PLAN_FIELDS)
    if not (values.get("every_days") or values.get("every_months") or values.get("every_pages")):
        raise InvalidInput(fields={"every_days": [_("Say how often: every N days, N months or N pages.")]})
    if (values.get("every_days") or values.get("every_months")) and not values.get("next_due"):
        values["next_due"] = timezone.localdate()
    if values.get("every_pages") and not values.get("next_pages"):
        last = values["asset"].readings.filter(is_reset=False).order_by("-taken_at").first()
        values["next_pages"] = (last.pages if last else 0) + values["every_pages"]
    return create_record(MaintenancePlan, **values)


def plan_archive(*, actor: Actor, plan: MaintenancePlan, reason: str = "") -> MaintenancePlan:
    ensure(actor, "equipment.delete_maintenanceplan")
    return archive_record(plan, reason=reason)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    import calendar

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _plan_request(plan: MaintenancePlan, due: dt.date | None) -> MaintenanceRequest | None:
    if plan.requests.filter(
        status__in=[s for s in TRANSITIONS if s not in (RequestStatus.RESOLVED, RequestStatus.CLOSED)]
    ).exists():
        return None  # one open request per plan at a time
    request = create_record(
        MaintenanceRequest,
        asset=plan.asset,
        kind=RequestKind.PREVENTIVE,
        description=plan.title,
        checklist=plan.checklist,
        plan=plan,
        due_date=due,
        assignee=plan.assignee,
        status=RequestStatus.ASSIGNED if plan.assignee_id else RequestStatus.NEW,
        assigned_at=timezone.now() if plan.assignee_id else None,
    )
    _tell_assignee(request)
    return request


def _plan_done(plan: MaintenancePlan, at: dt.datetime) -> None:
    changes: dict[str, Any] = {}
    day = timezone.localtime(at).date()
    if plan.every_days:
        changes["next_due"] = day + dt.timedelta(days=plan.every_days)
    elif plan.every_months:
        changes["next_due"] = _add_months(day, plan.every_months)
    if plan.every_pages:
        last = plan.asset.readings.filter(is_reset=False).order_by("-taken_at").first()
        changes["next_pages"] = (last.pages if last else 0) + plan.every_pages
    update_record(plan, **changes)


def _plans_by_pages(asset: Asset, pages: int) -> None:
    for plan in asset.plans.filter(archived_at__isnull=True, every_pages__isnull=False, next_pages__isnull=False):
        # "ahead of time": a tenth of the interval before the counter gets there
        if pages >= plan.next_pages - plan.every_pages // 10:
            _plan_request(plan, None)


def plans_create_due_requests(*, actor: Actor, on: dt.date | None = None) -> list[MaintenanceRequest]:
    """Create requests for calendar plans due within their lead time (the daily job calls this)."""
    ensure(actor, "equipment.add_maintenancerequest")
    on = on or timezone.localdate()
    created = []
    plans = MaintenancePlan.objects.filter(archived_at__isnull=True, next_due__isnull=False).select_related("asset")
    for plan in plans:
        if plan.asset.archived_at is not None or plan.next_due - dt.timedelta(days=plan.lead_days) > on:
            continue
        with transaction.atomic():
            request = _plan_request(plan, plan.next_due)
        if request is not None:
            created.append(request)
    return created


# --- consumables ------------------------------------------------------------------------------


def consumable_link_create(
    *,
    actor: Actor,
    manufacturer: str,
    model_name: str,
    item,
    match: str,
    low_percent: int = 10,
    reorder_quantity: Decimal = Decimal("1"),
) -> ConsumableLink:
    ensure(actor, "equipment.add_consumablelink")
    if item is None or item.archived_at is not None:
        raise InvalidInput(fields={"item": [_("Choose a supply item that is still stocked.")]})
    if ConsumableLink.objects.filter(
        manufacturer__iexact=manufacturer.strip(), model_name__iexact=model_name.strip(), match__iexact=match.strip()
    ).exists():
        raise InvalidInput(fields={"match": [_("This model already has a consumable with this name on the device.")]})
    return create_record(
        ConsumableLink,
        manufacturer=(manufacturer or "").strip(),
        model_name=(model_name or "").strip(),
        item=item,
        match=(match or "").strip(),
        low_percent=low_percent,
        reorder_quantity=reorder_quantity,
    )


def links_for(asset: Asset) -> list[ConsumableLink]:
    return list(
        ConsumableLink.objects.filter(
            manufacturer__iexact=asset.manufacturer, model_name__iexact=asset.model_name
        ).select_related("item")
    )


def asset_keeper(asset: Asset) -> Employee | None:
    """Who looks after the machine today: its person (or their cover), else its department's head (or cover)."""
    person = asset.assignee or (asset.department.head if asset.department_id else None)
    return responsible_for(person, Area.EQUIPMENT) if person is not None else None


def consumable_running_low(*, asset: Asset, link: ConsumableLink, level: int, max_capacity: int) -> None:
    """A device reports a consumable running low: the keeper hears of it and asks supplies for a refill."""
    from backoffice.equipment.snmp import level_text  # here: the SNMP library loads only where devices are polled

    keeper = asset_keeper(asset)
    if keeper is None or keeper.user is None:
        return
    with speaking_to(keeper.user):
        title = _("%(item)s is running low in %(asset)s (%(level)s)") % {
            "item": link.item.name,
            "asset": asset.name,
            "level": level_text(level, max_capacity),
        }
        notify(recipient=keeper.user, title=title, body=asset.location, url=asset.get_absolute_url())
    from backoffice.supplies.services import supply_request_create  # equipment -> supplies, through its services

    if not can(keeper.user, "supplies.add_supplyrequest"):
        return
    try:
        with transaction.atomic():
            supply_request_create(
                actor=keeper.user,
                item=link.item,
                quantity=link.reorder_quantity,
                note=_("For %(asset)s, serial number %(serial)s (reported by the device).")
                % {"asset": asset.name, "serial": asset.serial_number},
            )
    except (InvalidInput, NotAllowed):
        return  # the keeper was told; supplies may refuse (an archived item), which must not stop the poll


# --- photos and documents of an asset ---------------------------------------------------------

PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
DOCUMENT_TYPES = {
    **PHOTO_TYPES,
    "image/tiff": "tif",
    "application/pdf": "pdf",
    "application/rtf": "rtf",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "text/plain": "txt",
}


def max_file_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "EQUIPMENT_MAX_FILE_BYTES", 20 * 1024 * 1024))


def sniff_content_type(data: bytes) -> str:
    """The type judged from the bytes (core.files.sniff), never from the name or the browser's claim."""
    from backoffice.core import files

    return files.sniff(data)


def _safe_filename(name: str) -> str:
    import os

    from django.core.exceptions import SuspiciousFileOperation
    from django.utils.text import get_valid_filename

    try:
        cleaned = get_valid_filename(os.path.basename((name or "").replace("\\", "/")))
    except SuspiciousFileOperation:
        cleaned = ""
    return (cleaned or "file")[:200]


def asset_file_add(*, actor: Actor, asset: Asset, kind: str, filename: str, data: bytes, title: str = "") -> AssetFile:
    """Attach a photo or a document. The type is sniffed from the content; the file is stored under a random
    name and only ever served through the permission-checked download. Nothing stays behind on a refusal."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from backoffice.core import files

    ensure(actor, "equipment.add_assetfile")
    if asset.archived_at is not None:
        raise InvalidInput(fields={"file": [_("The asset is archived; files can no longer be added.")]})
    if kind not in AssetFileKind.values:
        raise InvalidInput(fields={"kind": [_("Choose a photo or a document.")]})
    allowed = PHOTO_TYPES if kind == AssetFileKind.PHOTO else DOCUMENT_TYPES
    try:
        content_type = files.check(
            data,
            types=allowed,
            max_bytes=max_file_bytes(),
            html_as_text=True,  # kept as text/plain, served as an attachment with nosniff
            type_message=(
                _("A photo must be a JPEG, PNG, GIF or WebP image.")
                if kind == AssetFileKind.PHOTO
                else _("This kind of file is not accepted; use PDF, an image, an office document or plain text.")
            ),
        )
    except files.FileRefused as refused:
        raise InvalidInput(fields={"file": [refused.message]}) from None
    stored = default_storage.save(f"equipment/assets/{uuid.uuid4().hex}.{allowed[content_type]}", ContentFile(data))
    try:
        return create_record(
            AssetFile,
            asset=asset,
            kind=kind,
            title=(title or "").strip()[:200],
            file=stored,
            filename=_safe_filename(filename),
            content_type=content_type,
            size=len(data),
            uploaded_by=actor,
        )
    except Exception:
        default_storage.delete(stored)
        raise


def asset_file_archive(*, actor: Actor, asset_file: AssetFile, reason: str = "") -> AssetFile:
    """Take a file off the asset's card. It is archived (kept), like every business record."""
    ensure(actor, "equipment.delete_assetfile")
    return archive_record(asset_file, reason=reason)
