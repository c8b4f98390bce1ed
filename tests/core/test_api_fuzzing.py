"""The whole API under generated input (schemathesis, from /api/v1/openapi.json), as every role and anonymous:
no answer is a server error, and every answer matches the documented schema and content type.

Bounded for CI: a few examples per operation and role (BACKOFFICE_FUZZ_EXAMPLES to raise it locally)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from backoffice.core.roles import ROLES
from backoffice.core.tokens import token_create
from backoffice.wsgi import application
from tests.access import ANONYMOUS, ROLES_AND_ANONYMOUS
from tests.builders import make_user

ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

# The generated input is the same on both databases, and PostgreSQL is the stricter one with odd input (NUL bytes,
# lengths, types): its pass keeps 3 examples per operation and role, the SQLite pass (the longer one) runs 2.
EXAMPLES = int(os.environ.get("BACKOFFICE_FUZZ_EXAMPLES", "2" if ON_SQLITE else "3"))
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance, content_type_conformance]


# Only the generated-input phase: the coverage phase's exhaustive edge cases take far longer than CI allows.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"phases": {name: {"enabled": False} for name in ("coverage", "examples", "stateful")}}
)
# The OpenAPI document is built without the database, so it can be read while tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture(autouse=True)
def connections_kept():
    """The WSGI app closes "old" database connections at each request's start and end; inside a test's
    transaction that would drop the transaction (PostgreSQL). Django's test client switches this off; so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db) -> dict[str, dict[str, str]]:
    """One real bearer token per role; anonymous sends none."""
    headers = {ANONYMOUS: {}}
    for role in ROLES_AND_ANONYMOUS:
        if role != ANONYMOUS:
            _, key = token_create(user=make_user(role if role in ROLES else None), name="fuzz")
            headers[role] = {"Authorization": f"Bearer {key}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@pytest.mark.django_db
def test_every_operation_as_every_role(case, tokens):
    for headers in tokens.values():
        case.call_and_validate(headers=headers, checks=CHECKS, excluded_checks=[negative_data_rejection])
