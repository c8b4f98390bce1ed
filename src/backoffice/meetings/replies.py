"""Answers to invitations arriving by e-mail: a message in a front-desk mailbox that carries a text/calendar
METHOD:REPLY part is read by `services.meeting_reply_import` (the message itself stays in the inbox as usual)."""

from __future__ import annotations

import email
import email.policy
import logging

from backoffice.core.errors import DomainError
from backoffice.meetings import services
from backoffice.meetings.choices import ResponseSource

log = logging.getLogger(__name__)


def calendar_replies(raw: bytes) -> list[bytes]:
    """The iCalendar REPLY parts of a message (inline text/calendar or an attached .ics)."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        parts = [p for p in message.walk() if not p.is_multipart()]
    except Exception:  # noqa: BLE001 — the inbox has already noted an unreadable message
        return []
    found = []
    for part in parts:
        filename = (part.get_filename() or "").lower()
        if part.get_content_type() in ("text/calendar", "application/ics") or filename.endswith(".ics"):
            data = part.get_payload(decode=True) or b""
            if b"METHOD:REPLY" in data.upper().replace(b"\r\n ", b""):
                found.append(data)
    return list(dict.fromkeys(found))  # the inline part and the attachment usually carry the same text


def from_mail(sender, *, message, raw: bytes, **kwargs) -> None:
    """Receiver of frontdesk.inbox.mail_received: each REPLY goes onto its meeting; one that cannot is logged."""
    for data in calendar_replies(raw):
        try:
            for outcome in services.meeting_reply_import(
                actor=None, data=data, source=ResponseSource.EMAIL, sender=message.from_address
            ):
                log.info("reply of %s to meeting %s: %s %s", outcome.email, outcome.meeting.pk, outcome.status,
                         outcome.note or "recorded")  # fmt: skip
        except DomainError as exc:
            log.warning("calendar reply in message %s not imported: %s", message.pk, exc)
