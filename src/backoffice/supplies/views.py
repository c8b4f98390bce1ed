"""Supplies pages: the catalogue, stock, requests, what to order, purchase orders, counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.errors import DomainError, InvalidInput, NotAllowed
from backoffice.core.pages import form_page, list_page, paginate, run_service, submitted
from backoffice.core.permissions import can
from backoffice.supplies import planning, selectors, services
from backoffice.supplies.choices import ORDER_BADGE, CountStatus, MovementKind, OrderStatus, RequestStatus
from backoffice.supplies.documents import count_sheet_pdf, order_pdf
from backoffice.supplies.filters import ItemFilter, MovementFilter, OrderFilter, RequestFilter, SupplierFilter
from backoffice.supplies.forms import (
    CountEntryForm,
    CountOpenForm,
    ItemForm,
    LocationChoiceForm,
    MovementForm,
    OfferForm,
    OrderForm,
    OrderLineFormSet,
    PackForm,
    ReasonForm,
    RequestForm,
    RuleForm,
    SupplierForm,
)


def _need(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _flash_error(request, exc: DomainError) -> None:
    messages.error(request, " ".join([exc.message, *sum(exc.fields.values(), [])]).strip())


# --- items and suppliers ------------------------------------------------------------------------


@login_required
def item_list(request):
    _need(request.user, "supplies.view_item")
    filters = ItemFilter(request.GET, queryset=selectors.items_visible_to(request.user))
    return list_page(
        request,
        "supplies/item_list.html",
        "supplies/_item_table.html",
        {"filters": filters, "page": paginate(request, filters.qs), "may_add": can(request.user, "supplies.add_item")},
    )


@login_required
def item_detail(request, pk: int):
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    may_change = can(request.user, "supplies.change_item")
    tab = request.GET.get("tab", "overview")
    context = {
        "item": item,
        "tab": tab,
        "may_change": may_change,
        "levels": selectors.levels_visible_to(request.user).filter(item=item),
        "offers": selectors.offers_visible_to(request.user).filter(item=item),
        "movements": selectors.movements_visible_to(request.user).filter(item=item)[:30],
        "packs": selectors.packs_visible_to(request.user).filter(item=item),
        "rules": selectors.rules_visible_to(request.user).filter(item=item),
    }
    if tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(item)[:200]
    return render(request, "supplies/item_detail.html", context)


@login_required
def item_create(request):
    _need(request.user, "supplies.add_item")
    form = ItemForm(request.POST or None)
    done = submitted(
        request,
        form,
        services.item_create,
        then="supplies:item_detail",
        success=lambda item: _("Item %(sku)s was added.") % {"sku": item.sku},
    )
    return done or form_page(request, form, _("New item"))


@login_required
def item_edit(request, pk: int):
    _need(request.user, "supplies.change_item")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    form = ItemForm(request.POST or None, instance=item)
    done = submitted(
        request, form, services.item_update, item=item, then="supplies:item_detail", success=_("Changes saved.")
    )
    return done or form_page(request, form, str(item))


@login_required
@require_POST
def item_archive(request, pk: int):
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    services.item_archive(actor=request.user, item=item, reason=request.POST.get("reason", ""))
    messages.success(request, _("Item %(sku)s was archived.") % {"sku": item.sku})
    return redirect("supplies:item_list")


@login_required
def offer_create(request, pk: int):
    _need(request.user, "supplies.add_supplieroffer")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supplier = data.pop("supplier")
        if run_service(form, services.offer_create, actor=request.user, item=item, supplier=supplier, **data):
            messages.success(request, _("Offer saved."))
            return redirect("supplies:item_detail", pk=item.pk)
    return form_page(request, form, _("New offer for %(item)s") % {"item": item.name})


@login_required
def pack_create(request, pk: int):
    _need(request.user, "supplies.change_item")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    form = PackForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.item_pack_create, actor=request.user, item=item, **form.cleaned_data)
    ):
        messages.success(request, _("Pack saved."))
        return redirect("supplies:item_detail", pk=item.pk)
    return form_page(request, form, _("New pack of %(item)s") % {"item": item.name})


@login_required
@require_POST
def pack_delete(request, pk: int, pack_pk: int):
    _need(request.user, "supplies.change_item")
    pack = get_object_or_404(selectors.packs_visible_to(request.user), pk=pack_pk, item_id=pk)
    services.item_pack_delete(actor=request.user, pack=pack)
    messages.success(request, _("Pack removed."))
    return redirect("supplies:item_detail", pk=pk)


@login_required
def rule_edit(request, pk: int):
    """Set the reorder rule for the item at a location (or at all locations without their own rule)."""
    _need(request.user, "supplies.change_reorderrule")
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    initial = {}
    location_id = request.GET.get("location")
    if location_id and location_id.isdigit():
        rule = selectors.rules_visible_to(request.user).filter(item=item, location_id=location_id).first()
    else:
        rule = selectors.rules_visible_to(request.user).filter(item=item, location__isnull=True).first()
    if rule is not None:
        initial = {
            "location": rule.location_id,
            "method": rule.method,
            "min_quantity": rule.min_quantity.normalize() if rule.min_quantity is not None else "",
            "max_quantity": rule.max_quantity.normalize() if rule.max_quantity is not None else "",
            "lookback_days": rule.lookback_days,
            "review_days": rule.review_days,
            "service_level": rule.service_level,
        }
    form = RuleForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.reorder_rule_set, actor=request.user, item=item, **form.cleaned_data)
    ):
        messages.success(request, _("Reorder rule saved."))
        return redirect("supplies:item_detail", pk=item.pk)
    return form_page(request, form, _("Reorder rule for %(item)s") % {"item": item.name})


@login_required
@require_POST
def rule_delete(request, pk: int, rule_pk: int):
    _need(request.user, "supplies.delete_reorderrule")
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=rule_pk, item_id=pk)
    services.reorder_rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("Reorder rule removed."))
    return redirect("supplies:item_detail", pk=pk)


@login_required
def supplier_list(request):
    _need(request.user, "supplies.view_supplier")
    filters = SupplierFilter(request.GET, queryset=selectors.suppliers_visible_to(request.user))
    return list_page(
        request,
        "supplies/supplier_list.html",
        "supplies/_supplier_table.html",
        {
            "filters": filters,
            "page": paginate(request, filters.qs),
            "may_add": can(request.user, "supplies.add_supplier"),
        },
    )


@login_required
def supplier_detail(request, pk: int):
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    may_change = can(request.user, "supplies.change_supplier")
    tab = request.GET.get("tab", "overview")
    context = {
        "supplier": supplier,
        "tab": tab,
        "may_change": may_change,
        "offers": selectors.offers_visible_to(request.user).filter(supplier=supplier)[:200],
    }
    if tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(supplier)[:200]
    return render(request, "supplies/supplier_detail.html", context)


@login_required
def supplier_create(request):
    _need(request.user, "supplies.add_supplier")
    form = SupplierForm(request.POST or None)
    done = submitted(
        request,
        form,
        services.supplier_create,
        then="supplies:supplier_detail",
        success=lambda supplier: _("Supplier %(name)s was added.") % {"name": supplier.name},
    )
    return done or form_page(request, form, _("New supplier"))


@login_required
def supplier_edit(request, pk: int):
    _need(request.user, "supplies.change_supplier")
    supplier = get_object_or_404(selectors.suppliers_visible_to(request.user), pk=pk)
    form = SupplierForm(request.POST or None, instance=supplier)
    done = submitted(
        request,
        form,
        services.supplier_update,
        supplier=supplier,
        then="supplies:supplier_detail",
        success=_("Changes saved."),
    )
    return done or form_page(request, form, supplier.name)


# --- stock --------------------------------------------------------------------------------------


@login_required
def stock_list(request):
    _need(request.user, "supplies.view_stock")
    rows = selectors.levels_visible_to(request.user).filter(on_hand__gt=0)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(Q(item__sku__icontains=q) | Q(item__search_text__contains=q.casefold()))
    return render(
        request,
        "supplies/stock_list.html",
        {
            "page": paginate(request, rows.order_by("item__sku", "location__code")),
            "q": q,
            "may_move": can(request.user, "supplies.move_stock"),
        },
    )


@login_required
def movement_list(request):
    _need(request.user, "supplies.view_stock")
    filters = MovementFilter(request.GET, queryset=selectors.movements_visible_to(request.user))
    return render(request, "supplies/movement_list.html", {"filters": filters, "page": paginate(request, filters.qs)})


MOVERS = {
    MovementKind.RECEIPT: lambda d: services.stock_receive(
        actor=d["actor"], item=d["item"], location=d["to_location"], quantity=d["quantity"], reason=d["reason"]
    ),
    MovementKind.ISSUE: lambda d: services.stock_issue(
        actor=d["actor"],
        item=d["item"],
        location=d["from_location"],
        quantity=d["quantity"],
        department=d["department"],
        employee=d["employee"],
        reason=d["reason"],
    ),
    MovementKind.TRANSFER: lambda d: services.stock_transfer(
        actor=d["actor"],
        item=d["item"],
        from_location=d["from_location"],
        to_location=d["to_location"],
        quantity=d["quantity"],
        reason=d["reason"],
    ),
    MovementKind.ADJUSTMENT: lambda d: services.stock_adjust(
        actor=d["actor"],
        item=d["item"],
        location=d["to_location"] or d["from_location"],
        difference=d["quantity"],
        reason=d["reason"],
    ),
    MovementKind.WRITE_OFF: lambda d: services.stock_write_off(
        actor=d["actor"], item=d["item"], location=d["from_location"], quantity=d["quantity"], reason=d["reason"]
    ),
}
NEEDS = {
    MovementKind.RECEIPT: ["to_location"],
    MovementKind.ISSUE: ["from_location"],
    MovementKind.TRANSFER: ["from_location", "to_location"],
    MovementKind.WRITE_OFF: ["from_location"],
}


def _book(**data):
    pack = data.pop("pack", None)
    if pack is not None:
        if data["kind"] == MovementKind.ADJUSTMENT:
            raise InvalidInput(fields={"pack": [_("Enter a count adjustment in the item's unit.")]})
        data["quantity"] = services.in_base_units(data["item"], data["quantity"], pack)
    missing = [name for name in NEEDS.get(data["kind"], []) if data.get(name) is None]
    if data["kind"] == MovementKind.ADJUSTMENT and not (data["to_location"] or data["from_location"]):
        missing = ["to_location"]
    if missing:
        raise InvalidInput(fields={name: [_("Choose a location.")] for name in missing})
    return MOVERS[data["kind"]](data)


@login_required
def movement_create(request):
    _need(request.user, "supplies.move_stock")
    form = MovementForm(request.POST or None, initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, _book, actor=request.user, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Movement booked."))
            return redirect("supplies:item_detail", pk=form.cleaned_data["item"].pk)
    return form_page(request, form, _("Book a stock movement"))


# --- requests -----------------------------------------------------------------------------------


@login_required
def request_list(request):
    _need(request.user, "supplies.add_supplyrequest")
    filters = RequestFilter(request.GET, queryset=selectors.requests_visible_to(request.user))
    may_handle = can(request.user, "supplies.change_supplyrequest")
    return list_page(
        request,
        "supplies/request_list.html",
        "supplies/_request_table.html",
        {
            "filters": filters,
            "page": paginate(request, filters.qs),
            "may_handle": may_handle,
            "locations": selectors.locations_visible_to(request.user).filter(archived_at__isnull=True),
            "OPEN": RequestStatus.OPEN,
        },
    )


@login_required
def request_create(request):
    _need(request.user, "supplies.add_supplyrequest")
    items = selectors.items_visible_to(request.user).filter(archived_at__isnull=True)
    form = RequestForm(request.POST or None, items=items, initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.supply_request_create, actor=request.user, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Your request was sent to the back office."))
            return redirect("supplies:request_list")
    return form_page(request, form, _("Ask for supplies"))


@login_required
@require_POST
def request_handle(request, pk: int):
    found = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "issue":
            form = LocationChoiceForm(request.POST)
            if not form.is_valid():
                raise InvalidInput(fields={"location": [_("Choose a location.")]})
            services.supply_request_issue(actor=request.user, request=found, location=form.cleaned_data["location"])
        elif action == "order":
            services.supply_request_order(actor=request.user, request=found, answer=request.POST.get("answer", ""))
        else:
            services.supply_request_reject(actor=request.user, request=found, answer=request.POST.get("answer", ""))
        messages.success(request, _("The requester has been told."))
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("supplies:request_list")


# --- what to order, purchase orders -------------------------------------------------------------


@login_required
def suggestion_list(request):
    _need(request.user, "supplies.view_purchaseorder")
    return render(
        request,
        "supplies/suggestion_list.html",
        {
            "suggestions": planning.suggestions(),
            "form": LocationChoiceForm(
                initial={
                    "location": selectors.locations_visible_to(request.user).filter(archived_at__isnull=True).first()
                }
            ),
            "may_order": can(request.user, "supplies.add_purchaseorder"),
        },
    )


@login_required
@require_POST
def suggestion_order(request):
    _need(request.user, "supplies.add_purchaseorder")
    form = LocationChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where the goods should be delivered."))
        return redirect("supplies:suggestion_list")
    try:
        orders = services.orders_from_suggestions(actor=request.user, location=form.cleaned_data["location"])
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("supplies:suggestion_list")
    messages.success(request, _("Draft orders created: %(numbers)s") % {"numbers": ", ".join(o.number for o in orders)})
    return redirect("supplies:order_list")


@login_required
def order_list(request):
    _need(request.user, "supplies.view_purchaseorder")
    filters = OrderFilter(request.GET, queryset=selectors.orders_visible_to(request.user))
    return list_page(
        request,
        "supplies/order_list.html",
        "supplies/_order_table.html",
        {"filters": filters, "page": paginate(request, filters.qs), "badges": ORDER_BADGE},
    )


@login_required
def order_create(request):
    """A purchase order by hand: the header and up to a hundred lines, saved whole or not at all."""
    _need(request.user, "supplies.add_purchaseorder")
    suppliers = selectors.suppliers_visible_to(request.user).filter(archived_at__isnull=True)
    items = selectors.items_visible_to(request.user).filter(archived_at__isnull=True).order_by("sku")
    data = request.POST if request.method == "POST" else None
    form = OrderForm(data, suppliers=suppliers, initial={"supplier": request.GET.get("supplier")})
    lines = OrderLineFormSet(data, prefix="lines", form_kwargs={"items": items})
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        filled = [line for line in lines.forms if not line.is_blank]
        payload = [
            {
                "item": line.cleaned_data.get("item"),
                "quantity": line.cleaned_data.get("quantity"),
                "pack": line.cleaned_data.get("pack"),
                "unit_price": (line.cleaned_data.get("unit_price") or "").strip() or None,
                "vat_rate": line.cleaned_data.get("vat_rate"),
            }
            for line in filled
        ]
        try:
            order = services.purchase_order_create(actor=request.user, lines=payload, **form.cleaned_data)
        except NotAllowed:
            raise
        except DomainError as exc:
            _place_order_errors(exc, form, filled)
        else:
            messages.success(request, _("Purchase order %(number)s was created as a draft.") % {"number": order.number})
            return redirect("supplies:order_detail", pk=order.pk)
    return render(request, "supplies/order_form.html", {"form": form, "lines": lines})


def _place_order_errors(exc: DomainError, form, filled: list) -> None:
    """`lines.3.quantity` goes next to the third filled line's quantity; the rest to the form."""
    placed = False
    for name, problems in exc.fields.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and 0 < int(parts[1]) <= len(filled):
            line = filled[int(parts[1]) - 1]
            for problem in problems:
                line.add_error(parts[2] if parts[2] in line.fields else None, problem)
            placed = True
        else:
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
            placed = True
    if exc.message and (not placed or exc.message != str(exc.default_message)):
        form.add_error(None, exc.message)


