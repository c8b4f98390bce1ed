"""/api/v1/frontdesk/: thin adapters over the front-desk services and selectors."""

import base64
import binascii
import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.context import acting_as, job_actor
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.permissions import can, ensure
from backoffice.core.schemas import ERRORS
from backoffice.frontdesk import fax, inbox, mailboxes, pbx, selectors, services
from backoffice.frontdesk.filters import CallFilter, ConversationFilter, FaxFilter, MessageFilter
from backoffice.frontdesk.schemas import (
    AdviceOut,
    CallIn,
    CallOut,
    CdrReportOut,
    ConnectionCheckOut,
    ConversationChangeIn,
    ConversationDetailOut,
    ConversationOut,
    FaxIn,
    FaxOut,
    LookupOut,
    MailboxChangeIn,
    MailboxIn,
    MailboxOut,
    MessageIn,
    MessageOut,
    PbxAckOut,
    ReplyIn,
    RuleChangeIn,
    RuleIn,
    RuleOrderIn,
    RuleOut,
    StatusIn,
    TransferIn,
    TransferOut,
)
from backoffice.people.models import Employee
from backoffice.people.selectors import employees_visible_to
from backoffice.supplies.selectors import suppliers_visible_to

router = Router(tags=["frontdesk"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def filtered(filter_class, request, queryset):
    filters = filter_class(request.GET, queryset=queryset)
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.qs


def employee_field(user, pk: int | None, field: str) -> Employee | None:
    """A referenced colleague among those the user may see; a wrong id is a field error, not a 500."""
    if pk is None:
        return None
    found = employees_visible_to(user).filter(pk=pk, archived_at__isnull=True).first()
    if found is None:
        raise InvalidInput(fields={field: [_("Unknown employee.")]})
    return found


# --- calls ------------------------------------------------------------------------------------


@router.get("/calls", response={200: list[CallOut], **ERRORS}, summary="The call log (search by number or name)")
@paginate(Page)
def list_calls(
    request, q: str = "", company: str = "", direction: str = "", outcome: str = "", day: dt.date | None = None
):
    filters = CallFilter(request.GET, queryset=selectors.calls_visible_to(request.user))
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.pages()


@router.post("/calls", response={201: CallOut, **ERRORS})
def create_call(request, payload: CallIn):
    ensure(request.user, "frontdesk.add_call")
    data = payload.dict()
    data["for_person"] = employee_field(request.user, data.pop("for_person_id"), "for_person_id")
    if data["started_at"] is None:
        data.pop("started_at")
    return Status(201, services.call_log(actor=request.user, **data))


@router.get("/calls/{call_id}", response={200: CallOut, **ERRORS})
def get_call(request, call_id: int):
    return get_object_or_404(selectors.calls_visible_to(request.user), pk=call_id)


@router.post("/calls/{call_id}/transfer", response={201: TransferOut, **ERRORS}, summary="Log a transfer")
def transfer_call(request, call_id: int, payload: TransferIn):
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=call_id)
    ensure(request.user, "frontdesk.change_call")
    to = employee_field(request.user, payload.to_id, "to_id")
    wanted = employee_field(request.user, payload.wanted_id, "wanted_id")
    return Status(201, services.call_transfer(actor=request.user, call=call, to=to, wanted=wanted))


@router.get("/lookup", response={200: LookupOut, **ERRORS}, summary="Who is behind a number, and their recent calls")
def lookup(request, number: str):
    if not can(request.user, "frontdesk.add_call"):
        raise NotAllowed()
    info = selectors.caller_lookup(request.user, number)
    if not info.number:
        services.phone_or_error(number, "number")
    return {"number": info.number, "contacts": [c.__dict__ for c in info.contacts], "recent": info.recent}


@router.get("/transfer-advice", response={200: AdviceOut, **ERRORS}, summary="Is the wanted person in, who covers")
def transfer_advice(request, employee_id: int):
    if not can(request.user, "frontdesk.add_call"):
        raise NotAllowed()
    person = employee_field(request.user, employee_id, "employee_id")
    advice = selectors.transfer_advice(person)
    return {
        "person": advice.person,
        "away": advice.away,
        "responsible": advice.responsible,
        "offer_substitute": advice.offer_substitute,
    }


# --- messages ---------------------------------------------------------------------------------


@router.get("/messages", response={200: list[MessageOut], **ERRORS}, summary="While-you-were-out messages I may see")
@paginate(Page)
def list_messages(request, status: str = "", for_person: int | None = None, open: bool | None = None):
    return filtered(MessageFilter, request, selectors.messages_visible_to(request.user))


@router.post("/messages", response={201: MessageOut, **ERRORS})
def create_message(request, payload: MessageIn):
    ensure(request.user, "frontdesk.add_phonemessage")
    data = payload.dict()
    person = employee_field(request.user, data.pop("for_person_id"), "for_person_id")
    call_id = data.pop("call_id")
    call = None
    if call_id is not None:
        call = selectors.calls_visible_to(request.user).filter(pk=call_id).first()
        if call is None:
            raise InvalidInput(fields={"call_id": [_("Unknown call.")]})
    return Status(201, services.message_take(actor=request.user, for_person=person, call=call, **data))


@router.get("/messages/{message_id}", response={200: MessageOut, **ERRORS})
def get_message(request, message_id: int):
    return get_object_or_404(selectors.messages_visible_to(request.user), pk=message_id)


@router.post("/messages/{message_id}/status", response={200: MessageOut, **ERRORS}, summary="Move a message along")
def set_message_status(request, message_id: int, payload: StatusIn):
    message = get_object_or_404(selectors.messages_visible_to(request.user), pk=message_id)
    return services.message_set_status(actor=request.user, message=message, status=payload.status)


# --- the PBX ----------------------------------------------------------------------------------


@router.post(
    "/pbx/events",
    auth=None,
    response={200: PbxAckOut, **ERRORS},
    summary="Call event from the PBX (HMAC-SHA256 signed)",
)
def pbx_event(request):
    pbx.verify_signature(
        timestamp=request.headers.get(pbx.TIMESTAMP_HEADER, ""),
        signature=request.headers.get(pbx.SIGNATURE_HEADER, ""),
        body=request.body,
    )
    event = pbx.parse_event(request.body)
    with acting_as(job_actor("pbx")):
        call = pbx.call_event_receive(actor=None, event=event)
    return {"call_id": call.pk, "outcome": call.outcome}


@router.post("/pbx/cdr", response={200: CdrReportOut, **ERRORS}, summary="Import an Asterisk Master.csv file")
def import_cdr(request, file: UploadedFile = File(...)):  # noqa: B008  (ninja's way to declare an upload)
    if file.size > pbx.MAX_CDR_BYTES:
        raise InvalidInput(fields={"file": [_("The file is larger than 50 MB.")]})
    report = pbx.cdr_import(actor=request.user, data=file.read())
    return {
        "created": report.created,
        "skipped": report.skipped,
        "errors": [{"line": line, "reason": reason} for line, reason in report.errors],
    }


# --- shared inbox -----------------------------------------------------------------------------


@router.get("/conversations", response={200: list[ConversationOut], **ERRORS}, summary="Shared inbox")
@paginate(Page)
def list_conversations(request, q: str = "", status: str = ""):
    return filtered(ConversationFilter, request, selectors.conversations_visible_to(request.user))


def _conversation_detail(conversation):
    return {
        **ConversationOut.from_orm(conversation).model_dump(),
        "messages": list(selectors.mail_messages_of(conversation)),
    }


@router.get("/conversations/{conversation_id}", response={200: ConversationDetailOut, **ERRORS})
def get_conversation(request, conversation_id: int):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=conversation_id)
    return _conversation_detail(conversation)


