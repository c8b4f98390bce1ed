"""The reports match the data: small sets computed by hand, with month and day boundaries in Prague time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import reports as equipment_reports
from backoffice.reports.filters import Period, default_period, period_from
from backoffice.reports.selectors import report_figures
from backoffice.supplies import usage
from tests.builders import make_employee, make_user
from tests.reports.builders import call, make_asset, outage, prague, reading
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = pytest.mark.django_db


def ready(user):
    """A user whose permissions are loaded, so a query count shows only the report's own queries."""
    user.get_all_permissions()
    return user


def rows(figures, table: str, key: str) -> dict:
    return {row[key]: row for row in figures.table(table).rows}


def test_supplies_by_month_and_department_in_prague_months(ledger, django_assert_max_num_queries):
    sales, it = ledger
    user = ready(make_user(BACK_OFFICE))
    with django_assert_max_num_queries(1):
        figures = report_figures(user, "supplies", Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))
    months = rows(figures, "months", "month")
    assert months[dt.date(2026, 1, 1)]["cost"] == Decimal("30.00")
    assert months[dt.date(2026, 1, 1)]["quantity"] == Decimal("3")
    assert months[dt.date(2026, 2, 1)]["cost"] == Decimal("30.00")  # 2 × 10 + 4 × 2.50
    assert months[dt.date(2026, 2, 1)]["quantity"] == Decimal("6")
    assert months[dt.date(2026, 2, 1)]["issues"] == 2
    by_department = rows(figures, "departments", "department")
    assert by_department["Obchod"]["cost"] == Decimal("40.00")
    assert by_department["IT"]["cost"] == Decimal("20.00")
    assert [r["department"] for r in figures.table("departments").rows] == ["Obchod", "IT"]  # costliest first
    detail = {(r["month"], r["department"]): r["cost"] for r in figures.table("detail").rows}
    assert detail == {
        (dt.date(2026, 1, 1), "Obchod"): Decimal("30.00"),
        (dt.date(2026, 2, 1), "IT"): Decimal("20.00"),
        (dt.date(2026, 2, 1), "Obchod"): Decimal("10.00"),
    }
    chart = figures.charts[0]
    assert {s.label: s.data for s in chart.series} == {"Obchod": [30.0, 10.0], "IT": [0.0, 20.0]}

    only_sales = report_figures(user, "supplies", Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28), sales))
    assert [r["cost"] for r in only_sales.table("months").rows] == [Decimal("30.00"), Decimal("10.00")]


def test_supplies_agree_with_the_usage_page(departments):
    sales, _it = departments
    shelf = make_location(code="SKLAD")
    paper = make_item(sku="PAP", name="Papír A4")
    make_offer(make_supplier(), paper, price="12.00")
    stock(paper, shelf, 10)
    from backoffice.supplies import services

    services.stock_issue(actor=None, item=paper, location=shelf, quantity=Decimal("4"), department=sales)
    user = make_user(BACK_OFFICE)
    since, until = default_period()
    figures = report_figures(user, "supplies", Period(since, until))
    assert [r["cost"] for r in figures.table("months").rows] == [m["cost"] for m in usage.monthly(user, months=12)]
    assert figures.table("months").rows[-1]["cost"] == Decimal("48.00")


@pytest.fixture
def fleet(departments):
    sales, it = departments
    sharp = make_asset(manufacturer="Sharp", model_name="MX-3570N", department=sales)
    brother = make_asset(manufacturer="Brother", model_name="HL-L2350", department=it)
    outage(sharp, down_from=prague(2026, 2, 10, 10), hours=4)
    outage(sharp, down_from=prague(2026, 3, 1, 0, 30), hours=2)  # 28 February in UTC
    outage(brother, down_from=prague(2026, 2, 20, 8), hours=6)
    outage(brother, down_from=prague(2026, 1, 31, 23), hours=9)  # before the period
    reading(sharp, 1000, prague(2026, 2, 2))
    reading(sharp, 1500, prague(2026, 2, 27))
    reading(sharp, 1600, prague(2026, 3, 1, 0, 30))  # March in Prague, February in UTC
    reading(sharp, 2000, prague(2026, 3, 20))
    reading(brother, 100, prague(2026, 2, 5))
    reading(brother, 50, prague(2026, 2, 6))  # a reset: February is left out for this printer
    reading(brother, 300, prague(2026, 2, 25))
    reading(brother, 300, prague(2026, 3, 3))
    reading(brother, 700, prague(2026, 3, 30))
    return sharp, brother


def test_equipment_downtime_and_pages(fleet, departments, django_assert_max_num_queries):
    user = ready(make_user(TECHNICIAN))
    with django_assert_max_num_queries(5):
        figures = report_figures(user, "equipment", Period(dt.date(2026, 2, 1), dt.date(2026, 3, 31)))
    months = rows(figures, "months", "month")
    february, march = months[dt.date(2026, 2, 1)], months[dt.date(2026, 3, 1)]
    assert (february["outages"], february["downtime_hours"], february["pages"]) == (2, Decimal("10.0"), 500)
    assert (march["outages"], march["downtime_hours"], march["pages"]) == (1, Decimal("2.0"), 800)
    models = rows(figures, "models", "model")
    assert models["Sharp MX-3570N"] == {
        "model": "Sharp MX-3570N",
        "outages": 2,
        "downtime_hours": Decimal("6.0"),
        "pages": 900,
    }
    assert models["Brother HL-L2350"]["pages"] == 400
    assert models["Brother HL-L2350"]["downtime_hours"] == Decimal("6.0")
    assets = figures.table("assets").rows
    assert [r["downtime_hours"] for r in assets] == [Decimal("6.0"), Decimal("6.0")]

    sales = departments[0]
    only_sales = report_figures(user, "equipment", Period(dt.date(2026, 2, 1), dt.date(2026, 3, 31), sales))
    assert [(r["downtime_hours"], r["pages"]) for r in only_sales.table("months").rows] == [
        (Decimal("4.0"), 500),
        (Decimal("2.0"), 400),
    ]


