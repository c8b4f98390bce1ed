"""The access matrix machinery: every page and API operation × every role (and anonymous) → allowed or denied.

Each module lists its pages and operations in its own test_access.py; `check_access` runs one cell, and
`unlisted_*` helpers let a meta-test fail when a new URL or operation is not in any matrix (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from backoffice.core.roles import ROLES
from backoffice.core.tokens import token_create
from tests.builders import make_user

ANONYMOUS = "anonymous"
NO_ROLE = "no role"
EVERYONE = frozenset(ROLES) | {NO_ROLE}
ALL_ROLES = frozenset(ROLES)
DENIED = {403, 404}
ROLES_AND_ANONYMOUS = [*ROLES, NO_ROLE, ANONYMOUS]


def sign_in(client: Client, role: str, *, api: bool):
    """A new user with `role` on `client`: a session for pages, a real bearer token for the API. None: anonymous."""
    if role == ANONYMOUS:
        return None
    user = make_user(None if role == NO_ROLE else role)
    if api:
        _, key = token_create(user=user, name="matrix")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    else:
        client.force_login(user)
    return user


@dataclass(frozen=True)
class Cell:
    """One page or API operation: how to call it, and who may."""

    method: str
    path: Callable[[Any], str]  # built from the scenario's objects
    allowed: frozenset[str]
    url_name: str = ""  # for pages: the URL name, so the meta-test can see it is covered
    operation: str = ""  # for the API: "METHOD /api/v1/path/{param}" as in the OpenAPI document
    payload: Callable[[Any, Any], dict] | None = None  # (scenario, user) -> body
    ok: frozenset[int] = frozenset({200, 201, 302})
    special: dict[str, int] = field(default_factory=dict)  # role -> exact expected status

    def __str__(self) -> str:
        return self.url_name or self.operation


def call(client: Client, cell: Cell, scenario, user, *, api: bool):
    path = cell.path(scenario)
    body = cell.payload(scenario, user) if cell.payload else {}
    method = getattr(client, cell.method.lower())
    if cell.method == "GET":
        return method(path)
    if api:
        return method(path, data=body, content_type="application/json")
    return method(path, data=body)


def expected_denial(role: str, *, api: bool) -> set[int]:
    if role == ANONYMOUS:
        return {401} if api else {302}
    return DENIED


def check_access(cell: Cell, role: str, response, *, api: bool) -> None:
    status = response.status_code
    if role in cell.special:
        assert status == cell.special[role], f"{cell} as {role}: {status}, expected {cell.special[role]}"
    elif role in cell.allowed:
        assert status in cell.ok, f"{cell} as {role} should be allowed, got {status}: {response.content[:300]!r}"
    else:
        expected = expected_denial(role, api=api)
        assert status in expected, f"{cell} as {role} should be denied ({expected}), got {status}"
        if role == ANONYMOUS and not api:
            assert "/accounts/login/" in response["Location"]


SHELL_URLS = {"login", "logout", "password_change", "password_change_done", "set_language", "javascript-catalog"}


def page_url_names(namespaces: set[str]) -> set[str]:
    """Every named URL in the given namespaces ("people:directory", …)."""
    names: set[str] = set()

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return {name for name in names if name.split(":")[0] in namespaces}


def api_operations() -> set[str]:
    from backoffice.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}
