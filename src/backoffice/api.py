"""The JSON API at /api/v1/: one router per module, one mapping of errors to HTTP."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from backoffice.core.api import router as core_router
from backoffice.core.api_auth import API_AUTH
from backoffice.core.errors import DomainError
from backoffice.equipment.api import router as equipment_router
from backoffice.frontdesk.api import router as frontdesk_router
from backoffice.people.api import router as people_router
from backoffice.supplies.api import router as supplies_router

api = NinjaAPI(
    title="backoffice API",
    version="1",
    description="Everything the back office does, for programs. See docs/api-changelog.md.",
    urls_namespace="api",
    auth=API_AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, detail: str, code: str, fields=None):
    return api.create_response(request, {"detail": detail, "code": code, "fields": fields or {}}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return _error(request, exc.status, exc.message, exc.code, exc.fields)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(location) or "__all__", []).append(error.get("msg", _("Invalid value.")))
    return _error(request, 422, _("Some values are not valid."), "invalid", fields)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return _error(request, 401, _("Log in or send an API token."), "not_authenticated")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, _("You do not have permission to do this."), "forbidden")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


api.add_router("/", core_router)
api.add_router("/people/", people_router)
api.add_router("/supplies/", supplies_router)
api.add_router("/frontdesk/", frontdesk_router)
api.add_router("/equipment/", equipment_router)
