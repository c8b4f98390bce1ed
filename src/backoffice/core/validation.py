"""The API's validation errors (from pydantic) in the caller's language: one sentence per kind of error."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _choices(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


# pydantic error type -> a function of the error's context giving the sentence
MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "string_type": lambda ctx: _("Enter text."),
    "string_too_short": lambda ctx: _("Use at least %(min)s characters.") % {"min": ctx.get("min_length")},
    "string_too_long": lambda ctx: _("Use at most %(max)s characters.") % {"max": ctx.get("max_length")},
    "string_pattern_mismatch": lambda ctx: _("The value does not have the expected form."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "float_type": lambda ctx: _("Enter a number."),
    "float_parsing": lambda ctx: _("Enter a number."),
    "decimal_type": lambda ctx: _("Enter a number."),
    "decimal_parsing": lambda ctx: _("Enter a number."),
    "decimal_max_digits": lambda ctx: _("Use at most %(max)s digits.") % {"max": ctx.get("max_digits")},
    "decimal_max_places": lambda ctx: _("Use at most %(max)s decimal places.") % {"max": ctx.get("decimal_places")},
    "bool_type": lambda ctx: _("Enter true or false."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "date_type": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "datetime_type": lambda ctx: _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_parsing": lambda ctx: _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": lambda ctx: _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "time_type": lambda ctx: _("Enter a time as HH:MM."),
    "time_parsing": lambda ctx: _("Enter a time as HH:MM."),
    "literal_error": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx)},
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx)},
    "greater_than": lambda ctx: _("Enter a value greater than %(limit)s.") % {"limit": ctx.get("gt")},
    "greater_than_equal": lambda ctx: _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge")},
    "less_than": lambda ctx: _("Enter a value less than %(limit)s.") % {"limit": ctx.get("lt")},
    "less_than_equal": lambda ctx: _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le")},
    "list_type": lambda ctx: _("Enter a list."),
    "too_short": lambda ctx: _("Give at least %(min)s items.") % {"min": ctx.get("min_length")},
    "too_long": lambda ctx: _("Give at most %(max)s items.") % {"max": ctx.get("max_length")},
    "dict_type": lambda ctx: _("Enter an object."),
    "model_type": lambda ctx: _("Enter an object."),
    "model_attributes_type": lambda ctx: _("Enter an object."),
    "uuid_type": lambda ctx: _("Enter a valid identifier."),
    "uuid_parsing": lambda ctx: _("Enter a valid identifier."),
    "url_type": lambda ctx: _("Enter a valid web address."),
    "url_parsing": lambda ctx: _("Enter a valid web address."),
    "json_invalid": lambda ctx: _("The request body is not valid JSON."),
    "extra_forbidden": lambda ctx: _("This field is not expected here."),
}


def explain(error: dict[str, Any]) -> str:
    """One pydantic error as a sentence in the active language. Our own validators raise ValueError with an
    already translated message; pydantic prefixes it with "Value error, ", which is removed."""
    kind = error.get("type", "")
    if kind in MESSAGES:
        return MESSAGES[kind](error.get("ctx") or {})
    message = str(error.get("msg", "")) or _("Invalid value.")
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
