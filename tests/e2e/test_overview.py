"""Each role's home page: My work and Today show the right things; the search box in the menu finds what one may see."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backoffice.core.roles import (
    ADMINISTRATOR,
    BACK_OFFICE,
    EMPLOYEE,
    HR,
    INTERVIEWER,
    OFFICE_MANAGER,
    ROLES,
    TECHNICIAN,
)
from tests.builders import make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.overview.conftest import Office

pytestmark = BROWSER_TEST

EVERY_SECTION = {"away", "deliveries", "out_of_order", "callbacks"}
RUN_SUPPLIES = ["Hand out Šťastné pero modré", "Delivery expected", "new fault report"]
HOME = {
    # role: (work on the list, Today's sections, kinds the search finds)
    ADMINISTRATOR: (RUN_SUPPLIES, EVERY_SECTION | {"interviews"}, 10),
    BACK_OFFICE: (RUN_SUPPLIES, EVERY_SECTION, 9),
    OFFICE_MANAGER: (RUN_SUPPLIES, EVERY_SECTION, 8),
    TECHNICIAN: (["new fault report"], {"away", "out_of_order", "callbacks"}, 4),
    HR: (["new application for Účetní"], {"away", "callbacks", "interviews"}, 3),
    INTERVIEWER: ([], {"away", "callbacks"}, 2),
    EMPLOYEE: ([], {"away", "callbacks"}, 2),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_home_page(new_page, role):
    Office()
    work, sections, kinds = HOME[role]
    page = new_page(ENGLISH_BROWSER)
    log_in(page, make_user(role))
    own = page.get_by_test_id("own-work")
    for text in work:
        expect(own).to_contain_text(text)
    if not work:
        expect(own).to_contain_text("Nothing is waiting.")
    today = page.get_by_test_id("today")
    expect(today.locator("section")).to_have_count(len(sections))
    for key in sections:
        expect(page.get_by_test_id(f"today-{key}")).to_be_visible()
    expect(page.get_by_test_id("today-away")).to_contain_text("Jiří Šťastný")
    expect(page.get_by_test_id("today-away")).to_contain_text("covered by Kateřina Pokorná")
    if role in {BACK_OFFICE, ADMINISTRATOR}:
        expect(page.get_by_test_id("today-callbacks")).to_contain_text("Karel Šťastný for Jiří Šťastný")
    else:
        expect(page.get_by_test_id("today-callbacks")).not_to_contain_text("Karel Šťastný")
    shot(page, f"home-{role.lower().replace(' ', '-')}")

    search = page.get_by_test_id("global-search")
    search.fill("STASTN")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/overview/search/\?find=STASTN$"))
    expect(page.locator("main section")).to_have_count(kinds)
    if role not in {BACK_OFFICE, ADMINISTRATOR}:
        expect(page.locator("main")).not_to_contain_text("Karel Šťastný for")


def test_the_substitute_sees_the_absent_colleagues_work_marked(new_page):
    office = Office()
    page = new_page(ENGLISH_BROWSER)
    log_in(page, office.cover_user)
    covered = page.get_by_test_id("covered-work")
    expect(covered).to_contain_text("Call back Karel Šťastný")
    expect(covered).to_contain_text("covering for Jiří Šťastný")
    covered.get_by_role("link", name="Call back Karel Šťastný").click()  # one click to the message
    expect(page).to_have_url(re.compile(rf"/frontdesk/messages/{office.message.pk}/$"))
    page.goto("/")
    page.get_by_role("link", name="Today", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/overview/today/$"))
    expect(page.get_by_test_id("my-alerts")).to_contain_text("No open alerts.")
