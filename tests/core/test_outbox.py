"""The outbox: e-mail is written with the change, sent after commit by a job, retried, never lost."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from backoffice.core import outbox
from backoffice.core.models import OutboxMessage
from backoffice.core.notifications import notify
from tests.builders import make_user

# Transactional (on_commit must really fire); serialized_rollback brings back the roles the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_committed_mail_reaches_the_smtp_server(smtp_server):
    with transaction.atomic():
        outbox.enqueue_email(to=["jana@firma.cz"], subject="Toner došel", body="Objednejte prosím toner.")
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["Subject"] == "Toner došel"
    assert received["To"] == "jana@firma.cz"
    assert "toner" in received.get_payload(decode=True).decode()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    assert received["Message-ID"] == message.message_id


def test_a_rolled_back_change_sends_nothing(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_email(to=["jana@firma.cz"], subject="Nikdy", body="…")
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0
    assert smtp_server.messages == []


def test_a_refusing_server_means_a_retry_later_with_the_error_shown(smtp_server):
    smtp_server.mailbox.refuse = True
    outbox.enqueue_email(to=["jana@firma.cz"], subject="Zkouška", body="…")
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: a second run does not hammer the server.
    assert outbox.deliver_due() == 0
    smtp_server.mailbox.refuse = False
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.deliver_due() == 1
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.last_error == ""


def test_an_unreachable_server_is_retried_with_back_off_and_finally_marked_failed(settings):
    from tests.peers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.OUTBOX_MAX_ATTEMPTS = 3
    outbox.enqueue_email(to=["jana@firma.cz"], subject="Zkouška", body="…")
    delays = []
    for _ in range(2):
        message = OutboxMessage.objects.get()
        delays.append(message.next_attempt_at - timezone.now())
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        outbox.deliver_due()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
    assert outbox.retry_delay(1) < outbox.retry_delay(2) < outbox.retry_delay(3)


def test_two_workers_never_send_the_same_message_twice(smtp_server):
    with transaction.atomic():
        message = outbox.enqueue_email(to=["a@firma.cz"], subject="Jednou", body="…")
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    # The first worker claims it; the second finds it leased.
    assert outbox._claim(message.pk) is True
    assert outbox._claim(message.pk) is False


def test_notifications_go_in_app_and_by_mail(smtp_server):
    user = make_user(None)
    notify(recipient=user, title="Máte vzkaz", body="Volal pan Novák", url="/frontdesk/")
    assert user.notifications.get().title == "Máte vzkaz"
    assert [m["To"] for m in smtp_server.messages] == [user.email]
