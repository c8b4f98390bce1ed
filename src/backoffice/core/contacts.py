"""Who is behind a phone number: each module registers a lookup (employees, suppliers, vendors, candidates).

A lookup takes a number in E.164 form and the user asking, and returns only what that user may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from django.conf import settings


@dataclass(frozen=True)
class Contact:
    kind: str  # translated label: "employee", "supplier", …
    name: str
    url: str = ""
    detail: str = ""


Lookup = Callable[[str, object], list[Contact]]
_lookups: list[Lookup] = []


def provides_contacts(lookup: Lookup) -> Lookup:
    _lookups.append(lookup)
    return lookup


def normalize_phone(raw: str, region: str | None = None) -> str:
    """The number in E.164 (+420777123456), or "" when it is not a valid number."""
    try:
        parsed = phonenumbers.parse(raw or "", region or settings.COUNTRY)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def who_is(number_e164: str, user) -> list[Contact]:
    if not number_e164:
        return []
    return [contact for lookup in _lookups for contact in lookup(number_e164, user)]
