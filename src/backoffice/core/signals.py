"""At login: note when the session started (absolute timeout) and the language the person chose; forget the failed
log-ins once no second factor is still to come."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from backoffice.core.middleware import LANGUAGE_KEY, LOGIN_AT


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = time.time()


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    from backoffice.core.preferences import preference_of

    language = preference_of(user).language
    if request is not None and hasattr(request, "session") and language:
        request.session[LANGUAGE_KEY] = language


@receiver(user_logged_in)
def password_login_finished(sender, request, user, **kwargs):
    """A password log-in that needs no second factor is the whole log-in (see core.second_factor)."""
    from backoffice.core import second_factor

    if request is not None and hasattr(request, "session") and second_factor.next_step(user) is None:
        second_factor.full_login_succeeded(request, user)