@login_required
def order_detail(request, pk: int):
    order = get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)
    tab = request.GET.get("tab", "overview")
    context = {
        "order": order,
        "tab": tab,
        "lines": order.lines.select_related("item__unit"),
        "totals": services.order_totals(order),
        "badge": ORDER_BADGE.get(order.status, "secondary"),
        "may_change": can(request.user, "supplies.change_purchaseorder"),
        "may_approve": order.status == OrderStatus.AWAITING_APPROVAL and services.may_approve(request.user, order),
        "S": OrderStatus,
    }
    if tab == "history":
        context["history"] = history_of(order)[:200]
    return render(request, "supplies/order_detail.html", context)


@login_required
def order_pdf_view(request, pk: int):
    order = get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)
    return _pdf(order_pdf(order), f"{order.number}.pdf")


@login_required
@require_POST
def order_action(request, pk: int, action: str):
    order = get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)
    done = {
        "submit": _("The order was submitted."),
        "approve": _("The order was approved."),
        "send": _("The order was sent to the supplier."),
        "receive": _("The delivery was booked."),
        "cancel": _("The order was cancelled."),
    }
    try:
        if action == "submit":
            services.purchase_order_submit(actor=request.user, order=order)
        elif action == "approve":
            services.purchase_order_approve(actor=request.user, order=order)
        elif action == "send":
            services.purchase_order_send(actor=request.user, order=order)
        elif action == "receive":
            quantities = {
                int(key.removeprefix("line-")): value
                for key, value in request.POST.items()
                if key.startswith("line-") and key.removeprefix("line-").isdigit()
            }
            services.purchase_order_receive(actor=request.user, order=order, quantities=quantities)
        elif action == "cancel":
            services.purchase_order_cancel(actor=request.user, order=order, reason=request.POST.get("reason", ""))
        else:
            raise PermissionDenied
        messages.success(request, done[action])
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("supplies:order_detail", pk=order.pk)


