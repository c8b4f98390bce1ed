"""Per-request plumbing: the acting user for the audit trail, the absolute session lifetime, the second factor, the
person's language."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation

from backoffice.core.context import Actor, acting_as, user_actor

LOGIN_AT = "backoffice_login_at"
LANGUAGE_KEY = "backoffice_language"


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        if request.user.is_authenticated:
            actor = user_actor(request.user, request.request_id)
        else:  # an API token may name the user later in the request; acting_as undoes that afterwards
            actor = Actor(user=None, label="anonymous", request_id=request.request_id)
        with acting_as(actor):
            return self.get_response(request)


class SessionTimeoutMiddleware:
    """Idle expiry is the session cookie age (renewed each request); this adds an absolute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until a signed-in browser session has passed its second factor (where one is needed), it reaches only the
    enrol/verify pages, log-out, the language switch and static files: pages redirect there, the API answers 403.

    A request with a bearer token is the token's business (machine credentials, no second factor); the API's
    session authentication refuses a half-signed-in session on its own as well (core.api_auth).
    """

    OPEN_URL_NAMES = ("core:second_factor_verify", "core:second_factor_enrol", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open_paths is None:
            from django.urls import reverse

            self._open_paths = tuple(reverse(name) for name in self.OPEN_URL_NAMES)
        return self._open_paths

    def __call__(self, request):
        from backoffice.core import second_factor

        path = request.path_info
        if path in self.open_paths() or path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if path.startswith("/api/") and request.headers.get("Authorization", "").lower().startswith("bearer "):
            return self.get_response(request)
        step = second_factor.pending_step(request)
        if step is None:
            return self.get_response(request)
        if path.startswith("/api/"):
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            message = _("Finish logging in with the code from your authenticator app first.")
            return JsonResponse({"detail": message, "code": "second_factor_required", "fields": {}}, status=403)
        return redirect_to_login(
            request.get_full_path(),
            login_url="core:second_factor_enrol" if step == second_factor.ENROL else "core:second_factor_verify",
        )


class PreferredLanguageMiddleware:
    """Speak to a signed-in person in the language they chose (kept in the session at login), unless this
    browser carries an explicit choice of its own (the language cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        chosen = session.get(LANGUAGE_KEY) if session is not None else None
        if chosen and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class DomainErrorMiddleware:
    """A domain error that escapes a page view becomes the matching error page, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from backoffice.core.errors import DomainError, NotAllowed, NotFound

        if isinstance(exception, NotAllowed):
            raise PermissionDenied(exception.message)
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        if isinstance(exception, DomainError):
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.error(request, exception.message)
            return redirect(request.headers.get("Referer") or "/")
        return None
