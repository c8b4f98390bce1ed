"""Every front-desk write for calls, transfers and messages: permission-checked, validated, audited, atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from backoffice.core.audit import record_change, snapshot
from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.notifications import notify
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import create_record, update_record
from backoffice.core.text import fold
from backoffice.frontdesk.choices import MESSAGE_FLOW, OPEN_MESSAGE_STATUSES, CallOutcome, MessageStatus, Urgency
from backoffice.frontdesk.models import Call, CallTransfer, PhoneMessage, name_search_keys
from backoffice.frontdesk.selectors import messages_visible_to
from backoffice.people.choices import Area
from backoffice.people.models import Employee
from backoffice.people.selectors import is_away, responsible_for

Actor = AbstractBaseUser | None

CALL_FIELDS = {
    "direction",
    "started_at",
    "caller_name",
    "company",
    "number",
    "for_person",
    "purpose",
    "outcome",
    "duration_seconds",
}


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


def phone_or_error(raw: str, field: str, *, required: bool = False) -> str:
    """The number in E.164; a clear field error when something was typed that is not a phone number."""
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise InvalidInput(fields={field: [_("Enter a phone number.")]})
        return ""
    number = normalize_phone(raw)
    if not number:
        raise InvalidInput(
            fields={
                field: [
                    _("%(value)s is not a valid phone number. Use e.g. 777 123 456 or +420 777 123 456.")
                    % {"value": raw[:40]}
                ]
            }
        )
    return number


def _call_keys(values: dict[str, Any]) -> dict[str, str]:
    return {**name_search_keys(values.get("caller_name") or ""), "company_key": fold(values.get("company") or "")[:120]}


# --- calls ------------------------------------------------------------------------------------


def call_log(*, actor: Actor, **values: Any) -> Call:
    """Enter a call into the log (typed at the front desk, or from the PBX with actor=None)."""
    ensure(actor, "frontdesk.add_call")
    _only(values, CALL_FIELDS | {"pbx_call_id"})
    values.setdefault("started_at", timezone.now())
    e164 = phone_or_error(values.get("number", ""), "number")
    taken_by = actor if actor is not None and actor.is_authenticated else None
    return create_record(Call, number_e164=e164, taken_by=taken_by, **_call_keys(values), **values)


def call_update(*, actor: Actor, call: Call, **changes: Any) -> Call:
    ensure(actor, "frontdesk.change_call")
    _only(changes, CALL_FIELDS)
    if "number" in changes:
        changes["number_e164"] = phone_or_error(changes["number"], "number")
    merged = {"caller_name": call.caller_name, "company": call.company, **changes}
    return update_record(call, **changes, **_call_keys(merged))


def call_transfer(*, actor: Actor, call: Call, to: Employee, wanted: Employee | None = None) -> CallTransfer:
    """Log that the call went from whoever had it to `to`; `wanted` is whom the caller asked for."""
    ensure(actor, "frontdesk.change_call")
    if to.archived_at is not None:
        raise InvalidInput(fields={"to": [_("This person no longer works here.")]})
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        previous = call.transfers.order_by("-at", "-id").first()
        from_person = previous.to_person if previous else call.for_person
        if from_person is not None and from_person.pk == to.pk:
            raise InvalidInput(fields={"to": [_("The call is already with this person.")]})
        transfer = CallTransfer.objects.create(
            call=call,
            from_person=from_person,
            to_person=to,
            wanted=wanted or call.for_person or to,
            at=timezone.now(),
            by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_change(transfer, AuditEntry.Action.CREATE)
        update_record(call, outcome=CallOutcome.TRANSFERRED, for_person=call.for_person or wanted or to)
    return transfer


# --- "while you were out" messages ---------------------------------------------------------------


LocalizedText = Callable[[], str]  # called inside speaking_to(recipient): the text in their language


def tell(person: Employee, *, title: LocalizedText, body: LocalizedText, url: str, area_cover: bool = False) -> None:
    """In the app when the person has a login, and by e-mail (the notification sends it, or directly).

    `title` and `body` are called inside `speaking_to(person)`, so each person told reads them in their own
    language (without a login: the company's). With `area_cover`, whoever covers the person's front-desk work
    while they are away is told as well.
    """
    if area_cover and is_away(person):
        handler = responsible_for(person, Area.FRONTDESK)
        if handler.pk != person.pk:
            tell(handler, title=title, body=body, url=url)
    user = person.user if person.user_id and person.user.is_active else None
    if user is None and not person.email:
        return
    with speaking_to(user):
        subject, text = str(title()), str(body())
        if user is not None:
            notify(recipient=user, title=subject, body=text, url=url)
        if person.email and (user is None or not user.email):
            enqueue_email(to=[person.email], subject=subject, body=f"{text}\n\n{url}".strip())


def _message_text(message: PhoneMessage) -> str:
    lines = [
        _("Who called: %(name)s") % {"name": message.caller_name},
    ]
    if message.company:
        lines.append(_("Company: %(company)s") % {"company": message.company})
    if message.callback_e164 or message.callback_number:
        lines.append(_("Call back on: %(number)s") % {"number": message.callback_e164 or message.callback_number})
    if message.callback_by:
        when = date_format(timezone.localtime(message.callback_by), "SHORT_DATETIME_FORMAT")
        lines.append(_("Call back by: %(when)s") % {"when": when})
    if message.urgency == Urgency.URGENT:
        lines.append(_("Urgent."))
    if message.text:
        lines.extend(["", message.text])
    return "\n".join(lines)


def message_url(message: PhoneMessage) -> str:
    return reverse("frontdesk:message_detail", args=[message.pk])


def message_take(
    *,
    actor: Actor,
    for_person: Employee,
    caller_name: str,
    company: str = "",
    callback_number: str = "",
    text: str = "",
    urgency: str = Urgency.NORMAL,
    callback_by: dt.datetime | None = None,
    call: Call | None = None,
) -> PhoneMessage:
    """Write down a message for a colleague; tell them, and whoever covers for them while they are away."""
    ensure(actor, "frontdesk.add_phonemessage")
    if not (caller_name or "").strip():
        raise InvalidInput(fields={"caller_name": [_("Write down who called.")]})
    if for_person.archived_at is not None:
        raise InvalidInput(fields={"for_person": [_("This person no longer works here.")]})
    if callback_by is not None and callback_by < timezone.now() - dt.timedelta(minutes=5):
        raise InvalidInput(fields={"callback_by": [_("The call-back time is already past.")]})
    e164 = phone_or_error(callback_number, "callback_number")
    substitute = None
    if is_away(for_person):
        handler = responsible_for(for_person, Area.FRONTDESK)
        substitute = handler if handler.pk != for_person.pk else None
    with transaction.atomic():
        message = create_record(
            PhoneMessage,
            for_person=for_person,
            call=call,
            caller_name=caller_name.strip(),
            company=(company or "").strip(),
            callback_number=(callback_number or "").strip(),
            callback_e164=e164,
            text=text or "",
            urgency=urgency,
            callback_by=callback_by,
            taken_by=actor if actor is not None and actor.is_authenticated else None,
            delivered_to_substitute=substitute,
        )
        url = message_url(message)
        tell(
            for_person,
            title=lambda: _("%(name)s called you") % {"name": message.caller_name},
            body=lambda: _message_text(message),
            url=url,
        )
        if substitute is not None:
            tell(
                substitute,
                title=lambda: (
                    _("%(name)s called for %(person)s, whom you cover for")
                    % {"name": message.caller_name, "person": for_person.full_name}
                ),
                body=lambda: _message_text(message),
                url=url,
            )
        if call is not None and call.outcome != CallOutcome.MESSAGE_TAKEN:
            update_record(call, outcome=CallOutcome.MESSAGE_TAKEN)
    return message


def may_handle_message(user: Actor, message: PhoneMessage) -> bool:
    if user is None or can(user, "frontdesk.change_phonemessage"):
        return True
    return messages_visible_to(user).filter(pk=message.pk).exists()


# Why a status cannot go back, as whole sentences (a status word glued into a sentence cannot be translated well).
NO_WAY_BACK = {
    MessageStatus.READ: _lazy("This message has already been read; it cannot become new again."),
    MessageStatus.CALLED_BACK: _lazy(
        "The caller has already been called back; the message cannot go back to new or read."
    ),
    MessageStatus.DONE: _lazy("This message is done; its status cannot change any more."),
}


def message_set_status(*, actor: Actor, message: PhoneMessage, status: str) -> PhoneMessage:
    """Move a message along new → read → called back → done (skipping ahead is fine, going back is not)."""
    if not may_handle_message(actor, message):
        raise NotAllowed()
    if status not in MessageStatus.values:
        raise InvalidInput(fields={"status": [_("Unknown message status.")]})
    with transaction.atomic():
        message = PhoneMessage.objects.select_for_update().get(pk=message.pk)
        if status == message.status:
            return message
        if status not in MESSAGE_FLOW[MessageStatus(message.status)]:
            raise Conflict(
                NO_WAY_BACK[MessageStatus(message.status)], fields={"status": [_("This step is not possible now.")]}
            )
        done_at = timezone.now() if status == MessageStatus.DONE else message.done_at
        return update_record(message, status=status, done_at=done_at)


def message_mark_read_on_open(*, actor: Actor, message: PhoneMessage) -> PhoneMessage:
    """Opening a new message marks it read, but only when its addressee (or their cover) opens it."""
    if message.status != MessageStatus.NEW or actor is None or not actor.is_authenticated:
        return message
    if can(actor, "frontdesk.view_phonemessage") and not _addressed_to(actor, message):
        return message
    return message_set_status(actor=actor, message=message, status=MessageStatus.READ)


def _addressed_to(user, message: PhoneMessage) -> bool:
    from backoffice.frontdesk.selectors import _people_i_answer_for

    return any(p.pk == message.for_person_id for p in _people_i_answer_for(user))


def remind_overdue_callbacks(now: dt.datetime | None = None) -> int:
    """Remind once about every open message whose call-back time has passed; return how many."""
    now = now or timezone.now()
    due = PhoneMessage.objects.filter(
        status__in=OPEN_MESSAGE_STATUSES, callback_by__lt=now, reminded_at__isnull=True
    ).select_related("for_person", "for_person__user")
    reminded = 0
    for message in due:
        with transaction.atomic():
            claimed = PhoneMessage.objects.filter(pk=message.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue  # another worker reminded it
            before = snapshot(message)
            message.reminded_at = now
            record_change(message, AuditEntry.Action.UPDATE, before=before, reason="overdue call-back reminder")

            def title(message: PhoneMessage = message) -> str:
                return _("Overdue call-back: %(name)s") % {"name": message.caller_name}

            def body(message: PhoneMessage = message) -> str:
                return _message_text(message)

            handler = responsible_for(message.for_person, Area.FRONTDESK)
            tell(message.for_person, title=title, body=body, url=message_url(message))
            if handler.pk != message.for_person.pk:
                tell(handler, title=title, body=body, url=message_url(message))
        reminded += 1
    return reminded
