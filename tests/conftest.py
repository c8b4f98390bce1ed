"""Test-wide fixtures: users per role built through the real services, API clients, real peers on loopback."""

from __future__ import annotations

import os
import shutil

import pytest
from django.test import Client

from tests.builders import make_user

# In CI every real component is installed: a test that would skip fails instead.
REQUIRE_ALL = os.environ.get("BACKOFFICE_REQUIRE_ALL") == "1"


def need(condition: bool, what: str) -> None:
    """Skip (or, in CI, fail) when a component this test needs is missing on this machine."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"missing in CI: {what}")
    pytest.skip(f"needs {what}")


def need_program(name: str, install_hint: str) -> str:
    path = shutil.which(name)
    need(path is not None, f"{name} ({install_hint})")
    return path


@pytest.fixture(autouse=True)
def jobs_run_inline():
    """Jobs run in the test's own thread unless a test starts a real worker."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = True


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def client_for(db):
    """A logged-in browser-like client for a role (or None for anonymous)."""

    def build(role: str | None, **kwargs) -> Client:
        client = Client()
        if role is not None:
            client.force_login(make_user(role, **kwargs))
        return client

    return build


@pytest.fixture
def api_for(db):
    """An API client that authenticates with a real bearer token, as programs do."""
    from backoffice.core.tokens import token_create

    def build(role_or_user) -> Client:
        user = make_user(role_or_user) if isinstance(role_or_user, str) else role_or_user
        _, key = token_create(user=user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return build


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's mail goes to it for this test."""
    from tests.peers import SmtpServer

    with SmtpServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server
