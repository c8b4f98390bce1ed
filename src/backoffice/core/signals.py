"""Note when a session started, for the absolute session timeout."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from backoffice.core.middleware import LOGIN_AT


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = time.time()
