"""Secrets at rest: encrypted with a key derived from SECRET_KEY, readable after a rotation with fallbacks."""

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
