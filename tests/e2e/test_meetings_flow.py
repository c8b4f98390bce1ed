"""Meetings in the browser: HR finds a common time and books it (the invitation arrives); a guest picks a slot."""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Calendar
from playwright.sync_api import expect

from backoffice.meetings import services
from backoffice.meetings.models import Meeting
from tests.builders import make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, CZECH_BROWSER, ENGLISH_BROWSER, log_in, shot
from tests.meetings.builders import at, book

pytestmark = BROWSER_TEST


def test_find_a_time_book_it_and_a_guest_picks_an_offered_slot(new_page, smtp_server):
    hr = make_user("HR", first_name="Hana", last_name="Dvořáková", email="hana@firma.cz")
    petr = make_employee(first_name="Petr", last_name="Svoboda", email="petr@firma.cz")
    book([petr], at(2027, 2, 1, 8), 120)

    page = new_page(ENGLISH_BROWSER)
    log_in(page, hr)
    page.goto("/meetings/find/")
    page.get_by_label(re.compile(r"^Participants")).select_option(label=["Hana Dvořáková", "Petr Svoboda"])
    page.get_by_label(re.compile(r"^Duration")).fill("60")
    page.get_by_label(re.compile(r"^From")).fill("2027-02-01")
    page.get_by_label(re.compile(r"^To")).fill("2027-02-05")
    page.get_by_role("button", name="Find free times").click()
    proposals = page.get_by_test_id("proposals")
    expect(proposals).to_contain_text("Mon 1. 2. 2027 10:00–11:00")
    proposals.get_by_label(re.compile(r"Mon 1\. 2\. 2027 10:00")).check()
    page.get_by_label(re.compile(r"^Title")).fill("Interview: accountant")
    page.get_by_label(re.compile(r"^Guest's name")).fill("Jan Novák")
    page.get_by_label(re.compile(r"^Guest's e-mail")).fill("jan.novak@example.com")
    shot(page, "meetings-find-a-time")
    page.get_by_role("button", name="Book the chosen time").click()
    expect(page.get_by_test_id("meeting")).to_contain_text("Jan Novák")
    meeting = Meeting.objects.get(title="Interview: accountant")
    [mail] = [m for m in smtp_server.messages if m["To"] == "jan.novak@example.com"]
    [part] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST" and str(calendar.walk("VEVENT")[0]["UID"]) == meeting.uid

    offer = services.slot_offer_create(
        actor=hr,
        title="Pohovor: skladník",
        organizer=hr.employee,
        participants=[hr.employee, petr],
        guest_name="Eva Malá",
        guest_email="eva@example.com",
        slots=[at(2027, 2, 2, 9), at(2027, 2, 3, 14)],
        duration=dt.timedelta(hours=1),
    )
    guest = new_page(CZECH_BROWSER)
    guest.goto(f"/meetings/pick/{offer.token}/")
    expect(guest.locator("h1")).to_have_text("Pohovor: skladník")
    guest.locator("input[name=start]").first.check()
    shot(guest, "meetings-pick")
    guest.locator("main form button[type=submit]").click()
    expect(guest.get_by_test_id("picked")).to_be_visible()
    offer.refresh_from_db()
    assert offer.meeting.start == at(2027, 2, 2, 9)
    assert any(m["To"] == "eva@example.com" and "text/calendar" in m.as_string() for m in smtp_server.messages)
