"""Secrets at rest: encrypted with a key derived from SECRET_KEY, readable after a rotation with fallbacks."""

import pytest

from backoffice.core import secrets


def test_round_trip_and_stored_form_is_not_the_plain_text():
    stored = secrets.encrypt("heslo-do-schránky")
    assert stored.startswith(secrets.PREFIX)
    assert "heslo" not in stored
    assert secrets.decrypt(stored) == "heslo-do-schránky"
    assert secrets.encrypt(stored) == stored  # encrypting twice does not wrap it again


def test_empty_stays_empty_and_legacy_plain_text_reads_as_is():
    assert secrets.encrypt("") == ""
    assert secrets.decrypt("") == ""
    assert secrets.decrypt(None) == ""
    assert secrets.decrypt("stare-heslo") == "stare-heslo"


def test_rotated_secret_key_still_opens_with_fallbacks(settings):
    stored = secrets.encrypt("tajne")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert secrets.decrypt(stored) == "tajne"


def test_unknown_key_reads_as_empty_and_is_logged(settings, caplog):
    stored = secrets.encrypt("tajne")
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = []
    assert secrets.decrypt(stored) == ""
    assert "cannot be decrypted" in caplog.text


def test_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out():
    field = secrets.EncryptedTextField()
    prepared = field.get_prep_value("heslo")
    assert secrets.is_encrypted(prepared)
    assert field.from_db_value(prepared, None, None) == "heslo"
    assert field.from_db_value(None, None, None) is None


def _stored_password(mailbox_id: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM frontdesk_mailbox WHERE id = %s", [mailbox_id])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_encrypt_existing_encrypts_plain_values_once_and_a_rerun_changes_nothing():
    from django.apps import apps
    from django.db import connection

    from backoffice.frontdesk.models import Mailbox

    legacy = Mailbox.objects.create(name="legacy", address="a@firma.cz", host="127.0.0.1", username="a", password="x")
    current = Mailbox.objects.create(name="current", address="b@firma.cz", host="127.0.0.1", username="b", password="y")
    with connection.cursor() as cursor:  # a value stored before encryption existed
        cursor.execute("UPDATE frontdesk_mailbox SET password = %s WHERE id = %s", ["stare-heslo", legacy.pk])
    already = _stored_password(current.pk)
    operation = secrets.encrypt_existing("frontdesk", "Mailbox", "password")

    operation.code(apps, None)  # it reads and writes rows only; no schema change
    first = _stored_password(legacy.pk)
    assert secrets.is_encrypted(first) and secrets.decrypt(first) == "stare-heslo"
    assert _stored_password(current.pk) == already  # an encrypted value is not encrypted again

    operation.code(apps, None)
    assert _stored_password(legacy.pk) == first  # a rerun leaves every stored value as it was
    assert Mailbox.objects.get(pk=legacy.pk).password == "stare-heslo"
