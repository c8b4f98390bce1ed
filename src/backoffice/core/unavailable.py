"""When the database is away for a moment: answer 503 with a retry hint instead of a bare 500.

Django turns an exception raised anywhere in a request (view or middleware) into a call of `handler500` while
the exception is still being handled, so this view sees it. Whatever the request was writing was inside a
transaction and is rolled back by the database; the next request opens a new connection (CONN_HEALTH_CHECKS),
so the service resumes by itself when the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 10
DATABASE_AWAY = (OperationalError, InterfaceError)
log = logging.getLogger("backoffice.unavailable")


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_AWAY):
        return django_server_error(request, template_name)
    log.warning("database unavailable: %s", error)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": "The database is unavailable for a moment; nothing was saved. Try again shortly. "
                "/ Databáze je na okamžik nedostupná; nic nebylo uloženo. Zkuste to za chvíli znovu.",
                "code": "unavailable",
                "fields": {},
            },
            status=503,
        )
    else:  # no translations or templates with context: they might need the database
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
