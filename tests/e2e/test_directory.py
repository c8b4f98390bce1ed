"""The phone directory: who is in, who is away and who covers; search as you type; sick leave stays private."""

from __future__ import annotations

import re

from django.utils import formats, translation
from playwright.sync_api import expect

from backoffice.people import services
from tests.builders import days, make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, log_in, shot

pytestmark = BROWSER_TEST


def away_today(employee, kind: str = "vacation", until: int = 2):
    return services.absence_record(
        actor=None, employee=employee, kind=kind, start_date=days(0), end_date=days(until), note=""
    )


def covers(substitute, absent, until: int = 2):
    return services.substitution_create(
        actor=None, absent=absent, substitute=substitute, start_date=days(0), end_date=days(until)
    )


def rows(page):
    return page.get_by_test_id("directory").locator("tbody tr")


def name_link(scope, employee):
    """The directory lists people as "Surname First name"."""
    return scope.get_by_role("link", name=f"{employee.last_name} {employee.first_name}", exact=True)


def row_of(page, employee):
    return rows(page).filter(has=name_link(page, employee))


def english_short_date(day) -> str:
    with translation.override("en"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_directory_shows_who_is_away_and_who_covers(english_page):
    jana = make_employee(first_name="Jana", last_name="Šťastná", phone_extension="231")
    petr = make_employee(first_name="Petr", last_name="Novák", phone_extension="245")
    away_today(jana, until=3)
    covers(petr, jana, until=3)
    page = english_page
    log_in(page, make_user("Employee"))

    page.goto("/people/")
    jana_row, petr_row = row_of(page, jana), row_of(page, petr)
    expect(jana_row.locator(".badge")).to_have_text("away")
    expect(jana_row).to_contain_text(f"until {english_short_date(days(3))}")
    expect(jana_row).to_contain_text("covers: Petr Novák (245)")
    expect(jana_row.get_by_role("link", name="Petr Novák", exact=True)).to_have_attribute("href", f"/people/{petr.pk}/")
    expect(petr_row.locator(".badge")).to_have_text("in")
    expect(petr_row).not_to_contain_text("covers:")
    shot(page, "directory")


def test_search_narrows_the_table_as_you_type_ignoring_diacritics(english_page):
    for first, last in [("Jana", "Šťastná"), ("Petr", "Novák"), ("Karel", "Dvořák")]:
        make_employee(first_name=first, last_name=last)
    page = english_page
    log_in(page, make_user("Employee"))
    page.goto("/people/")
    expect(rows(page)).to_have_count(4)  # the three and the viewer
    htmx_requests = []
    page.on("request", lambda r: htmx_requests.append(r.url) if r.headers.get("hx-request") == "true" else None)
    page.evaluate("window.sameDocument = true")  # gone if the browser loads a new page

    page.get_by_label("Search").press_sequentially("stastna", delay=40)

    expect(rows(page)).to_have_count(1)
    expect(rows(page)).to_contain_text("Šťastná Jana")
    assert page.evaluate("window.sameDocument") is True, "the search reloaded the whole page"
    assert htmx_requests, "the table was not fetched by htmx"
    expect(page).to_have_url(re.compile(r"[?&]q=stastna(&|$)"))  # the address can be shared or bookmarked
    shot(page, "directory-search")

    page.get_by_label("Search").fill("nikdo takovy")
    expect(rows(page)).to_have_text(["Nobody matches."])

    page.get_by_label("Search").fill("")
    expect(rows(page)).to_have_count(4)
    expect(page.locator("nav.navbar")).to_be_visible()  # the table was swapped, not the whole page


def test_sick_leave_shows_as_away_to_colleagues_and_as_sick_leave_to_the_back_office(new_page):
    karel = make_employee(first_name="Karel", last_name="Dvořák")
    away_today(karel, kind="sick_leave")

    colleague = new_page("en-GB")
    log_in(colleague, make_user("Employee"))
    colleague.goto("/people/")
    karel_row = row_of(colleague, karel)
    expect(karel_row.locator(".badge")).to_have_text("away")
    expect(karel_row).not_to_contain_text("sick")
    name_link(karel_row, karel).click()  # nor on his card
    expect(colleague.locator("h1")).to_have_text("Karel Dvořák")
    expect(colleague.locator("main")).not_to_contain_text("sick")

    back_office = new_page("en-GB")
    log_in(back_office, make_user("Back office"))
    back_office.goto("/people/")
    expect(row_of(back_office, karel).locator(".badge")).to_have_text("sick leave")
    shot(back_office, "directory-back-office")


def test_directory_and_employee_card_agree_on_who_handles_the_work(english_page):
    """Whoever the directory names as covering must be whoever the person's card says handles their work now."""
    boss = make_employee(first_name="Bohumil", last_name="Vedoucí")
    vera = make_employee(first_name="Věra", last_name="Pracovitá", manager=boss)  # her manager is away too
    adam = make_employee(first_name="Adam", last_name="Alfa")
    bara = make_employee(first_name="Bára", last_name="Beta")
    cyril = make_employee(first_name="Cyril", last_name="Gama")
    for person in (boss, vera, adam, bara):
        away_today(person)
    covers(bara, adam)  # Bára covers Adam, but she is away too and Cyril covers her
    covers(cyril, bara)
    page = english_page
    log_in(page, make_user("Employee"))

    disagreements = []
    for person in (vera, adam):
        page.goto("/people/")
        cover = row_of(page, person).locator("div.small", has_text="covers:")
        in_directory = cover.locator("a").inner_text() if cover.count() else "nobody"
        name_link(row_of(page, person), person).click()
        on_card = page.get_by_test_id("responsible-now").inner_text()
        on_card = "nobody" if on_card == "in person" else on_card
        if in_directory != on_card:
            disagreements.append(f"{person.full_name}: directory says {in_directory}, card says {on_card}")
    assert disagreements == []


def test_back_button_after_searching_shows_the_whole_directory_page(english_page):
    jana = make_employee(first_name="Jana", last_name="Šťastná")
    make_employee(first_name="Petr", last_name="Novák")
    page = english_page
    log_in(page, make_user("Employee"))
    page.goto("/people/")
    search = page.get_by_label("Search")

    def search_for(term: str):
        search.fill(term)
        expect(page).to_have_url(re.compile(rf"q={term}&"))

    def shows_the_whole_page_searching(term: str, name: str):
        expect(page).to_have_url(re.compile(rf"q={term}&"))
        expect(rows(page)).to_have_text([re.compile(name)])  # waits until the page has come back
        expect(page.locator("nav.navbar")).to_be_visible()
        expect(page.locator("h1")).to_have_text("Directory")
        expect(page.get_by_label("Search")).to_have_value(term)

    # Search, open a card, come back: the browser must not reuse the table-only answer as the page.
    search_for("stastna")
    name_link(row_of(page, jana), jana).click()
    expect(page.locator("h1")).to_have_text("Jana Šťastná")
    page.go_back()
    shows_the_whole_page_searching("stastna", "Šťastná Jana")

    # htmx keeps only the last ten searches in its history cache; older ones it asks the server for again.
    search_for("nov")
    search_for("novak")
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    page.go_back()
    shows_the_whole_page_searching("nov", "Novák Petr")
