"""Peers away: the SMTP server, the IMAP server and an SNMP device stop answering (a closed port), the jobs note the
error where people see it and try again later; when the peer is back, the next run succeeds by itself."""

from __future__ import annotations

import datetime as dt
import importlib.util
import time

import pytest
from django.db import transaction
from django.utils import timezone

from backoffice.core import outbox
from backoffice.core.models import OutboxMessage
from backoffice.core.roles import ADMINISTRATOR, TECHNICIAN
from tests.conftest import need
from tests.peers import SmtpServer, TcpProxy, free_udp_port

# Transactional: the outbox wakes its job on commit, as in production; serialized_rollback keeps the roles.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _due_now(model, **filters) -> None:
    """Let the clock run to the next attempt (the back-off is minutes; the test does not wait for it)."""
    model.objects.filter(**filters).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_smtp_away_is_retried_with_growing_back_off_and_the_mail_goes_when_it_is_back(settings):
    from backoffice.core.tasks import deliver_outbox_periodically

    with SmtpServer() as smtp:
        relay = TcpProxy("127.0.0.1", smtp.port)  # not started: the port is closed, as when the server is down
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", relay.port, 3
        settings.OUTBOX_MAX_ATTEMPTS = 10
        with transaction.atomic():
            outbox.enqueue_email(to=["jana@firma.cz"], subject="Porucha tiskárny", body="Tiskárna ve 2. patře.")
        delays = []
        for attempt in (1, 2, 3):
            message = OutboxMessage.objects.get()
            assert message.status == OutboxMessage.Status.PENDING and message.attempts == attempt
            assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
            delays.append(message.next_attempt_at - timezone.now())
            # Not due yet: the periodic job leaves it alone.
            assert deliver_outbox_periodically.call_local() == 0
            _due_now(OutboxMessage)
            if attempt < 3:
                assert deliver_outbox_periodically.call_local() == 0
        assert delays[0] < delays[1] < delays[2]  # about 1, 2, 4 minutes
        assert delays[2] > dt.timedelta(minutes=3)

        relay.start()  # the server is back
        try:
            assert deliver_outbox_periodically.call_local() == 1
        finally:
            relay.stop()
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.SENT and message.last_error == "" and message.attempts == 4
        assert [m["Subject"] for m in smtp.messages] == ["Porucha tiskárny"]
        assert smtp.messages[0]["Message-ID"] == message.message_id


@pytest.fixture
def dovecot():
    from tests.conftest import need_program

    need_program("dovecot", "apt-get install dovecot-imapd")
    from tests.peers import Dovecot

    with Dovecot() as server:
        yield server


def _mail(subject: str) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Dodavatel <obchod@dodavatel.cz>"
    message["To"] = "info@firma.cz"
    message["Subject"] = subject
    message.set_content("Dobrý den, posíláme nabídku.")
    return message.as_bytes()


def test_imap_away_shows_the_error_on_the_mailbox_and_the_next_poll_recovers(dovecot, client_for, settings, tmp_path):
    from backoffice.core.records import create_record
    from backoffice.frontdesk.models import Mailbox, MailMessage
    from backoffice.frontdesk.tasks import poll_mailboxes

    settings.MEDIA_ROOT = tmp_path / "files"
    relay = TcpProxy("127.0.0.1", dovecot.port)  # closed until started
    mailbox = create_record(
        Mailbox,
        name="Info",
        address="info@firma.cz",
        host="127.0.0.1",
        port=relay.port,
        use_ssl=False,
        username="info",
        password=dovecot.password,
    )
    dovecot.append("info", _mail("Nabídka tonerů"))

    assert poll_mailboxes.call_local() == 0
    mailbox.refresh_from_db()
    assert "refused" in mailbox.last_error.lower() or "errno" in mailbox.last_error.lower(), mailbox.last_error
    admin = client_for(ADMINISTRATOR)
    page = admin.get(f"/frontdesk/inbox/mailboxes/{mailbox.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="mailbox-error"' in page
    assert not MailMessage.objects.exists()

    relay.start()
    try:
        assert poll_mailboxes.call_local() == 1  # the next scheduled poll, nobody touched anything
    finally:
        relay.stop()
    mailbox.refresh_from_db()
    assert mailbox.last_error == "" and mailbox.last_sync_at is not None
    assert MailMessage.objects.get().subject == "Nabídka tonerů"
    page = admin.get(f"/frontdesk/inbox/mailboxes/{mailbox.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="mailbox-error"' not in page


def test_snmp_device_away_shows_the_error_on_the_asset_and_the_next_poll_recovers(client_for, settings):
    need(importlib.util.find_spec("snmpsim") is not None, "snmpsim (pip install -e '.[dev]')")
    from backoffice.equipment.models import Asset
    from backoffice.equipment.tasks import poll_devices_hourly
    from tests.equipment.conftest import make_asset, recordings
    from tests.peers import SnmpSimulator

    settings.EQUIPMENT_SNMP_TIMEOUT = 1
    found = recordings()
    port = free_udp_port()  # nothing answers there yet
    asset = make_asset(
        serial_number="SHARP-AWAY",
        ip_address="127.0.0.1",
        snmp_port=port,
        snmp_version="2c",
        snmp_community=found[0].stem,
    )
    assert poll_devices_hourly.call_local() == {"devices": 1, "read": 0}
    asset.refresh_from_db()
    assert asset.poll_outcome and asset.poll_outcome != "ok" and asset.poll_error, (
        asset.poll_outcome,
        asset.poll_error,
    )
    page = client_for(TECHNICIAN).get(f"/equipment/{asset.pk}/?tab=meters", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="poll-error"' in page

    agent = SnmpSimulator(found)
    agent.port = port  # the device comes back where it was
    with agent:
        started = time.monotonic()
        assert poll_devices_hourly.call_local() == {"devices": 1, "read": 1}
        assert time.monotonic() - started < 60
    asset = Asset.objects.get(pk=asset.pk)
    assert asset.poll_outcome == "ok" and asset.poll_error == ""
    page = client_for(TECHNICIAN).get(f"/equipment/{asset.pk}/?tab=meters", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="poll-error"' not in page
