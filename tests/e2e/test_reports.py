"""Reports in the browser: the chart is drawn (no console or CSP error), the heat map is shaded, the XLSX downloads."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from backoffice.core.roles import BACK_OFFICE
from tests.builders import make_department, make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.reports.builders import call, issue, prague
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = BROWSER_TEST


def test_supplies_report_chart_and_xlsx_download(new_page):
    sales = make_department("Obchod")
    shelf = make_location(code="SKLAD")
    paper = make_item(sku="PAP", name="Papír A4")
    make_offer(make_supplier(), paper, price="10.00")
    stock(paper, shelf, 50)
    issue(paper, shelf, 3, department=sales, at=prague(2026, 1, 31, 23, 30))
    issue(paper, shelf, 2, department=sales, at=prague(2026, 2, 1, 0, 15))

    page = new_page(ENGLISH_BROWSER)
    log_in(page, make_user(BACK_OFFICE))
    page.goto("/reports/supplies/?since=2026-01-01&until=2026-02-28")
    expect(page.locator("h1")).to_have_text("Supplies consumption and cost")
    canvas = page.locator("canvas#chart-cost")
    expect(canvas).to_have_attribute("data-drawn", "true")
    assert canvas.bounding_box()["height"] > 100
    expect(page.get_by_test_id("table-months")).to_contain_text("30.00")
    shot(page, "reports-supplies")

    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename == "supplies-20260101-20260228.xlsx"
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert list(book["By month"].values)[1:] == [("2026-01", 1, 3, 30), ("2026-02", 1, 2, 20)]


def test_calls_heat_map(new_page):
    person = make_employee()
    for minute in (5, 20, 40):
        call(prague(2026, 3, 2, 9, minute), person=person)  # a Monday
    call(prague(2026, 3, 3, 14))

    page = new_page(ENGLISH_BROWSER)
    log_in(page, make_user(BACK_OFFICE))
    page.goto("/reports/calls/?since=2026-03-01&until=2026-03-31")
    expect(page.locator("canvas#chart-days")).to_have_attribute("data-drawn", "true")
    heat = page.get_by_test_id("table-heatmap")
    expect(heat.locator("td.heat-5")).to_have_text("3")
    expect(heat.locator("td.heat-2")).to_have_text("1")
    shot(page, "reports-calls")
