"""The report pages, their files (CSV, XLSX, PDF) and the API show the same figures, in Czech and English."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN

pytestmark = pytest.mark.django_db

PERIOD = "since=2026-01-01&until=2026-02-28"


def test_the_page_shows_chart_data_and_tables(client_for, ledger):
    response = client_for(BACK_OFFICE).get(f"/reports/supplies/?{PERIOD}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="chart-cost-data"' in html and 'data-chart="chart-cost-data"' in html
    assert "<script>" not in html and "style=" not in html  # strict CSP: data in json_script only
    table = response.context["figures"].table("months")
    assert [str(r["cost"]) for r in table.rows] == ["30.00", "30.00"]
    assert 'data-testid="table-departments"' in html and "Obchod" in html
    assert f"/reports/supplies.xlsx?{PERIOD}" in html.replace("&amp;", "&")


def test_a_bad_period_is_shown_by_its_field(client_for):
    response = client_for(BACK_OFFICE).get(
        "/reports/calls/?since=2026-03-01&until=2026-02-01", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert response.context["form"].errors["until"] == ["The end of the period cannot be before its start."]
    assert 'id="id_until_error"' in response.content.decode()
    export = client_for(BACK_OFFICE).get("/reports/calls.csv?since=2026-03-01&until=2026-02-01")
    assert export.status_code == 302 and export["Location"].startswith("/reports/calls/?")


def test_csv_for_czech_excel(client_for, ledger):
    response = client_for(OFFICE_MANAGER).get(f"/reports/supplies.csv?{PERIOD}")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="supplies-20260101-20260228.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert ["2026-01", "1", "3", "30,00"] in lines
    assert ["2026-02", "IT", "1", "2", "20,00"] in lines


def test_xlsx_has_a_sheet_per_table_with_numbers(client_for, ledger):
    response = client_for(TECHNICIAN).get(f"/reports/supplies.xlsx?{PERIOD}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By month", "By department", "By month and department"]
    months = list(book["By month"].values)
    assert months == [("Month", "Issues", "Quantity", "Cost"), ("2026-01", 1, 3, 30), ("2026-02", 2, 6, 30)]
    departments = {row[0]: row[3] for row in book["By department"].values}
    assert departments["Obchod"] == 40 and departments["IT"] == 20


def test_pdf_prints_czech_letters_and_the_figures(client_for, ledger):
    response = client_for(BACK_OFFICE).get(f"/reports/supplies.pdf?{PERIOD}", HTTP_ACCEPT_LANGUAGE="cs")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Obchod" in text and "40,00" in text
    assert "Spotřeba" in text or "Supplies consumption" in text


def test_the_api_gives_the_same_figures(api_for, ledger):
    api = api_for(BACK_OFFICE)
    body = api.get(f"/api/v1/reports/supplies?{PERIOD}").json()
    assert body["report"] == "supplies" and body["since"] == "2026-01-01" and body["until"] == "2026-02-28"
    months = next(t for t in body["tables"] if t["key"] == "months")
    assert [(r["month"], r["cost"]) for r in months["rows"]] == [("2026-01-01", "30.00"), ("2026-02-01", "30.00")]
    sales = ledger[0]
    only_sales = api.get(f"/api/v1/reports/supplies?{PERIOD}&department={sales.pk}").json()
    assert only_sales["department"] == sales.pk
    assert [r["cost"] for r in only_sales["tables"][0]["rows"]] == ["30.00", "10.00"]
    listed = api.get("/api/v1/reports/").json()
    assert [r["slug"] for r in listed] == ["supplies", "equipment", "calls", "training"]  # not hiring: HR only


def test_the_api_names_a_bad_field(api_for):
    response = api_for(BACK_OFFICE).get("/api/v1/reports/calls?since=2026-03-01&until=2026-02-01")
    assert response.status_code == 422
    assert "until" in response.json()["fields"]
    response = api_for(BACK_OFFICE).get("/api/v1/reports/calls?department=999999")
    assert response.status_code == 422 and "department" in response.json()["fields"]


def test_the_menu_offers_only_the_reports_one_may_see(client_for):
    html = client_for(TECHNICIAN).get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/reports/supplies/"' in html and 'href="/reports/equipment/"' in html
    assert 'href="/reports/calls/"' not in html
