"""HR's first log-in in a real browser: the enrolment page with its QR code, the code typed from the key, then the
back office; the next log-in asks for the code."""

from __future__ import annotations

import base64
import re

from django_otp.oath import totp
from playwright.sync_api import expect

from backoffice.core.models import AuthenticatorApp
from tests.builders import PASSWORD, make_user
from tests.conftest import app_code
from tests.e2e.conftest import BROWSER_TEST, shot

pytestmark = BROWSER_TEST


def password(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_hr_sets_up_an_authenticator_app_at_the_first_log_in(english_page, new_page):
    user = make_user("HR", username="personalni")
    page = english_page
    password(page, user)
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/enrol/\?next=/$"))
    expect(page.locator("h1")).to_have_text("Set up an authenticator app")
    expect(page.locator("nav").get_by_role("link", name="Directory")).to_have_count(0)  # no menu yet
    qr = page.get_by_test_id("second-factor-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", qr.element_handle()) > 0  # the CSP lets the data: image in
    shot(page, "second-factor-enrol")

    page.goto("/people/")  # nothing else before the app is set up
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/enrol/\?next=/people/$"))

    shown = page.get_by_test_id("second-factor-key").inner_text().replace(" ", "")
    key = base64.b32decode(shown + "=" * (-len(shown) % 8))
    page.fill("input[name=code]", "000000" if totp(key) != 0 else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("The code is not right")

    page.fill("input[name=code]", f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(page.locator("h1")).to_have_text("Directory")

    later = new_page("en-GB")
    password(later, user)
    expect(later).to_have_url(re.compile(r"/accounts/second-factor/\?next=/$"))
    later.fill("input[name=code]", app_code(AuthenticatorApp.objects.get(user=user)))
    later.get_by_role("button", name="Continue").click()
    expect(later.locator("h1")).to_have_text("My work")
    later.goto("/profile/")
    expect(later.get_by_test_id("second-factor")).to_contain_text("cannot be removed, only replaced")
    shot(later, "second-factor-profile")
