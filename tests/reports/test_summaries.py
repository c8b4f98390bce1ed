"""The summaries the reports read stay equal to a recount from history, whatever the services did in between."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backoffice.core.errors import InvalidInput
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import monthly
from backoffice.equipment import services as equipment
from backoffice.equipment.models import DowntimeMonth, MeterMonth
from backoffice.reports.filters import Period
from backoffice.reports.selectors import report_figures
from backoffice.supplies import consumption
from backoffice.supplies import services as supplies
from backoffice.supplies.models import ConsumptionDay
from tests.builders import make_user
from tests.reports.builders import make_asset, prague, reading
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = pytest.mark.django_db

Q3, M5 = Decimal("0.001"), Decimal("0.00001")


def by_day_and_department(rows) -> list[tuple]:
    return sorted(rows, key=lambda row: (row[0], row[1] or 0))


def kept_consumption() -> list[tuple]:
    return by_day_and_department(
        (r.day, r.department_id, r.issues, r.quantity.quantize(Q3), r.cost.quantize(M5))
        for r in ConsumptionDay.objects.all()
    )


def recounted_consumption() -> list[tuple]:
    return by_day_and_department(
        (r["occurred_on"], r["department_id"], r["issues"], r["used"].quantize(Q3), r["spent"].quantize(M5))
        for r in consumption.from_ledger()
    )


def test_consumption_equals_the_ledger_after_every_kind_of_movement(departments):
    sales, it = departments
    shelf, kitchen = make_location(code="SKLAD"), make_location(code="KUCH")
    paper, coffee = make_item(sku="PAP", name="Papír A4"), make_item(sku="KAVA", name="Káva")
    make_offer(make_supplier(), paper, price="10.00")  # coffee has no price at all: issued at no cost
    supplies.stock_receive(actor=None, item=paper, location=shelf, quantity="100", unit_cost=Decimal("9.50"))
    stock(coffee, kitchen, 20)
    seller = make_user(EMPLOYEE, department=sales).employee
    supplies.stock_issue(actor=None, item=paper, location=shelf, quantity="2.5", department=sales)
    supplies.stock_issue(actor=None, item=paper, location=shelf, quantity="1", employee=seller)  # sales, by person
    supplies.stock_issue(actor=None, item=paper, location=shelf, quantity="4", department=it)
    supplies.stock_issue(actor=None, item=coffee, location=kitchen, quantity="3")  # no department
    supplies.stock_issue(actor=None, item=coffee, location=kitchen, quantity="1")
    request = supplies.supply_request_create(actor=seller.user, item=paper, quantity="5")
    supplies.supply_request_issue(actor=None, request=request, location=shelf)
    # Not consumption: moving, correcting and writing off stock.
    supplies.stock_transfer(actor=None, item=paper, from_location=shelf, to_location=kitchen, quantity="10")
    supplies.stock_adjust(actor=None, item=paper, location=shelf, difference="-3", reason="Počítání")
    supplies.stock_adjust(actor=None, item=coffee, location=kitchen, difference="2", reason="Nalezeno")
    supplies.stock_write_off(actor=None, item=coffee, location=kitchen, quantity="1", reason="Prošlé")
    count = supplies.stock_count_open(actor=None, location=kitchen)
    supplies.stock_count_record(actor=None, count=count, item=coffee, counted="10")
    supplies.stock_count_record(actor=None, count=count, item=paper, counted="9")
    supplies.stock_count_post(actor=None, count=count, reason="Inventura")
    with pytest.raises(InvalidInput):  # refused: nothing is counted either
        supplies.stock_issue(actor=None, item=coffee, location=kitchen, quantity="500", department=it)

    kept = kept_consumption()
    assert kept == recounted_consumption()
    today = kept[0][0]
    assert {row[1]: row[2:] for row in kept} == {
        sales.pk: (3, Decimal("8.500"), Decimal("80.75000")),  # 8.5 reams × 9.50, the last receipt's cost
        it.pk: (1, Decimal("4.000"), Decimal("38.00000")),
        None: (2, Decimal("4.000"), Decimal("0.00000")),
    }
    consumption.rebuild()
    assert kept_consumption() == kept

    figures = report_figures(make_user(BACK_OFFICE), "supplies", Period(today.replace(day=1), today))
    (month,) = figures.table("months").rows
    assert (month["issues"], month["quantity"], month["cost"]) == (6, Decimal("16.5"), Decimal("118.75"))


def test_consumption_rebuilt_from_a_ledger_written_in_bulk(departments):
    """The demo writes movements past the services: the rebuild counts them, day by day."""
    from tests.reports.builders import issue

    sales, _it = departments
    shelf, paper = make_location(code="SKLAD"), make_item(sku="PAP")
    make_offer(make_supplier(), paper, price="10.00")
    stock(paper, shelf, 50)
    issue(paper, shelf, 3, department=sales, at=prague(2026, 1, 31, 23, 30))
    issue(paper, shelf, 2, department=sales, at=prague(2026, 2, 1, 0, 15))
    ConsumptionDay.objects.all().delete()
    consumption.rebuild()
    assert [(r.day, r.issues) for r in ConsumptionDay.objects.order_by("day")] == [
        (dt.date(2026, 1, 31), 1),
        (dt.date(2026, 2, 1), 1),
    ]


def kept_meters() -> list[tuple]:
    return sorted(
        (r.asset_id, r.month, r.readings, r.low_pages, r.high_pages, r.resets, r.first_at, r.last_at)
        for r in MeterMonth.objects.all()
    )


def recounted_meters() -> list[tuple]:
    return sorted(
        (r["asset_id"], r["month"], r["counted"], r["low"], r["high"], r["resets"], r["first"], r["last"])
        for r in monthly.meters_from_readings()
    )


def kept_downtime() -> list[tuple]:
    return sorted(
        (r.asset_id, r.month, r.outages, r.seconds, r.first_at, r.last_at) for r in DowntimeMonth.objects.all()
    )


def recounted_downtime() -> list[tuple]:
    return sorted(
        (r["asset_id"], r["month"], r["outages"], r["seconds"], r["first"], r["last"])
        for r in monthly.downtime_from_requests()
    )


def test_page_counters_per_month_equal_the_readings():
    sharp, brother = make_asset(manufacturer="Sharp"), make_asset(manufacturer="Brother")
    reading(sharp, 1000, prague(2026, 2, 2))
    reading(sharp, 1500, prague(2026, 2, 27))
    reading(sharp, 1200, prague(2026, 2, 10))  # recorded late, between the two: a reset by the time it was taken
    reading(sharp, 1600, prague(2026, 3, 1, 0, 30))  # March in Prague, February in UTC
    reading(brother, 100, prague(2026, 2, 5))
    reading(brother, 50, prague(2026, 2, 6))  # a reset
    reading(brother, 700, prague(2026, 3, 30))
    with pytest.raises(InvalidInput):
        equipment.meter_record(actor=None, asset=brother, pages=-1)

    kept = kept_meters()
    assert kept == recounted_meters()
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in kept if r[0] == sharp.pk] == [
        (dt.date(2026, 2, 1), 3, 1000, 1500, 0),
        (dt.date(2026, 3, 1), 1, 1600, 1600, 0),
    ]
    assert [(r[1], r[5]) for r in kept if r[0] == brother.pk] == [(dt.date(2026, 2, 1), 1), (dt.date(2026, 3, 1), 0)]
    monthly.rebuild()
    assert kept_meters() == kept


def test_downtime_per_month_follows_resolutions_and_reopenings():
    printer, copier = make_asset(manufacturer="Sharp"), make_asset(manufacturer="Konica")
    technician = make_user(TECHNICIAN).employee

    def repaired(asset):
        request = equipment.request_report(actor=None, asset=asset, description="Nejde tisknout", out_of_service=True)
        equipment.request_assign(actor=None, request=request, assignee=technician)
        return equipment.request_move(actor=None, request=request, status="resolved", resolution="Opraveno.")

    first, second = repaired(printer), repaired(printer)
    repaired(copier)
    equipment.request_report(actor=None, asset=copier, description="Jen hlučí")  # not out of service: no downtime
    assert kept_downtime() == recounted_downtime()
    assert [(r[0], r[2]) for r in kept_downtime()] == [(printer.pk, 2), (copier.pk, 1)]

    equipment.request_reopen(actor=None, request=first, reason="Znovu se zasekává")
    assert kept_downtime() == recounted_downtime()
    assert [(r[0], r[2]) for r in kept_downtime()] == [(printer.pk, 1), (copier.pk, 1)]
    equipment.request_reopen(actor=None, request=second, reason="Také")
    assert [r[0] for r in kept_downtime()] == [copier.pk]  # the printer's month holds nothing now: no row

    first.refresh_from_db()
    equipment.request_move(actor=None, request=first, status="resolved", resolution="Vyměněn válec.")
    assert kept_downtime() == recounted_downtime()
    kept = kept_downtime()
    monthly.rebuild()
    assert kept_downtime() == kept
