"""API authentication: the browser's session (with CSRF) or `Authorization: Bearer <token>`.

A token is a machine credential: it is not asked for a second factor. A session is accepted only once it has passed
the second factor where one is needed (core.second_factor)."""

from ninja.security import HttpBearer, SessionAuth

from backoffice.core import second_factor
from backoffice.core.context import set_actor, user_actor
from backoffice.core.tokens import user_for_key


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_key(token)
        if user is None:
            return None
        request.user = user
        set_actor(user_actor(user, getattr(request, "request_id", "")))
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and not user.is_active:
            return None
        if user is not None and second_factor.pending_step(request) is not None:
            return None
        return user


API_AUTH = [TokenAuth(), ActiveSessionAuth(csrf=True)]
