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


def pass_second_factor(client: Client, user) -> None:
    """What typing the app's code does to a session (django_otp.login): where the person needs a second factor, they
    get a confirmed authenticator app (unless they have one) and the client's session counts as verified with it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from backoffice.core import second_factor
    from backoffice.core.models import AuthenticatorApp

    if second_factor.next_step(user) is None:
        return
    app = second_factor.app_of(user) or AuthenticatorApp.objects.create(user=user, name="tests", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app.persistent_id
    session.save()


def app_code(app) -> str:
    """The code the person's authenticator app shows now (RFC 6238 from the app's key, as a phone computes it).

    A code is accepted once; a test that logs the same person in twice within 30 seconds gets the next step's code,
    which the server's tolerance of one step accepts.
    """
    from django_otp.oath import TOTP

    app.refresh_from_db()
    totp = TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift)
    if totp.t() <= app.last_t:
        totp.drift += app.last_t + 1 - totp.t()
    return f"{totp.token():0{app.digits}d}"


@pytest.fixture(autouse=True)
def logins_pass_the_second_factor(monkeypatch):
    """A test client's force_login()/login() gives a fully signed-in session, second factor included, so tests of
    the modules need not care that HR and administrators have one. Tests of the second factor itself log in
    through the real form (which is not changed) or with `half_signed_in`."""
    original = Client._login

    def login_and_verify(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "_login", login_and_verify)
    yield original


@pytest.fixture
def half_signed_in(logins_pass_the_second_factor):
    """A client logged in with the password only: the second factor still to come."""

    def build(user) -> Client:
        client = Client()
        logins_pass_the_second_factor(client, user)
        return client

    return build


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


# Checking an upload parses it in a fresh child Python (core.files.parse_check), ~0.3-1 s each. The access matrices and
# upload tests send the same few honest PNGs/PDFs thousands of times, so each worker remembers the child's answer per
# (content, kind, limits) and starts the child only for content it has not seen. The answer is a pure function of
# those, so no behaviour is hidden; a timeout is never remembered. Tests of the child itself use `fresh_parse_checks`.
_PARSE_ANSWERS: dict[tuple, str] = {}


@pytest.fixture(autouse=True)
def parse_checks_remembered(monkeypatch):
    import hashlib

    from backoffice.core import files

    original = files.parse_check

    def remembered(data: bytes, kind: str) -> str:
        key = (
            hashlib.sha256(data).digest(),
            kind,
            files._setting("FILES_MAX_IMAGE_PIXELS", files.MAX_IMAGE_PIXELS),
            files.MAX_PAGES,
            files.CHILD_MEMORY,
            files.CHILD_CPU_SECONDS,
        )
        if key not in _PARSE_ANSWERS:
            answer = original(data, kind)
            if answer == "timeout":
                return answer
            _PARSE_ANSWERS[key] = answer
        return _PARSE_ANSWERS[key]

    monkeypatch.setattr(files, "parse_check", remembered)
    yield original


@pytest.fixture
def fresh_parse_checks(parse_checks_remembered, monkeypatch):
    """core.files.parse_check as it is: a child process for every call."""
    from backoffice.core import files

    monkeypatch.setattr(files, "parse_check", parse_checks_remembered)