@router.patch("/conversations/{conversation_id}", response={200: ConversationOut, **ERRORS}, summary="Status, assignee")
def change_conversation(request, conversation_id: int, payload: ConversationChangeIn):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=conversation_id)
    data = payload.dict(exclude_unset=True)
    if not inbox.may_work_on(request.user, conversation):
        raise NotAllowed()
    kwargs = {"status": data.get("status")}
    if "assignee_id" in data:
        kwargs["assignee"] = employee_field(request.user, data["assignee_id"], "assignee_id")
    return inbox.conversation_change(actor=request.user, conversation=conversation, **kwargs)


@router.post(
    "/conversations/{conversation_id}/reply",
    response={201: ConversationDetailOut, **ERRORS},
    summary="Reply by e-mail, threaded",
)
def reply_conversation(request, conversation_id: int, payload: ReplyIn):
    conversation = get_object_or_404(selectors.conversations_visible_to(request.user), pk=conversation_id)
    inbox.conversation_reply(actor=request.user, conversation=conversation, body=payload.body)
    conversation.refresh_from_db()
    return Status(201, _conversation_detail(conversation))


# --- fax ----------------------------------------------------------------------------------------


@router.get("/faxes", response={200: list[FaxOut], **ERRORS})
@paginate(Page)
def list_faxes(request, status: str = "", direction: str = ""):
    return filtered(FaxFilter, request, selectors.faxes_visible_to(request.user))


