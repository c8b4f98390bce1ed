"""Employee lifecycle in the browser: hire → onboarding tasks (the laptop handed over) → training recorded →
offboarding returns the laptop."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from backoffice.core.roles import BACK_OFFICE, HR
from backoffice.equipment.models import Asset
from backoffice.people.models import Employee
from backoffice.staff import services
from backoffice.staff.models import Certificate
from tests.builders import days, make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.staff.builders import make_course, make_laptop, make_session, make_template

pytestmark = BROWSER_TEST


def test_hire_onboard_train_and_offboard(new_page):
    hr = make_user(HR, first_name="Lucie", last_name="Veselá")
    it = make_user(BACK_OFFICE, first_name="Petr", last_name="Němec").employee
    make_template(owner=it)
    laptop = make_laptop()
    course = make_course("BOZP", 24, name="Bezpečnost práce")
    services.course_require(actor=None, course=course)
    session = make_session(course, start=timezone.now() - dt.timedelta(hours=3))

    page = new_page(ENGLISH_BROWSER)
    page.set_default_timeout(30_000)  # sixteen pages in a row: room for a loaded machine (the default is 10 s)
    log_in(page, hr)

    # Hire: a new employee record.
    page.goto("/people/new/")
    page.get_by_label(re.compile(r"^First name")).fill("Nikola")
    page.get_by_label(re.compile(r"^Last name")).fill("Malá")
    page.get_by_label(re.compile(r"^Manager")).select_option(label="Lucie Veselá")
    page.get_by_label(re.compile(r"^Start date")).fill(days(2).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Nikola Malá")
    hire = Employee.objects.get(last_name="Malá")

    # Onboarding: tasks routed to whoever is responsible; the laptop handed over.
    page.goto("/staff/onboarding/new/")
    page.get_by_label(re.compile(r"^New hire")).select_option(label="Nikola Malá")
    page.get_by_role("button", name="Save").click()
    tasks = page.get_by_test_id("tasks")
    expect(tasks.locator("tr", has_text="Založit účet")).to_contain_text("Petr Němec")
    expect(tasks.locator("tr", has_text="Seznámit s týmem")).to_contain_text("Lucie Veselá")
    row = tasks.locator("tr", has_text="Předat notebook")
    row.get_by_label("Asset handed over").select_option(label=str(laptop))
    row.get_by_role("button", name="Mark done").click()
    expect(page.get_by_test_id("progress")).to_have_text("1 / 3")
    shot(page, "staff-onboarding")
    assert Asset.objects.get(pk=laptop.pk).assignee == hire

    # Training: enrol, record attendance; the matrix shows the certificate.
    page.goto(f"/staff/training/sessions/{session.pk}/")
    page.get_by_label(re.compile(r"^Employee")).select_option(label="Nikola Malá")
    page.get_by_role("button", name="Enrol").click()
    page.get_by_label("Nikola Malá attended").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("status").filter(has_text="1 certificate issued")).to_be_visible()
    assert Certificate.objects.filter(employee=hire, course=course).exists()
    page.goto("/staff/training/matrix/?q=mala")
    expect(page.get_by_test_id("matrix").locator("tr", has_text="Nikola Malá")).to_contain_text("valid")

    # Offboarding: the laptop comes back.
    page.goto("/staff/offboarding/new/")
    page.get_by_label(re.compile(r"^Employee")).select_option(label="Nikola Malá")
    page.get_by_label(re.compile(r"^Reason")).select_option(label="agreement")
    page.get_by_label(re.compile(r"^Last working day")).fill(days(40).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("outstanding")).to_contain_text("ThinkPad T14")
    page.get_by_label(re.compile(r"^Asset")).select_option(label=str(laptop))
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_test_id("outstanding")).to_contain_text("Nothing left to return.")
    expect(page.get_by_test_id("returned")).to_contain_text("ThinkPad T14")
    shot(page, "staff-offboarding")
    assert Asset.objects.get(pk=laptop.pk).assignee is None
