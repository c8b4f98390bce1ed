"""The mailbox password is encrypted at rest (no plain text in the column, the audit trail or a backup), and the
inbox still logs in to the real Dovecot with it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from backoffice.core import secrets
from backoffice.core.models import AuditEntry
from backoffice.core.records import create_record
from backoffice.frontdesk import inbox, mailboxes
from backoffice.frontdesk.models import Mailbox
from tests.frontdesk.test_inbox import mail

pytestmark = pytest.mark.django_db


def stored_password(mailbox: Mailbox) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM frontdesk_mailbox WHERE id = %s", [mailbox.pk])
        return cursor.fetchone()[0]


def test_the_column_holds_no_plain_text_and_the_sync_still_logs_in(dovecot, media):
    mailbox = create_record(
        Mailbox,
        name="Info",
        address="info@firma.cz",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username="info",
        password=dovecot.password,
    )
    raw = stored_password(mailbox)
    assert secrets.is_encrypted(raw) and dovecot.password not in raw
    dovecot.append("info", mail("Šifrované heslo"))
    fresh = Mailbox.objects.get(pk=mailbox.pk)  # read back from the database: decrypted on load
    assert fresh.password == dovecot.password
    assert inbox.sync_mailbox(fresh).fetched == 1
    for entry in AuditEntry.objects.filter(content_type__model="mailbox"):
        assert dovecot.password not in str(entry.before) + str(entry.after)


def test_a_changed_password_is_encrypted_again_and_the_audit_notes_only_that_it_changed():
    mailbox = mailboxes.mailbox_create(
        actor=None, name="Info", address="info@firma.cz", host="127.0.0.1", username="info", password="Stare-heslo-1"
    )
    first = stored_password(mailbox)
    mailboxes.mailbox_update(actor=None, mailbox=mailbox, password="Nove-heslo-2")
    second = stored_password(mailbox)
    assert first != second and secrets.is_encrypted(second) and "Nove-heslo-2" not in second
    assert Mailbox.objects.get(pk=mailbox.pk).password == "Nove-heslo-2"
    change = AuditEntry.objects.filter(content_type__model="mailbox", action=AuditEntry.Action.UPDATE).get()
    assert change.reason == "password changed"
    assert "heslo" not in str(change.before) + str(change.after)


def test_the_migration_encrypts_passwords_stored_as_plain_text():
    mailbox = create_record(Mailbox, name="Stará", address="a@firma.cz", host="h", username="u", password="x")
    with connection.cursor() as cursor:  # as a database from before the migration has it
        cursor.execute("UPDATE frontdesk_mailbox SET password = %s WHERE id = %s", ["Plain-heslo-3", mailbox.pk])
    assert Mailbox.objects.get(pk=mailbox.pk).password == "Plain-heslo-3"  # a legacy value still reads
    migration = importlib.import_module("backoffice.frontdesk.migrations.0004_encrypt_mailbox_password").Migration
    encrypt = [op for op in migration.operations if op.__class__.__name__ == "RunPython"][0]
    encrypt.code(apps, None)
    raw = stored_password(mailbox)
    assert secrets.is_encrypted(raw) and "Plain-heslo-3" not in raw
    encrypt.code(apps, None)  # running it again keeps it encrypted and readable
    assert secrets.is_encrypted(stored_password(mailbox))
    assert Mailbox.objects.get(pk=mailbox.pk).password == "Plain-heslo-3"