@router.post("/faxes", response={201: FaxOut, **ERRORS}, summary="Send a fax (PDF and/or cover page)")
def send_fax(request, payload: FaxIn):
    ensure(request.user, "frontdesk.add_fax")
    document = None
    if payload.document_pdf_base64:
        try:
            document = base64.b64decode(payload.document_pdf_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(fields={"document_pdf_base64": [_("This is not valid base64.")]}) from None
    created = fax.fax_send(
        actor=request.user,
        number=payload.number,
        subject=payload.subject,
        cover_text=payload.cover_text,
        document=document,
    )
    return Status(201, created)


@router.get("/faxes/{fax_id}", response={200: FaxOut, **ERRORS})
def get_fax(request, fax_id: int):
    return get_object_or_404(selectors.faxes_visible_to(request.user), pk=fax_id)


# --- mailboxes and routing rules -----------------------------------------------------------------


def _mailbox_values(user, data: dict) -> dict:
    if "fax_recipient_id" in data:
        data["fax_recipient"] = employee_field(user, data.pop("fax_recipient_id"), "fax_recipient_id")
    return data


@router.get("/mailboxes", response={200: list[MailboxOut], **ERRORS}, summary="Mailboxes the inbox reads")
def list_mailboxes(request):
    ensure(request.user, "frontdesk.view_mailbox")
    return selectors.mailboxes_visible_to(request.user).select_related("fax_recipient")


@router.post(
    "/mailboxes", response={201: MailboxOut, **ERRORS}, summary="Add a mailbox (the password is stored encrypted)"
)
def create_mailbox(request, payload: MailboxIn):
    ensure(request.user, "frontdesk.add_mailbox")
    values = _mailbox_values(request.user, payload.dict())
    return Status(201, mailboxes.mailbox_create(actor=request.user, **values))


@router.get("/mailboxes/{mailbox_id}", response={200: MailboxOut, **ERRORS})
def get_mailbox(request, mailbox_id: int):
    return get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=mailbox_id)