# --- counts -------------------------------------------------------------------------------------


@login_required
def count_list(request):
    _need(request.user, "supplies.view_stockcount")
    rows = selectors.counts_visible_to(request.user)
    return render(
        request,
        "supplies/count_list.html",
        {"page": paginate(request, rows), "may_add": can(request.user, "supplies.add_stockcount")},
    )


@login_required
def count_create(request):
    _need(request.user, "supplies.add_stockcount")
    form = CountOpenForm(request.POST or None)
    done = submitted(request, form, services.stock_count_open, then="supplies:count_detail")
    return done or form_page(request, form, _("Open a stock count"))


@login_required
def count_detail(request, pk: int):
    """The phone-friendly entry page: scan or type a code, type the quantity, next."""
    count = get_object_or_404(selectors.counts_visible_to(request.user), pk=pk)
    form = CountEntryForm(request.POST or None)
    if request.method == "POST":
        _need(request.user, "supplies.change_stockcount")
        if form.is_valid():
            code = form.cleaned_data["code"].strip()
            item, pack = selectors.find_by_code(request.user, code)
            if item is None:
                form.add_error("code", _("No item has the SKU or barcode %(code)s.") % {"code": code})
            elif run_service(
                form,
                services.stock_count_record,
                actor=request.user,
                count=count,
                item=item,
                counted=form.cleaned_data["counted"],
                pack=pack,
            ):
                if pack is not None:
                    done = _("%(item)s: counted in packs (%(pack)s).") % {"item": item.name, "pack": pack}
                else:
                    done = _("%(item)s: counted.") % {"item": item.name}
                messages.success(request, done)
                return redirect("supplies:count_detail", pk=count.pk)
    return render(
        request,
        "supplies/count_detail.html",
        {
            "count": count,
            "form": form,
            "lines": count.lines.select_related("item__unit"),
            "is_open": count.status == CountStatus.OPEN,
            "post_form": ReasonForm(),
        },
    )


