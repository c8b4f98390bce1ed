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
from backoffice.core.roles import ADMINISTRATOR, EMPLOYEE, TECHNICIAN
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


def _shown_time(when: dt.datetime, language: str) -> str:
    """A time as the pages print it in `language` (SHORT_DATETIME_FORMAT, local time)."""
    from django.utils import formats, translation

    with translation.override(language):
        return formats.date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


def test_imap_away_is_tried_later_and_later_shown_on_the_mailbox_and_the_next_due_poll_recovers(
    dovecot, client_for, settings, tmp_path
):
    from backoffice.core.records import create_record
    from backoffice.frontdesk import inbox
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

    # The rounds of the poller, each at the time the previous failure named (`now` is when a round starts).
    now, delays = timezone.now(), []
    for failures in (1, 2, 3):
        assert inbox.sync_all(now=now) == 0
        mailbox.refresh_from_db()
        assert mailbox.failures == failures
        assert "refused" in mailbox.last_error.lower() or "errno" in mailbox.last_error.lower(), mailbox.last_error
        delays.append(mailbox.retry_at - now)
        # Before the next attempt is due the poller leaves the mailbox alone: nothing is tried, nothing counted.
        assert inbox.sync_all(now=mailbox.retry_at - dt.timedelta(seconds=1)) == 0
        mailbox.refresh_from_db()
        assert mailbox.failures == failures
        now = mailbox.retry_at
    assert delays == [dt.timedelta(minutes=2), dt.timedelta(minutes=4), dt.timedelta(minutes=8)]
    assert poll_mailboxes.call_local() == 0  # the periodic job two minutes later: not due yet either
    mailbox.refresh_from_db()
    assert mailbox.failures == 3 and mailbox.retry_at == now
    assert not MailMessage.objects.exists()

    admin = client_for(ADMINISTRATOR)
    for language in ("en", "cs"):
        page = admin.get(f"/frontdesk/inbox/mailboxes/{mailbox.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-testid="mailbox-error"' in page and "ConnectionRefusedError" in page, language
        assert 'data-testid="mailbox-failures">3<' in page, language
        assert f'data-testid="mailbox-retry-at">{_shown_time(mailbox.retry_at, language)}<' in page, language
        listing = admin.get("/frontdesk/inbox/mailboxes/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "ConnectionRefusedError" in listing and 'data-testid="mailbox-retry"' in listing, language
        assert _shown_time(mailbox.retry_at, language) in listing, language
    english = admin.get("/frontdesk/inbox/mailboxes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 failed attempts in a row; next attempt at" in english

    relay.start()  # the server is back
    try:
        assert inbox.sync_all(now=now) == 1  # the next due round, nobody touched anything
        mailbox.refresh_from_db()
        assert mailbox.failures == 0 and mailbox.retry_at is None and mailbox.last_error == ""
        assert MailMessage.objects.get().subject == "Nabídka tonerů"
        synced = mailbox.last_sync_at
        assert poll_mailboxes.call_local() == 0  # from now on read every two minutes again: nothing new there
        mailbox.refresh_from_db()
        assert mailbox.last_sync_at > synced
    finally:
        relay.stop()
    for language in ("en", "cs"):
        page = admin.get(f"/frontdesk/inbox/mailboxes/{mailbox.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-testid="mailbox-error"' not in page and 'data-testid="mailbox-failures"' not in page


def test_new_mailbox_settings_are_tried_at_the_next_poll_without_waiting_out_the_back_off(dovecot, settings, tmp_path):
    from backoffice.core.records import create_record
    from backoffice.frontdesk import inbox, mailboxes
    from backoffice.frontdesk.models import Mailbox
    from backoffice.frontdesk.tasks import poll_mailboxes
    from tests.peers import free_port

    settings.MEDIA_ROOT = tmp_path / "files"
    mailbox = create_record(
        Mailbox,
        name="Info",
        address="info@firma.cz",
        host="127.0.0.1",
        port=free_port(),  # a typo in the port: nothing listens there
        use_ssl=False,
        username="info",
        password=dovecot.password,
    )
    dovecot.append("info", _mail("Objednávka"))
    now = timezone.now()
    inbox.sync_all(now=now)
    inbox.sync_all(now=now + dt.timedelta(minutes=2))
    mailbox.refresh_from_db()
    assert mailbox.failures == 2 and mailbox.retry_at == now + dt.timedelta(minutes=6)

    mailboxes.mailbox_update(actor=None, mailbox=mailbox, port=dovecot.port)
    mailbox.refresh_from_db()
    assert mailbox.failures == 0 and mailbox.retry_at is None
    assert poll_mailboxes.call_local() == 1


def test_snmp_device_away_is_polled_later_and_later_shown_on_the_asset_and_the_next_due_poll_recovers(
    client_for, settings
):
    need(importlib.util.find_spec("snmpsim") is not None, "snmpsim (pip install -e '.[dev]')")
    from backoffice.equipment import polling
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
    now, delays = timezone.now(), []
    for failures in (1, 2, 3):
        assert polling.poll_everything(now=now) == {"devices": 1, "read": 0, "waiting": 0}
        asset.refresh_from_db()
        assert asset.poll_failures == failures and asset.poll_outcome not in ("", "ok") and asset.poll_error
        delays.append(asset.poll_retry_at - now)
        # Before the next poll is due the round leaves the device alone.
        early = asset.poll_retry_at - dt.timedelta(seconds=1)
        assert polling.poll_everything(now=early) == {"devices": 0, "read": 0, "waiting": 1}
        now = asset.poll_retry_at
    assert delays == [dt.timedelta(hours=1), dt.timedelta(hours=2), dt.timedelta(hours=4)]
    assert poll_devices_hourly.call_local() == {"devices": 0, "read": 0, "waiting": 1}  # the job an hour later
    asset.refresh_from_db()
    assert asset.poll_failures == 3 and asset.poll_retry_at == now

    technician = client_for(TECHNICIAN)
    for language in ("en", "cs"):
        page = technician.get(f"/equipment/{asset.pk}/?tab=meters", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-testid="poll-error"' in page and asset.poll_error in page, language
        assert 'data-testid="poll-retry"' in page and _shown_time(asset.poll_retry_at, language) in page, language
    english = technician.get(f"/equipment/{asset.pk}/?tab=meters", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 failed polls in a row; next poll at" in english

    # "Read over SNMP now" does not wait for the back-off: it asks the device (still away) and counts the failure.
    asked = timezone.now()
    technician.post(f"/equipment/{asset.pk}/poll/")
    asset.refresh_from_db()
    assert asset.poll_failures == 4  # 8 hours by the formula, held at the cap of 6
    assert asked + dt.timedelta(hours=6) <= asset.poll_retry_at <= timezone.now() + dt.timedelta(hours=6)

    agent = SnmpSimulator(found)
    agent.port = port  # the device comes back where it was
    with agent:
        assert poll_devices_hourly.call_local() == {"devices": 0, "read": 0, "waiting": 1}  # not due yet
        started = time.monotonic()
        assert polling.poll_everything(now=asset.poll_retry_at) == {"devices": 1, "read": 1, "waiting": 0}
        assert time.monotonic() - started < 60
        assert poll_devices_hourly.call_local() == {"devices": 1, "read": 1, "waiting": 0}  # hourly again
    asset = Asset.objects.get(pk=asset.pk)
    assert asset.poll_outcome == "ok" and asset.poll_error == ""
    assert asset.poll_failures == 0 and asset.poll_retry_at is None
    page = technician.get(f"/equipment/{asset.pk}/?tab=meters", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="poll-error"' not in page and 'data-testid="poll-retry"' not in page


def test_read_over_snmp_now_reads_a_device_whose_next_poll_is_not_due(client_for, settings):
    need(importlib.util.find_spec("snmpsim") is not None, "snmpsim (pip install -e '.[dev]')")
    from backoffice.equipment import polling
    from backoffice.equipment.models import Asset
    from tests.equipment.conftest import make_asset, recordings
    from tests.peers import SnmpSimulator

    settings.EQUIPMENT_SNMP_TIMEOUT = 1
    found = recordings()
    port = free_udp_port()
    asset = make_asset(
        serial_number="SHARP-BACK",
        ip_address="127.0.0.1",
        snmp_port=port,
        snmp_version="2c",
        snmp_community=found[0].stem,
    )
    polling.poll_everything()
    asset.refresh_from_db()
    assert asset.poll_failures == 1 and asset.poll_retry_at > timezone.now()
    agent = SnmpSimulator(found)
    agent.port = port
    with agent:
        answer = client_for(TECHNICIAN).post(f"/equipment/{asset.pk}/poll/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The device was read." in answer.content.decode()
    asset = Asset.objects.get(pk=asset.pk)
    assert asset.poll_outcome == "ok" and asset.poll_failures == 0 and asset.poll_retry_at is None
    # Only people who may read meters may ask for it.
    assert client_for(None).post(f"/equipment/{asset.pk}/poll/").status_code == 302
    assert client_for(EMPLOYEE).post(f"/equipment/{asset.pk}/poll/").status_code in (403, 404)
