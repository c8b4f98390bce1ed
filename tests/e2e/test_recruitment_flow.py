"""Recruitment in the browser: a candidate applies on the careers page → HR finds them ranked and shortlists →
books an interview → the invitation (iCalendar REQUEST) arrives at the SMTP test server."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from backoffice.core.roles import HR
from backoffice.recruitment.models import Application
from backoffice.recruitment.samples import resume_pdf
from tests.builders import make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.recruitment.builders import make_position, next_weekday_at

pytestmark = BROWSER_TEST

RESUME = """Eva Veřejná
eva.verejna@example.cz, 777 555 123
Pracovní zkušenosti
2016 – dosud  účetní: podvojné účetnictví, DPH, Pohoda
Jazyky: angličtina B2
"""


def test_apply_screen_shortlist_and_invite(new_page, smtp_server, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    position = make_position(title="Účetní")
    hr = make_user(HR, first_name="Lucie", last_name="Veselá")
    make_employee(first_name="Tomáš", last_name="Horák", email="horak@example.cz")

    # The candidate applies on the public careers page.
    visitor = new_page(ENGLISH_BROWSER)
    visitor.goto("/careers/")
    visitor.get_by_test_id("open-positions").get_by_text("Účetní").click()
    visitor.get_by_label(re.compile(r"^Your name")).fill("Eva Veřejná")
    visitor.get_by_label(re.compile(r"^E-mail")).fill("eva.verejna@example.cz")
    visitor.get_by_label(re.compile(r"^Phone")).fill("777 555 123")
    visitor.get_by_label(re.compile(r"^Resume")).set_input_files(
        files=[{"name": "zivotopis.pdf", "mimeType": "application/pdf", "buffer": resume_pdf(RESUME)}]
    )
    visitor.get_by_label(re.compile(r"^I agree")).check()
    visitor.get_by_role("button", name="Send the application").click()
    expect(visitor.locator("h1")).to_contain_text("Thank you")
    confirmation = [m for m in smtp_server.messages if "eva.verejna@example.cz" in m["To"]]
    assert confirmation and "Účetní" in confirmation[0]["Subject"]

    # HR sees her ranked with the explanation, and shortlists her.
    page = new_page(ENGLISH_BROWSER)
    log_in(page, hr)
    page.goto(f"/recruitment/positions/{position.pk}/ranking/")
    row = page.get_by_test_id("ranking").locator("tr", has_text="Eva Veřejná")
    expect(row).to_contain_text("Accounting")
    row.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_role("status").filter(has_text="shortlisted")).to_be_visible()
    application = Application.objects.get(candidate__email="eva.verejna@example.cz")
    assert application.stage == "shortlisted"

    # HR books the interview; everyone gets an iCalendar invitation.
    page.goto(f"/recruitment/applications/{application.pk}/")
    page.get_by_role("link", name="Book an interview").click()
    page.get_by_label(re.compile(r"^Interviewers")).select_option(label="Tomáš Horák")
    page.get_by_label(re.compile(r"^Start")).fill(next_weekday_at(10).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^Room")).fill("Zasedačka 1.02")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("stage")).to_have_text("interview")
    expect(page.get_by_test_id("interviews")).to_contain_text("Tomáš Horák")
    shot(page, "recruitment-interview")

    invitations = [m for m in smtp_server.messages if "eva.verejna@example.cz" in m["To"] and m is not confirmation[0]]
    assert invitations, "the candidate received no invitation"
    calendars = [part for part in invitations[-1].walk() if part.get_content_type() == "text/calendar"]
    assert calendars and "METHOD:REQUEST" in calendars[0].get_content()