@login_required
def count_sheet(request, pk: int):
    count = get_object_or_404(selectors.counts_visible_to(request.user), pk=pk)
    return _pdf(count_sheet_pdf(count), f"count-{count.pk}.pdf")


@login_required
@require_POST
def count_post(request, pk: int):
    count = get_object_or_404(selectors.counts_visible_to(request.user), pk=pk)
    try:
        services.stock_count_post(actor=request.user, count=count, reason=request.POST.get("reason", ""))
        messages.success(request, _("The differences were posted."))
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("supplies:count_detail", pk=count.pk)


# --- import and export --------------------------------------------------------------------------


def _may_import(user) -> bool:
    from backoffice.supplies import imports

    return any(can(user, spec.permission) for spec in imports.KINDS.values())


@login_required
def import_page(request):
    """Upload → a background job checks every row (the page shows its progress) → preview → import all or nothing."""
    from backoffice.supplies import imports
    from backoffice.supplies.forms import ImportForm

    if not _may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        _need(request.user, imports.KINDS[kind].permission)
        job = run_service(
            form, imports.import_job_start, actor=request.user, kind=kind, raw=upload.read(), filename=upload.name
        )
        if job is not None:
            return redirect("supplies:import_job", pk=job.pk)
    recent = selectors.import_jobs_visible_to(request.user)[:10]
    return render(
        request, "supplies/import.html", {"form": form, "kinds": list(imports.KINDS.values()), "recent": recent}
    )


