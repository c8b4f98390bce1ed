"""Logging in and out, throttling, password policy, session expiry."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from backoffice.core.middleware import LOGIN_AT
from backoffice.core.roles import EMPLOYEE
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_then_my_work_then_logout():
    user = make_user(EMPLOYEE)
    client = Client()
    assert client.get("/").status_code == 302
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_session_key_changes_on_login():
    user = make_user(EMPLOYEE)
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    login(client, user.username, PASSWORD)
    assert client.session.session_key != before


def test_wrong_password_shows_the_form_again():
    user = make_user(EMPLOYEE)
    response = login(Client(), user.username, "wrong password")
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_repeated_failures_lock_the_account_from_that_address(settings):
    user = make_user(EMPLOYEE)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong password")
    locked = login(client, user.username, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed log-in attempts" in locked.content
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "password",
    ["short1", "password123", "12345678", "qwertyuiop"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passphrases_without_composition_rules_are_fine():
    validate_password("tohle je moje dlouhá věta jako heslo " * 2)
    validate_password("correct horse battery staple")


def test_sessions_end_after_the_absolute_limit(settings):
    user = make_user(EMPLOYEE)
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").status_code == 302


def test_idle_expiry_is_the_session_cookie_age(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_an_inactive_user_cannot_log_in():
    user = make_user(EMPLOYEE)
    user.is_active = False
    user.save()
    response = login(Client(), user.username, PASSWORD)
    assert response.status_code == 200
