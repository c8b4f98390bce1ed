"""Front-desk pages: the call log with its quick form, transfers, messages, the phone directory, the shared inbox
with its mailboxes and routing rules, faxes."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.pages import form_page, list_page, paginate, run_service
from backoffice.core.permissions import can
from backoffice.frontdesk import fax, inbox, mailboxes, pbx, selectors, services
from backoffice.frontdesk.choices import MARK_AS, MESSAGE_BADGE, MESSAGE_FLOW, MessageStatus
from backoffice.frontdesk.filters import CallFilter, ConversationFilter, FaxFilter, MessageFilter
from backoffice.frontdesk.forms import (
    CallForm,
    CdrForm,
    ConversationForm,
    FaxForm,
    MailboxForm,
    MessageForm,
    ReplyForm,
    RoutingRuleForm,
    TransferForm,
)
from backoffice.frontdesk.models import MailAttachment
from backoffice.people.filters import EmployeeFilter
from backoffice.people.models import Employee
from backoffice.people.selectors import directory, employees_visible_to


def _require(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


@login_required
def call_list(request):
    """The call log; the back office also gets the quick form on top of it."""
    may_add = can(request.user, "frontdesk.add_call")
    if not may_add and not can(request.user, "frontdesk.view_call"):
        raise PermissionDenied
    form = CallForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            call = run_service(form, services.call_log, actor=request.user, **form.cleaned_data)
            if call is not None:
                messages.success(request, _("The call was logged."))
                if request.POST.get("then") == "message":
                    return redirect(f"{reverse('frontdesk:message_create')}?call={call.pk}")
                return redirect("frontdesk:calls")
    filters = CallFilter(request.GET, queryset=selectors.calls_visible_to(request.user))
    page = paginate(request, filters.pages())
    return list_page(
        request,
        "frontdesk/call_list.html",
        "frontdesk/_call_table.html",
        {"filters": filters, "page": page, "form": form},
    )


@login_required
def caller_lookup(request):
    """Partial for the quick form: who is behind the number typed so far, and their last calls."""
    _require(request.user, "frontdesk.add_call")
    raw = request.GET.get("number", "")
    info = selectors.caller_lookup(request.user, raw)
    return render(request, "frontdesk/_lookup.html", {"info": info, "raw": raw})


@login_required
def transfer_advice(request):
    """Partial: is the wanted person in; if away, who covers (and a button to transfer to them)."""
    _require(request.user, "frontdesk.add_call")
    person_id = request.GET.get("for_person") or request.GET.get("employee") or ""
    person = None
    if person_id.isdigit():
        person = employees_visible_to(request.user).filter(pk=int(person_id)).first()
    advice = selectors.transfer_advice(person) if person else None
    return render(request, "frontdesk/_advice.html", {"advice": advice, "call": None})


@login_required
def call_detail(request, pk: int):
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    advice = selectors.transfer_advice(call.for_person) if call.for_person else None
    return render(
        request,
        "frontdesk/call_detail.html",
        {
            "call": call,
            "transfers": call.transfers.select_related("from_person", "to_person"),
            "advice": advice,
            "form": TransferForm() if can(request.user, "frontdesk.change_call") else None,
            "lookup": selectors.caller_lookup(request.user, call.number_e164) if call.number_e164 else None,
            "history": history_of(call)[:200] if can(request.user, "frontdesk.view_call") else None,
        },
    )


@login_required
@require_POST
def call_transfer(request, pk: int):
    _require(request.user, "frontdesk.change_call")
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        transfer = run_service(form, services.call_transfer, actor=request.user, call=call, to=form.cleaned_data["to"])
        if transfer is not None:
            messages.success(request, _("Transferred to %(name)s.") % {"name": transfer.to_person.full_name})
            return redirect("frontdesk:call_detail", pk=call.pk)
    for error in form.errors.get("to", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect("frontdesk:call_detail", pk=call.pk)


@login_required
def cdr_import(request):
    _require(request.user, "frontdesk.add_call")
    form = CdrForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = run_service(form, pbx.cdr_import, actor=request.user, data=form.cleaned_data["file"].read())
    return render(request, "frontdesk/cdr_import.html", {"form": form, "report": report})


@login_required
def message_list(request):
    filters = MessageFilter(request.GET, queryset=selectors.messages_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "frontdesk/message_list.html",
        "frontdesk/_message_table.html",
        {
            "filters": filters,
            "page": page,
            "badge": MESSAGE_BADGE,
            "may_add": can(request.user, "frontdesk.add_phonemessage"),
        },
    )


@login_required
def message_create(request):
    _require(request.user, "frontdesk.add_phonemessage")
    call = None
    call_id = request.GET.get("call") or request.POST.get("call") or ""
    if call_id.isdigit():
        call = selectors.calls_visible_to(request.user).filter(pk=int(call_id)).first()
    initial = {}
    if call is not None:
        initial = {
            "for_person": call.for_person,
            "caller_name": call.caller_name,
            "company": call.company,
            "callback_number": call.number,
        }
    person_id = request.GET.get("for_person", "")
    if person_id.isdigit():
        initial["for_person"] = Employee.objects.filter(pk=int(person_id)).first()
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        message = run_service(form, services.message_take, actor=request.user, call=call, **form.cleaned_data)
        if message is not None:
            if message.delivered_to_substitute:
                text = _("The message for %(person)s was delivered, also to %(substitute)s who covers for them.") % {
                    "person": message.for_person.full_name,
                    "substitute": message.delivered_to_substitute.full_name,
                }
            else:
                text = _("The message for %(person)s was delivered.") % {"person": message.for_person.full_name}
            messages.success(request, text)
            return redirect("frontdesk:messages")
    advice = None
    chosen = form["for_person"].value()
    if chosen and str(chosen).isdigit():
        person = Employee.objects.filter(pk=int(chosen)).first()
        advice = selectors.transfer_advice(person) if person else None
    return render(
        request,
        "frontdesk/message_form.html",
        {"form": form, "call": call, "advice": advice, "title": _("Take a message")},
    )


@login_required
def message_detail(request, pk: int):
    message = get_object_or_404(selectors.messages_visible_to(request.user), pk=pk)
    message = services.message_mark_read_on_open(actor=request.user, message=message)
    steps = [
        {"value": s, "label": MARK_AS[MessageStatus(s)]}
        for s in MessageStatus.values
        if s in MESSAGE_FLOW[MessageStatus(message.status)]
    ]
    return render(
        request,
        "frontdesk/message_detail.html",
        {
            "message": message,
            "steps": steps,
            "badge": MESSAGE_BADGE.get(message.status, "secondary"),
            "history": history_of(message)[:200],
        },
    )


@login_required
@require_POST
def message_status(request, pk: int):
    message = get_object_or_404(selectors.messages_visible_to(request.user), pk=pk)
    services.message_set_status(actor=request.user, message=message, status=request.POST.get("status", ""))
    messages.success(request, _("The message status was changed."))
    return redirect("frontdesk:message_detail", pk=message.pk)


@login_required
def phone_directory(request):
    """Extensions, who is in or away today, and who covers for whom."""
    filters = EmployeeFilter(request.GET, queryset=employees_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "frontdesk/directory.html",
        "frontdesk/_directory_table.html",
        {
            "filters": filters,
            "page": page,
            "rows": [
                (row, selectors.transfer_advice(row.employee).responsible if row.is_away else None)
                for row in directory(request.user, page.object_list)
            ],
            "may_message": can(request.user, "frontdesk.add_phonemessage"),
        },
    )


# --- shared inbox -------------------------------------------------------------------------------


@login_required
def conversation_list(request):
    filters = ConversationFilter(request.GET, queryset=selectors.conversations_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "frontdesk/conversation_list.html",
        "frontdesk/_conversation_table.html",
        {"filters": filters, "page": page},
    )


@login_required
def conversation_detail(request, pk: int):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=pk)
    return render(
        request,
        "frontdesk/conversation_detail.html",
        {
            "conversation": conversation,
            "mails": selectors.mail_messages_of(conversation),
            "reply_form": ReplyForm(),
            "change_form": ConversationForm(
                initial={"status": conversation.status, "assignee": conversation.assignee_id}
            ),
            "may_assign": can(request.user, "frontdesk.change_conversation"),
        },
    )


@login_required
@require_POST
def conversation_reply(request, pk: int):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        inbox.conversation_reply(actor=request.user, conversation=conversation, body=form.cleaned_data["body"])
        messages.success(request, _("The reply was sent."))
    else:
        messages.error(request, _("Write the reply."))
    return redirect("frontdesk:conversation_detail", pk=pk)


@login_required
@require_POST
def conversation_change(request, pk: int):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=pk)
    form = ConversationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status and person."))
        return redirect("frontdesk:conversation_detail", pk=pk)
    kwargs = {"status": form.cleaned_data["status"]}
    if can(request.user, "frontdesk.change_conversation"):
        kwargs["assignee"] = form.cleaned_data["assignee"]
    inbox.conversation_change(actor=request.user, conversation=conversation, **kwargs)
    messages.success(request, _("Changes saved."))
    return redirect("frontdesk:conversation_detail", pk=pk)


def _download(file_field, filename: str, content_type: str):
    response = FileResponse(default_storage.open(file_field.name), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        MailAttachment.objects.select_related("message"),
        pk=pk,
        message__conversation__in=selectors.conversations_visible_to(request.user),
    )
    if attachment.refused or not attachment.file:
        raise Http404
    return _download(attachment.file, attachment.filename, attachment.content_type)


# --- fax ----------------------------------------------------------------------------------------


@login_required
def fax_list(request):
    filters = FaxFilter(request.GET, queryset=selectors.faxes_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "frontdesk/fax_list.html",
        "frontdesk/_fax_table.html",
        {"filters": filters, "page": page},
    )


@login_required
def fax_create(request):
    _require(request.user, "frontdesk.add_fax")
    form = FaxForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        if upload is not None and upload.size > fax.MAX_DOCUMENT_BYTES:
            form.add_error("document", _("The document is larger than 20 MB."))
        else:
            created = run_service(
                form,
                fax.fax_send,
                actor=request.user,
                number=form.cleaned_data["number"],
                subject=form.cleaned_data["subject"],
                cover_text=form.cleaned_data["cover_text"],
                document=upload.read() if upload is not None else None,
            )
            if created is not None:
                messages.success(request, _("The fax to %(number)s is queued.") % {"number": created.number_e164})
                return redirect("frontdesk:fax_detail", pk=created.pk)
    return render(request, "frontdesk/fax_form.html", {"form": form, "title": _("Send a fax")})


@login_required
def fax_detail(request, pk: int):
    item = get_object_or_404(selectors.faxes_visible_to(request.user), pk=pk)
    return render(request, "frontdesk/fax_detail.html", {"fax": item})


@login_required
def fax_document(request, pk: int):
    item = get_object_or_404(selectors.faxes_visible_to(request.user), pk=pk)
    content_type = "application/pdf" if item.document.name.endswith(".pdf") else "image/tiff"
    return _download(item.document, f"fax-{item.pk}{Path(item.document.name).suffix}", content_type)


# --- mailboxes and routing rules ----------------------------------------------------------------


@login_required
def mailbox_list(request):
    _require(request.user, "frontdesk.view_mailbox")
    return render(
        request,
        "frontdesk/mailbox_list.html",
        {
            "mailboxes": selectors.mailboxes_visible_to(request.user),
            "may_add": can(request.user, "frontdesk.add_mailbox"),
            "may_view_rules": can(request.user, "frontdesk.view_routingrule"),
        },
    )


@login_required
def mailbox_detail(request, pk: int):
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=pk)
    return render(
        request,
        "frontdesk/mailbox_detail.html",
        {
            "mailbox": mailbox,
            "rules": selectors.rules_visible_to(request.user).filter(mailbox=mailbox),
            "may_change": can(request.user, "frontdesk.change_mailbox"),
            "history": history_of(mailbox)[:200],
        },
    )


@login_required
def mailbox_create(request):
    _require(request.user, "frontdesk.add_mailbox")
    form = MailboxForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailbox = run_service(form, mailboxes.mailbox_create, actor=request.user, **form.changes())
        if mailbox is not None:
            messages.success(request, _("The mailbox %(name)s was added.") % {"name": mailbox.name})
            return redirect("frontdesk:mailbox_detail", pk=mailbox.pk)
    return form_page(request, form, _("New mailbox"))


@login_required
def mailbox_edit(request, pk: int):
    _require(request.user, "frontdesk.change_mailbox")
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=pk)
    form = MailboxForm(request.POST or None, instance=mailbox)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, mailboxes.mailbox_update, actor=request.user, mailbox=mailbox, **form.changes())
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("frontdesk:mailbox_detail", pk=mailbox.pk)
    return form_page(request, form, mailbox.name)


@login_required
@require_POST
def mailbox_set_active(request, pk: int):
    _require(request.user, "frontdesk.change_mailbox")
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    mailboxes.mailbox_set_active(actor=request.user, mailbox=mailbox, active=active)
    if active:
        messages.success(request, _("The mailbox is read again."))
    else:
        messages.success(request, _("The mailbox is deactivated: it is no longer read; its conversations stay."))
    return redirect("frontdesk:mailbox_detail", pk=mailbox.pk)


@login_required
@require_POST
def mailbox_test(request, pk: int):
    _require(request.user, "frontdesk.change_mailbox")
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=pk)
    check = mailboxes.mailbox_test_connection(actor=request.user, mailbox=mailbox)
    (messages.success if check.ok else messages.error)(request, check.message)
    return redirect("frontdesk:mailbox_detail", pk=mailbox.pk)


@login_required
def rule_list(request):
    _require(request.user, "frontdesk.view_routingrule")
    return render(
        request,
        "frontdesk/rule_list.html",
        {
            "rules": selectors.rules_visible_to(request.user),
            "may_add": can(request.user, "frontdesk.add_routingrule"),
            "may_change": can(request.user, "frontdesk.change_routingrule"),
            "may_delete": can(request.user, "frontdesk.delete_routingrule"),
        },
    )


@login_required
def rule_create(request):
    _require(request.user, "frontdesk.add_routingrule")
    form = RoutingRuleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        rule = run_service(form, mailboxes.rule_create, actor=request.user, **form.changes())
        if rule is not None:
            messages.success(request, _("The routing rule was added."))
            return redirect("frontdesk:rules")
    return form_page(request, form, _("New routing rule"))


@login_required
def rule_edit(request, pk: int):
    _require(request.user, "frontdesk.change_routingrule")
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=pk)
    form = RoutingRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, mailboxes.rule_update, actor=request.user, rule=rule, **form.changes())
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("frontdesk:rules")
    return form_page(request, form, _("Routing rule"))


@login_required
def rule_delete(request, pk: int):
    """GET asks to confirm, POST deletes."""
    _require(request.user, "frontdesk.delete_routingrule")
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=pk)
    if request.method == "POST":
        mailboxes.rule_delete(actor=request.user, rule=rule)
        messages.success(request, _("The routing rule was deleted."))
        return redirect("frontdesk:rules")
    return render(request, "frontdesk/rule_delete.html", {"rule": rule})


@login_required
@require_POST
def rule_move(request, pk: int):
    _require(request.user, "frontdesk.change_routingrule")
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=pk)
    mailboxes.rule_move(actor=request.user, rule=rule, up=request.POST.get("direction") != "down")
    return redirect("frontdesk:rules")
