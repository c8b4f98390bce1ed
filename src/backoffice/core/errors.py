"""One hierarchy of domain errors; the API maps them to 4xx and the pages show them by the field."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("The request cannot be carried out.")

    def __init__(self, message: str | None = None, *, fields: dict[str, list[str]] | None = None, code: str = ""):
        self.message = str(message or self.default_message)
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"detail": self.message, "code": self.code, "fields": self.fields}


class InvalidInput(DomainError):
    status = 422
    code = "invalid"
    default_message = _("Some values are not valid.")

    @classmethod
    def from_django(cls, exc: DjangoValidationError) -> InvalidInput:
        if hasattr(exc, "error_dict"):
            fields = {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
            general = fields.pop("__all__", [])
            message = " ".join(general) if general else None
            return cls(message, fields=fields)
        return cls(" ".join(str(m) for m in exc.messages))


class NotAllowed(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state of the record.")
