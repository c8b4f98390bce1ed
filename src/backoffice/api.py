"""The JSON API at /api/v1/: one router per module, one mapping of errors to HTTP."""

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from backoffice.core.api import router as core_router
from backoffice.core.api_auth import API_AUTH
from backoffice.core.errors import DomainError
from backoffice.core.validation import explain
from backoffice.equipment.api import router as equipment_router
from backoffice.frontdesk.api import router as frontdesk_router
from backoffice.meetings.api import router as meetings_router
from backoffice.overview.api import router as overview_router
from backoffice.people.api import router as people_router
from backoffice.recruitment.api import router as recruitment_router
from backoffice.reports.api import router as reports_router
from backoffice.staff.api import router as staff_router
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
        fields.setdefault(".".join(location) or "__all__", []).append(explain(error))
    return _error(request, 422, _("Some values are not valid."), "invalid", fields)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return _error(request, 401, _("Log in or send an API token."), "not_authenticated")


HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "not_allowed"}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Errors ninja raises itself (e.g. a session cookie without its CSRF token) in the same shape as ours."""
    if exc.status_code == 403 and "CSRF" in str(exc):
        message = _("The CSRF token is missing or wrong: reload the page, or send an API token.")
        return _error(request, 403, message, "csrf")
    return _error(request, exc.status_code, str(exc), HTTP_CODES.get(exc.status_code, "error"))


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request, exc):
    """A number (an id, a count) larger than the database can hold: the caller's mistake, not ours."""
    return _error(request, 422, _("A value is out of range."), "invalid")


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
api.add_router("/meetings/", meetings_router)
api.add_router("/recruitment/", recruitment_router)
api.add_router("/staff/", staff_router)
api.add_router("/overview/", overview_router)
api.add_router("/reports/", reports_router)
