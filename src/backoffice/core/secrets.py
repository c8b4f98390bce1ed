"""Secrets at rest: passwords and keys the product must keep to talk to other systems (mailboxes, calendars,
SNMP devices) are stored encrypted, never as plain text in the database or in a backup.

`EncryptedTextField` encrypts on save and decrypts on load with Fernet (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package). The key is derived from SECRET_KEY with HKDF; the keys in SECRET_KEY_FALLBACKS still
decrypt, so a rotated SECRET_KEY keeps old secrets readable until they are saved again. A value stored before
encryption existed (no prefix) is read as it is and encrypted on its next save; `encrypt_existing()` gives a
migration operation that does that for every row at once.
"""

from __future__ import annotations

import base64
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)

PREFIX = "fernet:"
_INFO = b"backoffice secrets at rest v1"


def _derive(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=8)
def _fernet(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(secret_key), *(_derive(old) for old in fallbacks)])


def _cipher() -> MultiFernet:
    return _fernet(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ()))


def is_encrypted(value: str | None) -> bool:
    return bool(value) and value.startswith(PREFIX)


def encrypt(plain: str) -> str:
    """The stored form of `plain` ("" stays "", so an empty optional secret is visibly empty)."""
    if not plain:
        return ""
    if is_encrypted(plain):
        return plain
    return PREFIX + _cipher().encrypt(plain.encode()).decode("ascii")


def decrypt(stored: str | None) -> str:
    """The plain text of a stored secret; a legacy plain value is returned as it is.

    A value that no known key opens (SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS) reads
    as "" and is logged: the connection using it then fails with "wrong credentials", visibly, and the person who
    manages it types it again.
    """
    if not stored:
        return ""
    if not is_encrypted(stored):
        return stored
    try:
        return _cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        log.error("a stored secret cannot be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS; it must be re-entered")
        return ""


class EncryptedTextField(models.TextField):
    """A text field whose value is encrypted in the database. Not searchable or orderable by its content."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else None

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if isinstance(value, str) else value


def encrypt_existing(app_label: str, model_name: str, *fields: str):
    """A migration operation that encrypts the plain values already stored in `fields` of one model.

    It reads the stored text as it is (cast to a plain text column, so the field does not decrypt it on the way
    out): values already encrypted are left alone, so running it again changes nothing.
    """
    from django.db import migrations
    from django.db.models.functions import Cast

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        stored = {f"stored_{name}": Cast(name, models.TextField()) for name in fields}
        for row in model.objects.annotate(**stored).values("pk", *stored).iterator():
            changed = {
                name: encrypt(row[f"stored_{name}"])
                for name in fields
                if row[f"stored_{name}"] and not is_encrypted(row[f"stored_{name}"])
            }
            if changed:
                model.objects.filter(pk=row["pk"]).update(**changed)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
