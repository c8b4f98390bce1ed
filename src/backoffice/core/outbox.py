"""Queue e-mail in the caller's transaction; a job delivers it with retries, so a crash never loses one."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from backoffice.core.models import OutboxMessage

log = logging.getLogger(__name__)


def make_message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def enqueue_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    alternatives: Sequence[tuple[str, str]] = (),
) -> OutboxMessage:
    """Write the e-mail into the outbox; it goes out after the surrounding transaction commits.

    `alternatives`: more (content, mimetype) parts of the message body beside the text, e.g. an iCalendar
    invitation as ("BEGIN:VCALENDAR…", "text/calendar; method=REQUEST").
    """
    recipients = [address for address in to if address]
    message = OutboxMessage.objects.create(
        to=recipients,
        subject=subject[:300],
        body=body,
        html=html,
        headers=headers or {},
        attachments=[
            {"name": name, "type": mimetype, "base64": base64.b64encode(content).decode("ascii")}
            for name, content, mimetype in attachments
        ]
        + [
            {
                "name": "",
                "type": mimetype,
                "base64": base64.b64encode(content.encode()).decode("ascii"),
                "alternative": True,
            }
            for content, mimetype in alternatives
        ],
        message_id=make_message_id(),
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(_wake_sender)
    return message


def _wake_sender() -> None:
    from backoffice.core.tasks import deliver_outbox

    deliver_outbox()


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off: 1, 2, 4 … minutes, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver_due(limit: int = 100) -> int:
    """Send what is due; return how many were sent. Safe to run in several workers at once."""
    sent = 0
    connection = get_connection()
    due_ids = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("id", flat=True)[:limit]
    )
    for message_id in due_ids:
        if _deliver_one(message_id, connection):
            sent += 1
    connection.close()
    return sent


LEASE = dt.timedelta(minutes=5)


def _claim(message_id: int) -> bool:
    """Take the message for this worker by pushing its due time past the lease (one short UPDATE)."""
    now = timezone.now()
    return bool(
        OutboxMessage.objects.filter(
            id=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE)
    )


def _deliver_one(message_id: int, connection) -> bool:
    # No transaction is held while talking to the mail server: a slow server must not block writers.
    if not _claim(message_id):
        return False  # another worker has it
    message = OutboxMessage.objects.get(id=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=message.to,
        headers={**message.headers, "Message-ID": message.message_id},
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        if attachment.get("alternative"):
            email.attach_alternative(base64.b64decode(attachment["base64"]).decode(), attachment["type"])
            continue
        email.attach(attachment["name"], base64.b64decode(attachment["base64"]), attachment["type"])
    message.attempts += 1
    try:
        email.send()
    except Exception as exc:  # noqa: BLE001 — any transport failure is retried, and shown
        log.warning("outbox: sending %s failed: %s", message.message_id, exc)
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True
