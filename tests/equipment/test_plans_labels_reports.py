"""Preventive maintenance plans, the QR label sheet, and the reports."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import labels, reports, services
from backoffice.equipment.choices import RequestKind, RequestStatus
from backoffice.equipment.models import MaintenancePlan, MaintenanceRequest
from tests.builders import days, make_user
from tests.conftest import need
from tests.equipment.conftest import make_asset

pytestmark = pytest.mark.django_db


def test_a_calendar_plan_creates_its_request_ahead_of_time_once_and_moves_on_when_done():
    technician = make_user(TECHNICIAN)
    asset = make_asset()
    plan = services.plan_create(
        actor=make_user(BACK_OFFICE),
        asset=asset,
        title="Čištění",
        checklist="Sklo\nVálce",
        every_months=3,
        next_due=days(5),
        lead_days=7,
        assignee=technician.employee,
    )
    assert services.plans_create_due_requests(actor=None, on=days(-10)) == []
    created = services.plans_create_due_requests(actor=None)
    assert len(created) == 1
    request = created[0]
    assert request.kind == RequestKind.PREVENTIVE and request.due_date == days(5) and request.checklist == "Sklo\nVálce"
    assert request.status == RequestStatus.ASSIGNED
    assert services.plans_create_due_requests(actor=None) == []  # one open request per plan
    services.request_move(actor=technician, request=request, status="resolved", resolution="Hotovo.")
    plan.refresh_from_db()
    assert plan.next_due > days(80)


def test_a_page_plan_creates_a_request_when_the_counter_nears_the_limit():
    asset = make_asset()
    services.meter_record(actor=None, asset=asset, pages=10_000, taken_at=timezone.now() - dt.timedelta(days=3))
    plan = services.plan_create(actor=None, asset=asset, title="Výměna válce", every_pages=50_000)
    assert plan.next_pages == 60_000
    services.meter_record(actor=None, asset=asset, pages=40_000, taken_at=timezone.now() - dt.timedelta(days=2))
    assert not MaintenanceRequest.objects.exists()
    services.meter_record(actor=None, asset=asset, pages=56_000)
    assert MaintenanceRequest.objects.get().plan == plan


def test_a_plan_needs_an_interval_and_permission():
    with pytest.raises(InvalidInput) as caught:
        services.plan_create(actor=None, asset=make_asset(), title="Nic")
    assert "every_days" in caught.value.fields
    with pytest.raises(NotAllowed):
        services.plan_create(actor=make_user(TECHNICIAN), asset=make_asset(), title="X", every_days=10)
    assert not MaintenancePlan.objects.exists()


def test_label_sheet_is_a_pdf_with_a_qr_code_per_asset(client_for):
    need(any((Path(d) / "DejaVuSans.ttf").exists() for d in labels.FONT_DIRS if d), "fonts-dejavu-core (apt-get)")
    make_asset(manufacturer="Česká", model_name="Tiskárna Říčany", location="Přízemí, účtárna")
    make_asset()
    response = client_for(BACK_OFFICE).get("/equipment/labels.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Subtype /Image") == 2
    assert labels.report_url(make_asset(), "http://x").endswith("/report/")


def test_reliability_downtime_cost_and_pages_per_month():
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N")
    other = make_asset(manufacturer="Sharp", model_name="MX-3570N")
    for target, hours in ((asset, 4), (asset, 8), (other, 6)):
        request = services.request_report(actor=None, asset=target, description="E-52", out_of_service=True)
        reported = timezone.now() - dt.timedelta(hours=hours)
        MaintenanceRequest.objects.filter(pk=request.pk).update(created_at=reported, down_from=reported)
        request.refresh_from_db()
        services.request_assign(actor=None, request=request, assignee=make_user(TECHNICIAN).employee)
        services.request_move(
            actor=None,
            request=request,
            status="resolved",
            resolution="Opraveno.",
            parts_cost=Decimal("100"),
            labour_cost=Decimal("50"),
        )
    office = make_user(BACK_OFFICE)
    by_model = reports.reliability(office, by="model")
    assert len(by_model) == 1
    row = by_model[0]
    assert row["failures"] == 3 and row["mttr_hours"] == 6.0 and row["downtime_hours"] == 18.0
    assert row["cost"] == Decimal("450") and row["mtbf_days"] is not None
    by_asset = {r["key"]: r for r in reports.reliability(office, by="asset")}
    assert by_asset[str(asset.pk)]["failures"] == 2
    with pytest.raises(NotAllowed):
        reports.reliability(make_user(EMPLOYEE))

    now = timezone.now()
    for pages, back in ((1000, 0), (1300, 0), (50, 0)):
        services.meter_record(actor=None, asset=other, pages=pages, taken_at=now - dt.timedelta(minutes=30 - back))
    services.meter_record(actor=None, asset=asset, pages=100, taken_at=now - dt.timedelta(minutes=20))
    services.meter_record(actor=None, asset=asset, pages=400, taken_at=now - dt.timedelta(minutes=10))
    months = reports.pages_per_month(office)
    assert months[-1]["pages"] == 300  # the month with a reset on `other` is left out for that asset


def test_report_page_and_expiring_contracts(client_for):
    make_asset(contract_until=timezone.localdate() + dt.timedelta(days=30), contract_number="SM-1")
    make_asset(warranty_until=timezone.localdate() + dt.timedelta(days=90))
    page = client_for(BACK_OFFICE).get("/equipment/reports/?by=asset")
    assert page.status_code == 200
    text = page.content.decode()
    assert "SM-1" in text and 'id="pages-chart-data"' in text and "chart.umd.min.js" in text
    assert "<script>" not in text
