"""In Chromium: an employee reports a fault from the QR page, the back office assigns it, the technician resolves it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from tests.builders import make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.equipment.conftest import make_asset, png_bytes

pytestmark = BROWSER_TEST


def test_report_fault_assign_resolve(new_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"  # the fault photo is stored here, not in a real data directory
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
    photo = tmp_path / "display.png"
    photo.write_bytes(png_bytes(size=(40, 30)))
    employee.get_by_label("Photo").set_input_files(str(photo))
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
    # the photo comes through the permission-checked view, and the browser shows it under the strict CSP
    thumbnail = office.get_by_test_id("request-photo").locator("img")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") == 40
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
    expect(workshop.locator("main")).to_contain_text(re.compile(r"parts CZK\s3,200\.00, labour CZK\s0\.00"))
    shot(workshop, "equipment-request-resolved")

    employee.goto("/notifications/")
    expect(employee.locator("main")).to_contain_text("The fault of Sharp MX-3570N was resolved")
    asset.refresh_from_db()
    assert asset.status == "in_service"
