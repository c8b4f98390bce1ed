"""The back office records a colleague's absence and names who covers; the substitute is told."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.builders import days, make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot

pytestmark = BROWSER_TEST


def field(page, label: str):
    """A form field by its visible label (required ones end in an asterisk)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_back_office_records_absence_and_substitute_sees_a_notification(new_page):
    karel = make_employee(first_name="Karel", last_name="Dvořák")
    eva_login = make_user("Employee", username="eva", first_name="Eva", last_name="Zástupová")
    start, end = days(0).isoformat(), days(4).isoformat()

    office = new_page(ENGLISH_BROWSER)
    log_in(office, make_user("Back office"))

    office.goto("/people/absences/new/")
    expect(office.locator("h1")).to_have_text("New absence")
    field(office, "Employee").select_option(label="Karel Dvořák")
    field(office, "Kind").select_option("vacation")
    field(office, "From").fill(start)
    field(office, "To").fill(end)
    shot(office, "absence-form")
    office.get_by_role("button", name="Save", exact=True).click()
    expect(office).to_have_url(re.compile(r"/people/absences/$"))
    expect(office.get_by_role("status").filter(has_text="Absence saved.")).to_be_visible()
    expect(office.locator("#results")).to_contain_text("Dvořák")
    assert karel.absences.get().status == "approved"  # recorded by the back office: no approval step

    office.goto("/people/substitutions/new/")
    expect(office.locator("h1")).to_have_text("Who covers")
    field(office, "Who is away").select_option(label="Karel Dvořák")
    field(office, "Substitute").select_option(label="Eva Zástupová")
    field(office, "From").fill(start)
    field(office, "To").fill(end)
    shot(office, "substitution-form")
    office.get_by_role("button", name="Save", exact=True).click()
    expect(office).to_have_url(re.compile(r"/people/substitutions/$"))
    expect(office.get_by_role("status").filter(has_text="Substitution saved.")).to_be_visible()
    expect(office.locator("#results tbody tr").first).to_contain_text("Karel Dvořák")

    office.goto("/people/")  # everyone can now see he is away and whom to call instead
    karel_row = office.get_by_test_id("directory").locator("tbody tr").filter(has_text="Dvořák Karel")
    expect(karel_row.locator(".badge")).to_have_text("vacation")
    expect(karel_row).to_contain_text("covers: Eva Zástupová")

    eva = new_page(ENGLISH_BROWSER)
    log_in(eva, eva_login)
    bell = eva.get_by_test_id("notifications")
    expect(bell.locator(".badge")).to_have_text(re.compile(r"^\s*1\b"))
    shot(eva, "substitute-my-work")
    bell.click()
    expect(eva.locator("main")).to_contain_text("You cover for Karel Dvořák")
    shot(eva, "notifications")
    eva.get_by_role("button", name="Mark all as read", exact=True).click()
    expect(bell.locator(".badge")).to_have_count(0)