@router.patch(
    "/mailboxes/{mailbox_id}",
    response={200: MailboxOut, **ERRORS},
    summary="Change a mailbox, deactivate or activate it (no password or an empty one keeps the stored one)",
)
def change_mailbox(request, mailbox_id: int, payload: MailboxChangeIn):
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=mailbox_id)
    ensure(request.user, "frontdesk.change_mailbox")
    data = _mailbox_values(request.user, payload.dict(exclude_unset=True))
    active = data.pop("active", None)
    required = {"name", "purpose", "address", "host", "port", "use_ssl", "username", "folder"}
    nulls = sorted(name for name in required if name in data and data[name] is None)
    if nulls:
        raise InvalidInput(fields={name: [_("This field cannot be empty.")] for name in nulls})
    with transaction.atomic():
        mailbox = mailboxes.mailbox_update(actor=request.user, mailbox=mailbox, **data)
        if active is not None:
            mailbox = mailboxes.mailbox_set_active(actor=request.user, mailbox=mailbox, active=active)
    return mailbox


@router.post(
    "/mailboxes/{mailbox_id}/test",
    response={200: ConnectionCheckOut, **ERRORS},
    summary="Log in with the stored settings and open the folder; says what is wrong",
)
def test_mailbox(request, mailbox_id: int):
    mailbox = get_object_or_404(selectors.mailboxes_visible_to(request.user), pk=mailbox_id)
    return mailboxes.mailbox_test_connection(actor=request.user, mailbox=mailbox)


def _rule_values(user, data: dict) -> dict:
    if "mailbox_id" in data:
        pk = data.pop("mailbox_id")
        data["mailbox"] = None
        if pk is not None:
            data["mailbox"] = selectors.mailboxes_visible_to(user).filter(pk=pk).first()
            if data["mailbox"] is None:
                raise InvalidInput(fields={"mailbox_id": [_("Unknown mailbox.")]})
    if "assignee_id" in data:
        data["assignee"] = employee_field(user, data.pop("assignee_id"), "assignee_id")
    if "supplier_id" in data:
        pk = data.pop("supplier_id")
        data["supplier"] = None
        if pk is not None:
            data["supplier"] = suppliers_visible_to(user).filter(pk=pk, archived_at__isnull=True).first()
            if data["supplier"] is None:
                raise InvalidInput(fields={"supplier_id": [_("Unknown supplier.")]})
    if data.get("field", "") is None:
        raise InvalidInput(fields={"field": [_("This field cannot be empty.")]})
    if data.get("contains", "") is None:
        data["contains"] = ""
    return data


@router.get("/rules", response={200: list[RuleOut], **ERRORS}, summary="Routing rules, in the order they are checked")
def list_rules(request):
    ensure(request.user, "frontdesk.view_routingrule")
    return selectors.rules_visible_to(request.user)


@router.post("/rules", response={201: RuleOut, **ERRORS}, summary="Add a routing rule (checked after the others)")
def create_rule(request, payload: RuleIn):
    ensure(request.user, "frontdesk.add_routingrule")
    return Status(201, mailboxes.rule_create(actor=request.user, **_rule_values(request.user, payload.dict())))


@router.post("/rules/order", response={200: list[RuleOut], **ERRORS}, summary="Put the routing rules in a new order")
def order_rules(request, payload: RuleOrderIn):
    ensure(request.user, "frontdesk.change_routingrule")
    mailboxes.rules_reorder(actor=request.user, order=payload.order)
    return selectors.rules_visible_to(request.user)


@router.get("/rules/{rule_id}", response={200: RuleOut, **ERRORS})
def get_rule(request, rule_id: int):
    return get_object_or_404(selectors.rules_visible_to(request.user), pk=rule_id)


@router.patch("/rules/{rule_id}", response={200: RuleOut, **ERRORS})
def change_rule(request, rule_id: int, payload: RuleChangeIn):
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=rule_id)
    ensure(request.user, "frontdesk.change_routingrule")
    values = _rule_values(request.user, payload.dict(exclude_unset=True))
    return mailboxes.rule_update(actor=request.user, rule=rule, **values)


@router.delete("/rules/{rule_id}", response={204: None, **ERRORS})
def delete_rule(request, rule_id: int):
    rule = get_object_or_404(selectors.rules_visible_to(request.user), pk=rule_id)
    mailboxes.rule_delete(actor=request.user, rule=rule)
    return Status(204, None)
