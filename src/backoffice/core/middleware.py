"""Per-request plumbing: the acting user for the audit trail, the absolute session lifetime, the person's language."""

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
