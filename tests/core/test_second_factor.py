"""The second factor: enrolling an authenticator app, typing its code after the password, what a half-signed-in
session may reach, throttling of wrong codes, removing the app, and which roles need one."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from backoffice.core.models import AuditEntry, AuthenticatorApp
from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, EMPLOYEE, HR, ROLES, SECOND_FACTOR_ROLES
from backoffice.core.tokens import token_create
from tests.builders import PASSWORD, make_user
from tests.conftest import app_code

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/second-factor/"
ENROL = "/accounts/second-factor/enrol/"
API_LIST = "/api/v1/people/employees"


def password_login(client: Client, user, next_url: str = "") -> str:
    """Log in with the password through the real form; answers where the browser is sent next."""
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302, response.content[:300]
    landing = client.get(response["Location"])
    return landing["Location"] if landing.status_code == 302 else response["Location"]


def key_on_page(client: Client) -> bytes:
    """The key the enrolment page shows for typing by hand, as the phone would store it."""
    page = client.get(ENROL).content.decode()
    shown = re.search(r'data-testid="second-factor-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8))


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    from django_otp.oath import TOTP

    generator = TOTP(key)
    generator.drift = steps_ahead
    return f"{generator.token():06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def audit_of(app_id: int):
    """The audit trail of one authenticator app."""
    kind = ContentType.objects.get_for_model(AuthenticatorApp, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=kind, object_id=str(app_id))


def with_app(role: str):
    user = make_user(role)
    app = AuthenticatorApp.objects.create(user=user, name="phone", confirmed=True)
    return user, app


def assert_half_signed_in_is_kept_out(client: Client, step_url: str) -> None:
    for path in ["/", "/people/", "/profile/", "/accounts/password/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(step_url), path
    posted = client.post("/profile/preferences/", {"preference-language": "cs"})
    assert posted.status_code == 302 and posted["Location"].startswith(step_url)
    api = client.get(API_LIST)
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    # a bearer header that is not a valid token does not let the session through either
    faked = client.get(API_LIST, HTTP_AUTHORIZATION="Bearer bo_not-a-token")
    assert faked.status_code == 401


def test_hr_enrols_at_first_login_with_a_code_from_the_shown_key():
    user = make_user(HR)
    client = Client()
    assert password_login(client, user, next_url="/people/").startswith(f"{ENROL}?next=/people/")
    assert_half_signed_in_is_kept_out(client, ENROL)
    assert client.get(VERIFY)["Location"].startswith(ENROL)  # nothing to verify yet

    page = client.get(ENROL)
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content  # the QR code
    key = key_on_page(client)
    assert key_on_page(client) == key  # the same key on a reload

    refused = client.post(ENROL, {"code": wrong(code_for(key)), "next": "/people/"})
    assert refused.status_code == 200 and b"The code is not right" in refused.content
    assert not AuthenticatorApp.objects.filter(user=user).exists()

    session_before = client.session.session_key
    done = client.post(ENROL, {"code": code_for(key), "next": "/people/"})
    assert done.status_code == 302 and done["Location"] == "/people/"
    assert client.session.session_key != session_before
    app = AuthenticatorApp.objects.get(user=user)
    assert app.confirmed and app.bin_key == key
    assert client.get("/people/").status_code == 200
    assert client.get(API_LIST).status_code == 200

    entry = audit_of(app.pk).get(action=AuditEntry.Action.CREATE)
    assert entry.actor == user and app.key not in str(entry.after) and entry.after["key"].startswith("[redacted")


def test_administrator_with_an_app_types_its_code_after_the_password():
    user, app = with_app(ADMINISTRATOR)
    client = Client()
    assert password_login(client, user, next_url="/people/").startswith(f"{VERIFY}?next=/people/")
    assert_half_signed_in_is_kept_out(client, VERIFY)
    assert client.get(ENROL)["Location"].startswith(VERIFY)  # a password alone cannot replace the app

    code = app_code(app)
    session_before = client.session.session_key
    response = client.post(VERIFY, {"code": code, "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.session.session_key != session_before
    assert client.get("/").status_code == 200
    assert client.get(API_LIST).status_code == 200

    again = Client()  # the same code does not open a second session
    password_login(again, user)
    assert again.post(VERIFY, {"code": code}).status_code == 200
    assert again.get("/").status_code == 302


def test_a_half_signed_in_person_may_log_out_and_switch_language():
    user, _ = with_app(HR)
    client = Client()
    password_login(client, user)
    assert client.post("/i18n/setlang/", {"language": "cs", "next": VERIFY}).status_code == 302
    assert client.get(VERIFY).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(VERIFY)["Location"].startswith("/accounts/login/")


def test_the_verify_page_shows_no_menu_of_the_back_office():
    user, _ = with_app(HR)
    client = Client()
    password_login(client, user)
    page = client.get(VERIFY).content.decode()
    assert 'id="menu"' not in page and "/people/" not in page
    assert 'action="/accounts/logout/"' in page


def test_bearer_tokens_are_machine_credentials_without_a_second_factor():
    user, _ = with_app(HR)
    _, key = token_create(user=user, name="payroll export")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(API_LIST).status_code == 200
    half = Client()
    password_login(half, user)  # the same person half signed in on a browser changes nothing for the token
    assert half.get(API_LIST, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_wrong_code_is_audited_and_the_next_one_must_wait(settings):
    user, app = with_app(HR)
    client = Client()
    password_login(client, user)
    right = app_code(app)
    response = client.post(VERIFY, {"code": wrong(right)})
    assert response.status_code == 200 and b"The code is not right" in response.content
    entry = audit_of(app.pk).get(action=AuditEntry.Action.UPDATE)
    assert entry.reason == "wrong second-factor code" and entry.actor == user
    assert entry.after["key"].startswith("[redacted")

    too_soon = client.post(VERIFY, {"code": right})  # even the right code, within a second of a wrong one
    assert too_soon.status_code == 200 and b"Too many wrong codes in a row" in too_soon.content
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("garbage", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_are_refused_with_a_message(garbage):
    user, _ = with_app(HR)
    client = Client()
    password_login(client, user)
    response = client.post(VERIFY, {"code": garbage})
    assert response.status_code == 200 and b"invalid-feedback" in response.content
    assert client.get("/").status_code == 302


def test_wrong_codes_lock_the_log_in_like_wrong_passwords(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the log-in lock under test here, not the app's own delay
    user, app = with_app(ADMINISTRATOR)
    client = Client()
    password_login(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(VERIFY, {"code": wrong(app_code(app))}).status_code == 200
    locked = client.post(VERIFY, {"code": wrong(app_code(app))})
    assert locked.status_code == 429 and b"Too many failed log-in attempts" in locked.content
    assert client.get("/").status_code == 302 and "/accounts/login/" in client.get("/")["Location"]

    retry = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert retry.status_code == 429  # the password does not open the door again either
    assert audit_of(app.pk).filter(reason="wrong second-factor code").count() == 5


def test_a_password_alone_does_not_forgive_earlier_failures(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user, app = with_app(HR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        Client().post("/accounts/login/", {"username": user.username, "password": "wrong password"})
    client = Client()
    password_login(client, user)  # right password: still only half a log-in
    assert client.post(VERIFY, {"code": wrong(app_code(app))}).status_code == 429


def test_a_full_log_in_forgives_earlier_failures(settings):
    user, app = with_app(HR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        Client().post("/accounts/login/", {"username": user.username, "password": "wrong password"})
    client = Client()
    password_login(client, user)
    assert client.post(VERIFY, {"code": app_code(app)}).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        Client().post("/accounts/login/", {"username": user.username, "password": "wrong password"})
    assert Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_which_roles_must_enrol(role):
    user = make_user(role)
    client = Client()
    landing = password_login(client, user)
    if role in SECOND_FACTOR_ROLES:
        assert landing.startswith(ENROL)
        assert client.get("/").status_code == 302
    else:
        assert landing == "/"
        assert client.get("/").status_code == 200
        assert client.get(API_LIST).status_code in {200, 403}  # the API answers by permission, not 2FA
        assert client.get(API_LIST).json().get("code") != "second_factor_required"


@pytest.mark.parametrize("role", [ADMINISTRATOR, HR])
def test_the_requirement_can_be_turned_off(settings, role):
    settings.REQUIRE_SECOND_FACTOR = False
    user = make_user(role)
    client = Client()
    password_login(client, user)
    assert client.get("/").status_code == 200
    with_app_user, app = with_app(role)  # whoever has an app is still asked for its code
    other = Client()
    assert password_login(other, with_app_user).startswith(VERIFY)
    assert other.post(VERIFY, {"code": app_code(app)}).status_code == 302
    assert other.post("/profile/second-factor/remove/").status_code == 302
    assert not AuthenticatorApp.objects.filter(user=with_app_user).exists()  # optional now, so removable


def test_an_employee_may_add_and_remove_an_app_from_the_profile():
    user = make_user(EMPLOYEE)
    client = Client()
    assert password_login(client, user) == "/"
    profile = client.get("/profile/").content.decode()
    assert ENROL in profile and "/profile/second-factor/remove/" not in profile
    key = key_on_page(client)
    assert client.post(ENROL, {"code": code_for(key)})["Location"] == "/profile/"
    assert "/profile/second-factor/remove/" in client.get("/profile/").content.decode()

    later = Client()
    assert password_login(later, user).startswith(VERIFY)  # from now on the code is asked for
    app = AuthenticatorApp.objects.get(user=user)
    assert later.post(VERIFY, {"code": app_code(app)}).status_code == 302

    removed = later.post("/profile/second-factor/remove/", follow=True)
    assert b"was removed" in removed.content
    assert not AuthenticatorApp.objects.filter(user=user).exists()
    assert audit_of(app.pk).filter(action=AuditEntry.Action.DELETE).exists()
    assert later.get("/").status_code == 200
    assert password_login(Client(), user) == "/"  # no code asked any more


def test_hr_cannot_remove_the_app_only_replace_it(client_for):
    client = client_for(HR)  # signed in with the second factor passed
    user = AuthenticatorApp.objects.get().user
    old = AuthenticatorApp.objects.get(user=user)
    assert "/profile/second-factor/remove/" not in client.get("/profile/").content.decode()
    refused = client.post("/profile/second-factor/remove/", follow=True)
    assert b"cannot be removed" in refused.content
    assert AuthenticatorApp.objects.filter(pk=old.pk).exists()

    key = key_on_page(client)
    assert client.post(ENROL, {"code": code_for(key)}).status_code == 302
    new = AuthenticatorApp.objects.get(user=user)
    assert new.pk != old.pk and new.bin_key == key
    replaced = audit_of(old.pk).get(action=AuditEntry.Action.DELETE)
    assert replaced.reason == "replaced by a new app"
    assert client.get("/").status_code == 200  # the session goes on with the new app


def test_the_code_of_the_next_step_is_accepted_once():
    user, app = with_app(HR)
    client = Client()
    password_login(client, user)
    assert client.post(VERIFY, {"code": code_for(app.bin_key, steps_ahead=1)}).status_code == 302
    again = Client()
    password_login(again, user)
    assert again.post(VERIFY, {"code": code_for(app.bin_key, steps_ahead=1)}).status_code == 200


def _staff_client(role: str) -> tuple[Client, object]:
    """A person of `role` who may enter /admin/ (the demo's `admin` login is staff, not superuser)."""
    user = make_user(role)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(user)
    return client, user


def test_an_administrator_deletes_a_lost_phones_app_in_the_admin_and_it_is_audited():
    client, administrator = _staff_client(ADMINISTRATOR)
    owner, app = with_app(HR)
    other_owner, other_app = with_app(HR)
    raw_key = app.key
    listing = client.get("/admin/core/authenticatorapp/")
    assert listing.status_code == 200 and raw_key not in listing.content.decode()

    assert client.post(f"/admin/core/authenticatorapp/{app.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AuthenticatorApp.objects.filter(pk=app.pk).exists()
    entry = audit_of(app.pk).get(action=AuditEntry.Action.DELETE)
    assert entry.actor == administrator and entry.reason == "in the admin"
    assert entry.before["user"] == owner.pk and entry.before["key"].startswith("[redacted")
    assert raw_key not in str(entry.before)

    # The bulk "delete selected" action audits each app it deletes.
    bulk = client.post(
        "/admin/core/authenticatorapp/",
        {"action": "delete_selected", "_selected_action": [other_app.pk], "post": "yes"},
    )
    assert bulk.status_code == 302 and not AuthenticatorApp.objects.filter(user=other_owner).exists()
    assert audit_of(other_app.pk).get(action=AuditEntry.Action.DELETE).actor == administrator
    # The owner now logs in with the password alone and is asked to set up the new phone.
    assert password_login(Client(), owner).startswith(ENROL)


def test_staff_without_the_grant_cannot_delete_an_app_in_the_admin():
    client, _ = _staff_client(BACK_OFFICE)
    _, app = with_app(HR)
    assert client.post(f"/admin/core/authenticatorapp/{app.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuthenticatorApp.objects.filter(pk=app.pk).exists()
    assert not audit_of(app.pk).filter(action=AuditEntry.Action.DELETE).exists()
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404  # the unaudited admin is gone