def test_equipment_periods_cutting_a_month_count_it_from_the_readings_and_requests(fleet, departments):
    """The monthly summaries cannot split a month: where a period cuts one holding readings or outages outside
    the period, that month comes from the readings and requests themselves."""
    user = ready(make_user(TECHNICIAN))
    february, march = dt.date(2026, 2, 1), dt.date(2026, 3, 1)
    figures = report_figures(user, "equipment", Period(february, dt.date(2026, 3, 25)))  # without 30 March
    months = rows(figures, "months", "month")
    assert (months[february]["outages"], months[february]["downtime_hours"], months[february]["pages"]) == (
        2,
        Decimal("10.0"),
        500,
    )
    assert (months[march]["outages"], months[march]["downtime_hours"], months[march]["pages"]) == (
        1,
        Decimal("2.0"),
        400,  # the Sharp 1600 → 2000; the Brother read once before 25 March
    )
    models = rows(figures, "models", "model")
    assert (models["Sharp MX-3570N"]["pages"], models["Brother HL-L2350"]["pages"]) == (900, 0)

    figures = report_figures(user, "equipment", Period(dt.date(2026, 2, 6), dt.date(2026, 3, 31)))  # from 6 Feb
    months = rows(figures, "months", "month")
    assert (months[february]["outages"], months[february]["downtime_hours"], months[february]["pages"]) == (
        2,
        Decimal("10.0"),
        0,  # the Sharp read once from 6 February; the Brother's reset leaves it out
    )
    assert months[march]["pages"] == 800
    assert [(r["asset"].split(" (")[0], r["downtime_hours"]) for r in figures.table("assets").rows] == [
        ("Sharp MX-3570N", Decimal("6.0")),  # 4 h in February (from history) and 2 h in March (summary)
        ("Brother HL-L2350", Decimal("6.0")),
    ]


def test_equipment_pages_agree_with_the_equipment_report():
    printer = make_asset()
    from django.utils import timezone

    now = timezone.now()
    reading(printer, 100, now - dt.timedelta(minutes=20))
    reading(printer, 450, now - dt.timedelta(minutes=10))
    user = make_user(BACK_OFFICE)
    since, until = default_period()
    figures = report_figures(user, "equipment", Period(since, until))
    mine = [r["pages"] for r in figures.table("months").rows]
    theirs = [m["pages"] for m in equipment_reports.pages_per_month(user, months=12)]
    assert mine == theirs and mine[-1] == 350


def test_calls_per_day_and_the_heat_map_in_prague_time(departments, django_assert_max_num_queries):
    sales, it = departments
    seller, admin = make_employee(department=sales), make_employee(department=it)
    call(prague(2026, 3, 2, 9, 15), person=seller)  # Monday
    call(prague(2026, 3, 2, 9, 45), person=admin, outcome="missed")
    call(prague(2026, 3, 1, 0, 30), direction="out")  # Sunday in Prague, Saturday 23:30 in UTC
    call(prague(2026, 2, 28, 23, 30))  # before the period
    call(prague(2026, 4, 1, 0, 30))  # after it (summer time: 31 March 22:30 UTC)
    user = ready(make_user(BACK_OFFICE))
    with django_assert_max_num_queries(2):
        figures = report_figures(user, "calls", Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    heat = figures.table("heatmap").rows
    monday, sunday = heat[0], heat[6]
    assert monday["h9"] == 2 and monday["total"] == 2 and monday["_shade"]["h9"] == 5
    assert sunday["h0"] == 1 and sunday["total"] == 1
    assert sum(row["total"] for row in heat) == 3
    days = rows(figures, "days", "day")
    assert len(days) == 31
    assert days[dt.date(2026, 3, 1)] == {
        "day": dt.date(2026, 3, 1),
        "calls": 1,
        "incoming": 0,
        "outgoing": 1,
        "missed": 0,
    }
    assert days[dt.date(2026, 3, 2)] == {
        "day": dt.date(2026, 3, 2),
        "calls": 2,
        "incoming": 2,
        "outgoing": 0,
        "missed": 1,
    }

    only_sales = report_figures(user, "calls", Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), sales))
    assert sum(row["total"] for row in only_sales.table("heatmap").rows) == 1


@pytest.mark.parametrize("slug", ["supplies", "equipment", "calls"])
def test_a_report_needs_the_modules_permission(slug):
    with pytest.raises(NotAllowed):
        report_figures(make_user(EMPLOYEE), slug, Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)))


def test_a_bad_period_names_the_field():
    user = make_user(BACK_OFFICE)
    with pytest.raises(InvalidInput) as error:
        period_from({"since": "2026-03-01", "until": "2026-02-01"}, user)
    assert "until" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        period_from({"since": "1. března"}, user)
    assert "since" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        period_from({"since": "2020-01-01", "until": "2026-01-01"}, user)
    assert "until" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        period_from({"department": "999999"}, user)
    assert "department" in error.value.fields
