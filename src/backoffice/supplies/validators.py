"""Czech company identifiers and barcodes, checked by their check digits."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def ico_is_valid(value: str) -> bool:
    """IČO: eight digits, the last one a mod-11 check digit over the first seven (weights 8…2)."""
    if len(value) != 8 or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    return int(value[7]) == check


def validate_ico(value: str) -> None:
    if not ico_is_valid(value):
        raise ValidationError(_("%(value)s is not a valid IČO (eight digits with a check digit).") % {"value": value})


def validate_ean(value: str) -> None:
    """EAN-8 / EAN-13 / UPC-A (GTIN) with its check digit."""
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(_("A barcode (EAN) has 8, 12, 13 or 14 digits."))
    digits = [int(d) for d in value]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    if (10 - total % 10) % 10 != check:
        raise ValidationError(_("The barcode %(value)s has a wrong check digit.") % {"value": value})
