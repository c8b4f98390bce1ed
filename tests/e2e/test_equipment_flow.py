"""In Chromium: an employee reports a fault from the QR page, the back office assigns it, the technician resolves it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from tests.builders import make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.equipment.conftest import make_asset

pytestmark = BROWSER_TEST


def test_report_fault_assign_resolve(new_page):
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N", location="2. patro")
    services.guide_create(
        actor=None, manufacturer="Sharp", model_name="MX-3570N", title="Paper jam in tray 2", body="Pull out tray 2."
    )
    reporter = make_user(EMPLOYEE, first_name="Eva", last_name="Hlásná")
    technician = make_user(TECHNICIAN, first_name="Tomáš", last_name="Opravář")

    employee = new_page(ENGLISH_BROWSER)
    log_in(employee, reporter)
    employee.goto(f"/equipment/{asset.pk}/report/")  # where the QR label leads
    expect(employee.get_by_test_id("self-help")).to_contain_text("Paper jam in tray 2")
    employee.get_by_label(re.compile(r"^What is wrong")).fill("Error E-52 on the display.")
    employee.get_by_label("The machine cannot be used at all").check()
    shot(employee, "equipment-fault-form")
    employee.get_by_role("button", name="Send the report").click()
    expect(employee.get_by_test_id("request-status")).to_have_text("new")

    office = new_page(ENGLISH_BROWSER)
    log_in(office, make_user(BACK_OFFICE))
    office.goto("/equipment/requests/")
    office.get_by_test_id("requests").get_by_role("link", name=re.compile("Error E-52")).click()
    form = office.get_by_test_id("assign-form")
    form.get_by_label("Colleague").select_option(label="Tomáš Opravář")
    form.get_by_role("button", name="Assign").click()
    expect(office.get_by_test_id("request-status")).to_have_text("assigned")
    expect(office.get_by_test_id("request-assignee")).to_contain_text("Tomáš Opravář")

    workshop = new_page(ENGLISH_BROWSER)
    log_in(workshop, technician)
    workshop.goto("/")
    workshop.get_by_role("link", name=re.compile("Repair Sharp MX-3570N")).click()
    move = workshop.get_by_test_id("move-form")
    move.get_by_label("New status").select_option("resolved")
    move.get_by_label("Resolution notes").fill("Fuser unit replaced.")
    move.get_by_label("Parts cost").fill("3200")
    move.get_by_role("button", name="Save").click()
    expect(workshop.get_by_test_id("request-status")).to_have_text("resolved")
    shot(workshop, "equipment-request-resolved")

    employee.goto("/notifications/")
    expect(employee.locator("main")).to_contain_text("The fault of Sharp MX-3570N was resolved")
    asset.refresh_from_db()
    assert asset.status == "in_service"
