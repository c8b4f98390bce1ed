"""The access matrix machinery: every page and API operation × every role (and anonymous) → allowed or denied.

Each module lists its pages and operations in its own test_access.py, builds its records once with
`shared_scenario` and gets its tests from `matrix_tests`: one test per cell × role (`check_access`), and two
meta-tests that fail when a new URL or API operation of the module is in no matrix (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
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
    form: bool = False  # the API gets this payload as a form (an upload), not as JSON

    def __str__(self) -> str:
        return self.url_name or self.operation


def call(client: Client, cell: Cell, scenario, user, *, api: bool):
    path = cell.path(scenario)
    body = cell.payload(scenario, user) if cell.payload else {}
    method = getattr(client, cell.method.lower())
    if cell.method == "GET":
        return method(path)
    if api and not cell.form:
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


def shared_scenario(build: Callable[[], Any], *, files: bool = False):
    """A module-scoped `scenario` fixture (assign it to the name `scenario`): `build()` — someone else's records —
    runs once per module (and xdist worker), in a transaction that stays open for the module and is rolled back
    after it. Each test (`django_db`, TestCase-style) runs in a savepoint inside it, so whatever one test changes
    (a cell that archives, moves or deletes a scenario record included) is undone before the next, while the
    scenario's rows stay. Cells reach the scenario's records by their pks; on_commit callbacks never run (the
    transaction never commits), as in any TestCase test. A test that needs `transaction=True` cannot share it.

    files=True: uploaded and stored files go to a directory of the module's for its whole duration, so the
    scenario's files are there for every test. A conftest fixture that points storage at each test's own directory
    must then be overridden in the module with `scenario_storage()`.
    """

    @pytest.fixture(scope="module")
    def scenario(django_db_setup, django_db_blocker, tmp_path_factory):
        from huey.contrib.djhuey import HUEY

        overrides = {}
        if files:
            root = tmp_path_factory.mktemp("scenario-files")
            default = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}
            overrides = {"MEDIA_ROOT": root, "STORAGES": {**settings.STORAGES, "default": default}}
        outer = transaction.atomic()
        outer._from_testcase = True  # like TestCase's class-wide transaction: a durable block may run inside it
        with override_settings(**overrides), django_db_blocker.unblock(), outer:
            HUEY.immediate = True  # jobs run inline (tests/conftest.py's fixture is not set up yet for the first test)
            built = build()
            if connection.features.can_defer_constraint_checks:
                connection.check_constraints()  # as TestCase does at the end of each test
            with django_db_blocker.block():  # only tests marked django_db reach the database meanwhile
                yield built
            transaction.set_rollback(True)

    return scenario


def scenario_storage():
    """A stand-in for a conftest's autouse fixture that points file storage at each test's own directory: assign it
    to that fixture's name in an access module, so storage stays where `shared_scenario(..., files=True)` put the
    scenario's files."""

    @pytest.fixture
    def storage() -> Path:
        return Path(settings.MEDIA_ROOT)

    return storage


def matrix_tests(
    *,
    pages: Sequence[Cell],
    api_cells: Sequence[Cell],
    namespaces: set[str],
    api: str | Callable[[str], bool],
    also_listed: Sequence[Cell] = (),
    page_ids: Callable[[Cell], str] = str,
    scenario: bool = True,
    uses: Sequence[str] = (),
):
    """A module's four access tests, new function objects with their own marks; assign them to module-level names,
    where pytest collects them:

        test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = (
            matrix_tests(pages=PAGES, api_cells=API_CELLS, namespaces={"equipment"}, api="/api/v1/equipment/")
        )

    test_pages / test_api: every cell × every role (and anonymous), each as a new user signed in (a session for
    pages, a bearer token for the API) against the module's `scenario` fixture (`shared_scenario`); scenario=False:
    the cells get None. `uses`: further fixtures every cell test needs. page_ids: how a page cell is named in the
    test ids.
    test_every_page_is_in_the_matrix: every named URL of `namespaces` is a cell of `pages` or of `also_listed`
    (pages tested by other tests of the module).
    test_every_api_operation_is_in_the_matrix: every operation of the OpenAPI document whose path starts with
    `api` (or, a callable, for which `api("METHOD /path")` is true) is a cell of `api_cells`.
    """
    fixtures = [*(["scenario"] if scenario else []), *uses]

    def matrix(name: str, cells: Sequence[Cell], ids: Callable[[Cell], str], *, through_api: bool):
        def test(request, client, cell, role):
            built = request.getfixturevalue("scenario") if scenario else None
            user = sign_in(client, role, api=through_api)
            check_access(cell, role, call(client, cell, built, user, api=through_api), api=through_api)

        test.__name__ = test.__qualname__ = name
        test = pytest.mark.parametrize("cell", cells, ids=ids)(test)
        test = pytest.mark.parametrize("role", ROLES_AND_ANONYMOUS)(test)
        if fixtures:
            test = pytest.mark.usefixtures(*fixtures)(test)
        return pytest.mark.django_db(test)

    def test_every_page_is_in_the_matrix():
        listed = {cell.url_name for cell in [*pages, *also_listed]}
        assert page_url_names(namespaces) - listed == set()

    ours = api if callable(api) else lambda operation: operation.split()[1].startswith(api)

    def test_every_api_operation_is_in_the_matrix():
        listed = {cell.operation for cell in api_cells}
        assert {operation for operation in api_operations() if ours(operation)} - listed == set()

    return (
        matrix("test_pages", pages, page_ids, through_api=False),
        matrix("test_api", api_cells, str, through_api=True),
        test_every_page_is_in_the_matrix,
        test_every_api_operation_is_in_the_matrix,
    )
