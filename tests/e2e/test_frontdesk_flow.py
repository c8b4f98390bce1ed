"""In Chromium: the front desk takes a message for an absent colleague, and the one who covers sees it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.frontdesk.conftest import Office

pytestmark = BROWSER_TEST


def test_a_message_for_an_absent_colleague_reaches_the_substitute(new_page):
    office = Office()
    desk = new_page(ENGLISH_BROWSER)
    log_in(desk, office.reception)
    desk.goto("/frontdesk/")
    form = desk.get_by_test_id("call-form")
    number = form.get_by_label("Number", exact=True)
    expect(number).to_be_focused()  # typing starts at once
    desk.keyboard.type("602 111 222")
    expect(desk.get_by_test_id("caller-lookup")).to_contain_text("+420602111222")
    form.get_by_label("Caller", exact=True).fill("Jan Novák")
    form.get_by_label("For whom").select_option(label="Pavel Novák")
    expect(desk.get_by_test_id("transfer-advice")).to_contain_text("Kateřina Pokorná covers for them")
    shot(desk, "frontdesk-call-form")
    desk.get_by_role("button", name="Log and take a message").click()
    expect(desk).to_have_url(re.compile(r"/frontdesk/messages/new/\?call=\d+$"))
    expect(desk.get_by_label("Who called")).to_have_value("Jan Novák")
    desk.get_by_label("Message").fill("Prosí o zavolání kvůli nabídce.")
    desk.get_by_role("button", name="Deliver the message").click()
    expect(desk.get_by_role("status")).to_contain_text("also to Kateřina Pokorná")

    cover = new_page(ENGLISH_BROWSER)
    log_in(cover, office.substitute_user)
    cover.goto("/frontdesk/messages/")
    row = cover.get_by_test_id("messages").locator("tbody tr").filter(has_text="Jan Novák")
    expect(row).to_contain_text("Pavel Novák")
    row.get_by_role("link").click()
    expect(cover.get_by_test_id("message-status")).to_have_text("read")
    expect(cover.locator("main")).to_contain_text("Prosí o zavolání kvůli nabídce.")
    shot(cover, "frontdesk-message-for-substitute")

    outsider = new_page(ENGLISH_BROWSER)
    log_in(outsider, office.bystander_user)
    outsider.goto("/frontdesk/messages/")
    expect(outsider.get_by_test_id("messages")).to_contain_text("No messages.")
