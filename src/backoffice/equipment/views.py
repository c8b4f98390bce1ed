"""Equipment pages: the register, an asset's card, fault reports (also from a QR label), repairs, reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.errors import DomainError
from backoffice.core.pages import form_page, list_page, paginate, run_service
from backoffice.core.permissions import can
from backoffice.equipment import downloads, labels, polling, reports, selectors, services, snmp
from backoffice.equipment.choices import (
    ASSET_BADGE,
    REQUEST_BADGE,
    TRANSITIONS,
    SnmpAuthProtocol,
    SnmpPrivProtocol,
)
from backoffice.equipment.filters import AssetFilter, RequestFilter
from backoffice.equipment.forms import (
    AssetFileForm,
    AssetForm,
    AssignForm,
    ConsumableForm,
    DiscoverForm,
    FaultForm,
    GuideForm,
    MoveForm,
    PlanForm,
    ReadingForm,
    ReopenForm,
    TriageForm,
    VendorForm,
)


def _need(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


# --- the register -----------------------------------------------------------------------------


@login_required
def asset_list(request):
    _need(request.user, "equipment.view_asset")
    filters = AssetFilter(request.GET, queryset=selectors.assets_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "equipment/asset_list.html",
        "equipment/_asset_table.html",
        {
            "filters": filters,
            "page": page,
            "badges": ASSET_BADGE,
            "may_add": can(request.user, "equipment.add_asset"),
        },
    )


@login_required
def asset_detail(request, pk: int):
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    tab = request.GET.get("tab", "overview")
    may_change = can(request.user, "equipment.change_asset")
    context = {
        "asset": asset,
        "tab": tab,
        "may_change": may_change,
        "badges": ASSET_BADGE,
        "request_badges": REQUEST_BADGE,
        "levels": [
            (s, snmp.level_text(s.level, s.max_capacity), snmp.level_percent(s.level, s.max_capacity))
            for s in selectors.supply_levels_of(request.user, asset)
        ],
        "requests": selectors.requests_visible_to(request.user).filter(asset=asset)[:20],
        "may_read_meter": can(request.user, "equipment.add_meterreading"),
        "consumables": selectors.consumables_visible_to(request.user).filter(
            manufacturer__iexact=asset.manufacturer, model_name__iexact=asset.model_name
        ),
    }
    if tab == "meters":
        context["readings"] = selectors.readings_visible_to(request.user).filter(asset=asset)[:50]
        context["reading_form"] = ReadingForm()
        if can(request.user, "equipment.view_maintenancerequest"):
            context["chart"] = {"pages": reports.pages_per_month(request.user, asset=asset)}
    elif tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(asset)[:200]
    elif tab == "files":
        files = list(selectors.asset_files_visible_to(request.user).filter(asset=asset))
        context["photos"] = [f for f in files if f.is_image and f.content_type in downloads.INLINE_TYPES]
        context["documents"] = [f for f in files if f not in context["photos"]]
        context["may_add_file"] = can(request.user, "equipment.add_assetfile") and not asset.is_archived
        context["may_remove_file"] = can(request.user, "equipment.delete_assetfile")
        context["file_form"] = AssetFileForm()
    if can(request.user, "equipment.view_maintenancerequest"):
        context["summary"] = reports.asset_summary(asset)
    return render(request, "equipment/asset_detail.html", context)


DISCOVERED = "equipment.discovered_credentials"  # session key: the SNMP secrets a discovery used, never in a URL


@login_required
def asset_create(request):
    _need(request.user, "equipment.add_asset")
    form = AssetForm(request.POST or None, initial=request.GET.dict() if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        values = form.changes()
        discovered = request.session.get(DISCOVERED) or {}
        if discovered.get("ip_address") and discovered["ip_address"] == values.get("ip_address"):
            for name in services.SNMP_SECRETS:  # typed on the discovery form; the browser never saw them again
                values[name] = values.get(name) or discovered.get(name, "")
        asset = run_service(form, services.asset_create, actor=request.user, **values)
        if asset is not None:
            request.session.pop(DISCOVERED, None)
            messages.success(request, _("Asset %(name)s was added.") % {"name": asset.name})
            return redirect("equipment:asset_detail", pk=asset.pk)
    return form_page(request, form, _("New asset"))


@login_required
def asset_edit(request, pk: int):
    _need(request.user, "equipment.change_asset")
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.asset_update, actor=request.user, asset=asset, **form.changes())
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("equipment:asset_detail", pk=asset.pk)
    return form_page(request, form, asset.name)


def _show_error(request, exc: DomainError) -> None:
    details = " ".join(m for messages_ in exc.fields.values() for m in messages_)
    messages.error(request, f"{exc.message} {details}".strip())


@login_required
@require_POST
def asset_archive(request, pk: int):
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    try:
        services.asset_archive(actor=request.user, asset=asset, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        _show_error(request, exc)
        return redirect("equipment:asset_detail", pk=asset.pk)
    messages.success(request, _("Asset %(name)s was archived.") % {"name": asset.name})
    return redirect("equipment:asset_list")


@login_required
@require_POST
def asset_poll(request, pk: int):
    _need(request.user, "equipment.add_meterreading")
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    if not asset.polls:
        messages.error(request, _("Set the device's IP address and SNMP settings first."))
    else:
        report = polling.assets_poll(actor=request.user, assets=[asset])[0]
        if report.ok:
            messages.success(request, _("The device was read."))
        else:
            messages.error(request, _("The device could not be read: %(error)s") % {"error": report.error})
    return redirect(asset.get_absolute_url() + "?tab=meters")


@login_required
@require_POST
def reading_add(request, pk: int):
    _need(request.user, "equipment.add_meterreading")
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    form = ReadingForm(request.POST)
    if form.is_valid():
        try:
            reading = services.meter_record(actor=request.user, asset=asset, **form.cleaned_data)
        except DomainError as exc:
            _show_error(request, exc)
        else:
            if reading.is_reset:
                messages.warning(
                    request, _("The counter is lower than the last reading: recorded as a reset, not trusted.")
                )
            else:
                messages.success(request, _("Reading saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(asset.get_absolute_url() + "?tab=meters")


@login_required
def asset_discover(request):
    _need(request.user, "equipment.add_asset")
    form = DiscoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = run_service(
            form,
            polling.device_discover,
            actor=request.user,
            ip_address=data["ip_address"],
            community=data["community"],
            port=data["port"],
            version=data["version"],
            user=data["user"],
            auth_protocol=data["auth_protocol"] or SnmpAuthProtocol.SHA,
            auth_key=data["auth_key"],
            priv_protocol=data["priv_protocol"] or SnmpPrivProtocol.AES128,
            priv_key=data["priv_key"],
            context=data["context"],
        )
        if found is not None:
            initial = {k: v for k, v in found.items() if k not in ("page_count", "device_description") and v}
            initial["category"] = "printer"
            for name, value in (
                ("snmp_user", "user"),
                ("snmp_auth_protocol", "auth_protocol"),
                ("snmp_priv_protocol", "priv_protocol"),
                ("snmp_context", "context"),
            ):
                if data[value]:
                    initial[name] = data[value]
            request.session[DISCOVERED] = {
                "ip_address": data["ip_address"],
                "snmp_community": data["community"],
                "snmp_auth_key": data["auth_key"],
                "snmp_priv_key": data["priv_key"],
            }
            messages.info(request, _("Found: %(device)s") % {"device": found["device_description"]})
            return redirect(reverse("equipment:asset_create") + "?" + urlencode(initial))
    return form_page(request, form, _("Add a device by its IP address"))


@login_required
def asset_labels(request):
    _need(request.user, "equipment.view_asset")
    rows = AssetFilter(request.GET, queryset=selectors.assets_visible_to(request.user)).qs[:500]
    try:
        pdf = labels.label_sheet(list(rows), base_url=request.build_absolute_uri("/").rstrip("/"))
    except DomainError as exc:
        _show_error(request, exc)
        return redirect("equipment:asset_list")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="equipment-labels.pdf"'
    return response


# --- photos and documents ---------------------------------------------------------------------


@login_required
@require_POST
def asset_file_upload(request, pk: int):
    asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
    _need(request.user, "equipment.add_assetfile")
    form = AssetFileForm(request.POST, request.FILES)
    back = asset.get_absolute_url() + "?tab=files"
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    upload = form.cleaned_data["file"]
    if upload.size > services.max_file_bytes():
        messages.error(
            request, _("The file is larger than %(limit)d MB.") % {"limit": services.max_file_bytes() // 2**20}
        )
        return redirect(back)
    try:
        services.asset_file_add(
            actor=request.user,
            asset=asset,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            filename=upload.name,
            data=upload.read(),
        )
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        _show_error(request, exc)
    else:
        messages.success(request, _("The file was added."))
    return redirect(back)


@login_required
def asset_file_download(request, pk: int):
    """The only way to a stored photo or document: the file of an asset the user may see, or 404."""
    found = get_object_or_404(selectors.asset_files_visible_to(request.user), pk=pk)
    return downloads.file_response(found.file, filename=found.filename, content_type=found.content_type)


@login_required
@require_POST
def asset_file_archive(request, pk: int):
    found = get_object_or_404(selectors.asset_files_visible_to(request.user), pk=pk)
    try:
        services.asset_file_archive(actor=request.user, asset_file=found)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        _show_error(request, exc)
    else:
        messages.success(request, _("The file was removed from the asset."))
    return redirect(found.asset.get_absolute_url() + "?tab=files")


@login_required
def request_photo(request, pk: int):
    """The photo of a fault report, for whoever may see the report."""
    found = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    return downloads.request_photo_response(found)


# --- fault reports ----------------------------------------------------------------------------


@login_required
def fault_report(request, pk: int):
    """The page a QR label opens: self-help first, then the fault form. Anyone logged in."""
    asset = get_object_or_404(selectors.assets_reportable_by(request.user), pk=pk)
    form = FaultForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        self_help = request.POST.get("solved") == "1"
        if self_help:
            form = FaultForm({"description": request.POST.get("description") or _("Solved with a guide.")})
        if form.is_valid():
            data = form.cleaned_data
            created = run_service(
                form,
                services.request_report,
                actor=request.user,
                asset=asset,
                description=data["description"],
                out_of_service=data.get("out_of_service", False),
                photo=data.get("photo"),
                self_help=self_help,
            )
            if created is not None:
                if self_help:
                    messages.success(request, _("Glad it works again. We noted it in the machine's history."))
                else:
                    messages.success(request, _("Thank you, the fault was reported. You will hear of every step."))
                return redirect("equipment:request_detail", pk=created.pk)
    return render(
        request,
        "equipment/fault_report.html",
        {
            "asset": asset,
            "form": form,
            "guides": selectors.guides_for(asset),
            "suggestions": selectors.past_resolutions(asset),
            "may_view_asset": selectors.assets_visible_to(request.user).filter(pk=asset.pk).exists(),
        },
    )


@login_required
def request_list(request):
    filters = RequestFilter(request.GET, queryset=selectors.requests_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "equipment/request_list.html",
        "equipment/_request_table.html",
        {"filters": filters, "page": page, "badges": REQUEST_BADGE},
    )


@login_required
def request_detail(request, pk: int):
    found = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    may_manage = can(request.user, "equipment.change_maintenancerequest")
    may_work = services.may_work_on(request.user, found)
    context = {
        "req": found,
        "badges": REQUEST_BADGE,
        "may_manage": may_manage,
        "may_work": may_work,
        "may_reopen": not found.is_open and (may_manage or found.reporter_id == request.user.pk),
        "triage_form": TriageForm(initial={"priority": found.priority, "kind": found.kind}),
        "assign_form": AssignForm(),
        "move_form": MoveForm(initial={"parts_cost": found.parts_cost, "labour_cost": found.labour_cost}),
        "next_statuses": sorted(TRANSITIONS[found.status]),
        "reopen_form": ReopenForm(),
        "tab": request.GET.get("tab", "overview"),
    }
    if context["tab"] == "history":
        if not may_manage:
            raise PermissionDenied
        context["history"] = history_of(found)[:200]
    return render(request, "equipment/request_detail.html", context)


def _request_action(request, pk: int, form_class, service, build):
    found = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, request=found, **build(form.cleaned_data))
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            _show_error(request, exc)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("equipment:request_detail", pk=found.pk)


@login_required
@require_POST
def request_triage(request, pk: int):
    return _request_action(request, pk, TriageForm, services.request_triage, lambda d: d)


@login_required
@require_POST
def request_assign(request, pk: int):
    return _request_action(request, pk, AssignForm, services.request_assign, lambda d: d)


@login_required
@require_POST
def request_move(request, pk: int):
    return _request_action(request, pk, MoveForm, services.request_move, lambda d: d)


@login_required
@require_POST
def request_reopen(request, pk: int):
    return _request_action(request, pk, ReopenForm, services.request_reopen, lambda d: d)


# --- vendors, guides, plans, reports ----------------------------------------------------------


@login_required
def vendor_list(request):
    _need(request.user, "equipment.view_vendor")
    return render(
        request,
        "equipment/vendor_list.html",
        {
            "vendors": selectors.vendors_visible_to(request.user).filter(archived_at__isnull=True),
            "may_add": can(request.user, "equipment.add_vendor"),
        },
    )


def _create_page(request, perm: str, form_class, service, title: str, done: str, message: str):
    _need(request.user, perm)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(form, service, actor=request.user, **form.cleaned_data)
        if created is not None:
            messages.success(request, message)
            return redirect(done)
    return form_page(request, form, title)


@login_required
def vendor_create(request):
    return _create_page(
        request,
        "equipment.add_vendor",
        VendorForm,
        services.vendor_create,
        _("New service vendor"),
        "equipment:vendor_list",
        _("Vendor saved."),
    )


@login_required
def guide_list(request):
    return render(
        request,
        "equipment/guide_list.html",
        {
            "guides": selectors.guides_visible_to(request.user),
            "may_add": can(request.user, "equipment.add_troubleshootingguide"),
        },
    )


@login_required
def guide_create(request):
    return _create_page(
        request,
        "equipment.add_troubleshootingguide",
        GuideForm,
        services.guide_create,
        _("New troubleshooting guide"),
        "equipment:guide_list",
        _("Guide saved."),
    )


@login_required
def plan_list(request):
    _need(request.user, "equipment.view_maintenanceplan")
    return render(
        request,
        "equipment/plan_list.html",
        {
            "plans": selectors.plans_visible_to(request.user).filter(archived_at__isnull=True)[:500],
            "may_add": can(request.user, "equipment.add_maintenanceplan"),
        },
    )


@login_required
def plan_create(request):
    return _create_page(
        request,
        "equipment.add_maintenanceplan",
        PlanForm,
        services.plan_create,
        _("New maintenance plan"),
        "equipment:plan_list",
        _("Plan saved."),
    )


@login_required
def report_page(request):
    _need(request.user, "equipment.view_maintenancerequest")
    by = "asset" if request.GET.get("by") == "asset" else "model"
    return render(
        request,
        "equipment/reports.html",
        {
            "by": by,
            "rows": reports.reliability(request.user, by=by, limit=100),
            "chart": {"pages": reports.pages_per_month(request.user)},
            "expiring": reports.expiring(request.user),
        },
    )


@login_required
def consumable_list(request):
    _need(request.user, "equipment.view_consumablelink")
    return render(
        request,
        "equipment/consumable_list.html",
        {
            "links": selectors.consumables_visible_to(request.user)[:1000],
            "may_add": can(request.user, "equipment.add_consumablelink"),
        },
    )


@login_required
def consumable_create(request):
    _need(request.user, "equipment.add_consumablelink")
    from backoffice.supplies.selectors import items_visible_to

    form = ConsumableForm(request.POST or None, items=items_visible_to(request.user).filter(archived_at__isnull=True))
    if request.method == "POST" and form.is_valid():
        created = run_service(form, services.consumable_link_create, actor=request.user, **form.cleaned_data)
        if created is not None:
            messages.success(request, _("Consumable saved."))
            return redirect("equipment:consumable_list")
    return form_page(request, form, _("New consumable"))