@login_required
def import_job(request, pk: int):
    """The job's page; htmx polls the progress part every second while the job runs."""
    if not _may_import(request.user):
        raise PermissionDenied
    job = get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=pk)
    htmx = getattr(request, "htmx", None)
    template = "supplies/_import_progress.html" if htmx and not htmx.boosted else "supplies/import_job.html"
    return render(request, template, {"job": job, "S": job.Status})


@login_required
@require_POST
def import_job_commit(request, pk: int):
    from backoffice.supplies import imports

    if not _may_import(request.user):
        raise PermissionDenied
    job = get_object_or_404(selectors.import_jobs_visible_to(request.user), pk=pk)
    try:
        started = imports.import_job_commit(actor=request.user, job=job)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("supplies:import_job", pk=job.pk)
    return redirect("supplies:import_job", pk=started.pk)


@login_required
def export_list(request, kind: str, fmt: str):
    from backoffice.supplies import imports

    if fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    _need(request.user, "supplies.view_item")
    try:
        header, rows = imports.export_rows(kind, request.user)
    except DomainError:
        raise PermissionDenied from None
    content, mimetype = imports.export(rows, header, fmt)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response


# --- usage and cost -----------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def usage_page(request):
    from django.utils.formats import date_format

    from backoffice.people.selectors import departments_visible_to
    from backoffice.supplies import usage

    _need(request.user, "supplies.view_stock")
    item_id, department_id = _int(request.GET.get("item")), _int(request.GET.get("department"))
    monthly = usage.monthly(request.user, item_id=item_id, department_id=department_id)
    departments = usage.by_department(request.user)
    return render(
        request,
        "supplies/usage.html",
        {
            "monthly": monthly,
            "departments": departments,
            "forecast": usage.forecast(request.user),
            "items": selectors.items_visible_to(request.user).filter(archived_at__isnull=True).order_by("sku")[:500],
            "departments_list": departments_visible_to(request.user).filter(archived_at__isnull=True),
            "item_id": item_id,
            "department_id": department_id,
            "chart_monthly": {
                "labels": [date_format(m["month"], "YEAR_MONTH_FORMAT") for m in monthly],
                "quantity": [float(m["quantity"]) for m in monthly],
                "cost": [float(m["cost"]) for m in monthly],
            },
            "chart_departments": {
                "labels": [d["department"] or _("no department") for d in departments],
                "cost": [float(d["cost"]) for d in departments],
            },
        },
    )
