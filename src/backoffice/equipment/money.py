"""Amounts of money as the reader's language writes them: "1 234,50 Kč" in Czech, "CZK 1,234.50" in English.

Django's number formats give the separators (Czech: a non-breaking space between thousands and a decimal
comma); where the currency goes and how it is written is translated, so each language decides both.
Core has no money helper yet; this one is deliberately small and free of equipment specifics.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats
from django.utils.translation import pgettext, pgettext_lazy

# The currency as the language writes it (Czech: "Kč"); a currency not listed is written as its ISO code.
CURRENCY_SYMBOLS = {
    "CZK": pgettext_lazy("currency symbol", "CZK"),
    "EUR": pgettext_lazy("currency symbol", "EUR"),
}


def format_money(amount, currency: str | None = None) -> str:
    """`amount` (Decimal, int, float or numeric text) with two decimals, grouped, with its currency."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(amount)
    currency = (currency or settings.CURRENCY or "").upper()
    number = formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return pgettext("money: amount with its currency", "%(currency)s %(amount)s") % {  # a no-break space
        "currency": str(CURRENCY_SYMBOLS.get(currency, currency)),
        "amount": number,
    }
