"""Repairs: a fault reported by anyone, triaged, assigned to a colleague or a vendor, resolved, closed, reopened."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.mywork import work_for
from backoffice.core.outbox import deliver_due
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from backoffice.equipment.choices import AssetStatus, RequestStatus
from backoffice.equipment.models import MaintenanceRequest
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from tests.builders import days, make_user
from tests.equipment.conftest import make_asset, make_vendor

pytestmark = pytest.mark.django_db
API = "/api/v1/equipment"


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True))


def test_the_whole_flow_reporter_hears_of_every_step_and_downtime_is_counted():
    reporter = make_user(EMPLOYEE, username="reporter")
    technician = make_user(TECHNICIAN)
    office = make_user(BACK_OFFICE)
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N")

    request = services.request_report(actor=reporter, asset=asset, description="Chyba E-52.", out_of_service=True)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.OUT_OF_ORDER and request.down_from is not None
    services.request_triage(actor=office, request=request, priority="urgent")
    services.request_assign(actor=office, request=request, assignee=technician.employee)
    assert request.status == RequestStatus.ASSIGNED
    services.request_move(actor=technician, request=request, status=RequestStatus.IN_PROGRESS)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_REPAIR
    services.request_move(actor=technician, request=request, status=RequestStatus.WAITING, note="Čekáme na díl.")
    services.request_move(actor=technician, request=request, status=RequestStatus.IN_PROGRESS)
    services.request_move(
        actor=technician,
        request=request,
        status=RequestStatus.RESOLVED,
        resolution="Vyměněna fixační jednotka.",
        parts_cost=Decimal("3200"),
        labour_cost=Decimal("900"),
    )
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_SERVICE
    assert request.down_until is not None and request.total_cost == Decimal("4100")
    services.request_move(actor=office, request=request, status=RequestStatus.CLOSED)
    assert titles(reporter) == [
        "Your fault report about Sharp MX-3570N was received",
        f"Your fault report about Sharp MX-3570N was assigned to {technician.employee.full_name}",
        "Work on Sharp MX-3570N has started",
        "The repair of Sharp MX-3570N is waiting for parts or the vendor",
        "Work on Sharp MX-3570N has started",
        "The fault of Sharp MX-3570N was resolved",
        "Your fault report about Sharp MX-3570N was closed",
    ]
    assert titles(technician) == ["Repair of Sharp MX-3570N is assigned to you"]

    services.request_reopen(actor=reporter, request=request, reason="Chyba je zpět.")
    asset.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED and request.closed_at is None
    assert asset.status == AssetStatus.OUT_OF_ORDER


def test_steps_out_of_order_are_refused_and_nothing_changes():
    request = services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde.")
    technician = make_user(TECHNICIAN)
    with pytest.raises(InvalidInput) as caught:
        services.request_move(actor=technician, request=request, status=RequestStatus.CLOSED)
    assert "status" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.request_move(actor=technician, request=request, status=RequestStatus.RESOLVED)
    assert "resolution" in caught.value.fields
    with pytest.raises(InvalidInput):
        services.request_reopen(actor=technician, request=request, reason="?")
    with pytest.raises(InvalidInput) as caught:
        services.request_assign(actor=technician, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_an_employee_cannot_triage_assign_or_move_someone_elses_request():
    employee = make_user(EMPLOYEE)
    request = services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde.")
    with pytest.raises(NotAllowed):
        services.request_triage(actor=employee, request=request, priority="high")
    with pytest.raises(NotAllowed):
        services.request_move(actor=employee, request=request, status=RequestStatus.RESOLVED, resolution="x")
    with pytest.raises(NotAllowed):
        services.request_reopen(actor=employee, request=request, reason="x")


def test_self_help_is_recorded_as_resolved_and_stays_in_the_history():
    reporter = make_user(EMPLOYEE)
    asset = make_asset()
    request = services.request_report(actor=reporter, asset=asset, description="Zaseknutý papír.", self_help=True)
    assert request.status == RequestStatus.RESOLVED and request.self_help
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_SERVICE
    assert list(asset.requests.all()) == [request]


def test_a_retired_asset_takes_no_reports_and_an_empty_description_is_refused():
    asset = make_asset(status=AssetStatus.RETIRED)
    with pytest.raises(InvalidInput):
        services.request_report(actor=make_user(EMPLOYEE), asset=asset, description="x")
    with pytest.raises(InvalidInput) as caught:
        services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="   ")
    assert "description" in caught.value.fields
    assert MaintenanceRequest.objects.count() == 0


def test_vendor_gets_a_service_request_email_through_the_outbox(smtp_server):
    vendor = make_vendor(name="Kancelářská technika", email="servis@kt.example.cz")
    asset = make_asset(
        manufacturer="Xerox",
        model_name="AltaLink C8045",
        serial_number="XRX-77",
        vendor=vendor,
        contract_number="SM-2024-118",
        response_hours=8,
    )
    request = services.request_report(actor=make_user(EMPLOYEE), asset=asset, description="Pruhy na kopiích.")
    services.request_assign(
        actor=make_user(BACK_OFFICE), request=request, vendor=vendor, note="Prosíme o rychlý zásah."
    )
    assert request.respond_by is not None
    assert abs(request.respond_by - request.assigned_at - dt.timedelta(hours=8)) < dt.timedelta(seconds=5)
    deliver_due()
    to_vendor = [m for m in smtp_server.messages if "servis@kt.example.cz" in m["To"]]
    assert len(to_vendor) == 1
    message = to_vendor[0]
    assert "XRX-77" in message["Subject"]
    text = message.get_content()
    assert "SM-2024-118" in text and "Pruhy na kopiích." in text and "Prosíme o rychlý zásah." in text
    assert OutboxMessage.objects.filter(to=["servis@kt.example.cz"], status="sent").count() == 1


def test_a_vendor_without_email_cannot_be_assigned():
    vendor = make_vendor(email="")
    request = services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde.")
    with pytest.raises(InvalidInput) as caught:
        services.request_assign(actor=None, request=request, vendor=vendor)
    assert "vendor" in caught.value.fields
    assert len(mail.outbox) == 0 or all("Service request" not in m.subject for m in mail.outbox)


def test_work_of_an_absent_technician_goes_to_whoever_covers():
    away = make_user(TECHNICIAN, first_name="Petr", last_name="Pryč")
    cover = make_user(TECHNICIAN, first_name="Jana", last_name="Zástup")
    people.absence_record(
        actor=None, employee=away.employee, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(3)
    )
    people.substitution_create(
        actor=None,
        absent=away.employee,
        substitute=cover.employee,
        area=Area.EQUIPMENT,
        start_date=days(0),
        end_date=days(3),
    )
    request = services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde fax.")
    services.request_assign(actor=None, request=request, assignee=away.employee)
    assert titles(cover)[-1] == "Repair of Brother MFC-L2710DW is assigned to you"
    assert titles(away) == []
    items = [i for i in work_for(cover.__class__.objects.get(pk=cover.pk)) if i.module == "Equipment"]
    assert len(items) == 1 and items[0].on_behalf_of == "Petr Pryč"
    assert [i for i in work_for(away) if i.module == "Equipment"] == []
    assert not services.may_work_on(make_user(EMPLOYEE), request)


def test_reporter_sees_own_requests_only(api_for):
    reporter = make_user(EMPLOYEE)
    asset = make_asset()
    api = api_for(reporter)
    response = api.post(
        f"{API}/requests",
        {"asset_id": asset.pk, "description": "Tiskne prázdné stránky."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    services.request_report(actor=make_user(EMPLOYEE), asset=asset, description="Cizí hlášení.")
    rows = api.get(f"{API}/requests").json()["items"]
    assert [r["description"] for r in rows] == ["Tiskne prázdné stránky."]
    assert api_for(BACK_OFFICE).get(f"{API}/requests").json()["count"] == 2


def test_api_flow_and_bad_input(api_for):
    office = api_for(BACK_OFFICE)
    technician = make_user(TECHNICIAN)
    asset = make_asset()
    request = services.request_report(actor=make_user(EMPLOYEE), asset=asset, description="Nejde.")
    url = f"{API}/requests/{request.pk}"
    assert office.post(f"{url}/assign", {}, content_type="application/json").status_code == 422
    assert office.post(f"{url}/assign", {"assignee_id": 12345}, content_type="application/json").status_code == 422
    ok = office.post(f"{url}/assign", {"assignee_id": technician.employee.pk}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "assigned"
    bad = office.post(f"{url}/status", {"status": "closed"}, content_type="application/json")
    assert bad.status_code == 422 and "status" in bad.json()["fields"]
    negative = office.post(
        f"{url}/status", {"status": "resolved", "resolution": "x", "parts_cost": -1}, content_type="application/json"
    )
    assert negative.status_code == 422
    done = office.post(
        f"{url}/status", {"status": "resolved", "resolution": "Vyčištěno."}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["resolved_at"]
    reopened = office.post(f"{url}/reopen", {"reason": "Znovu."}, content_type="application/json")
    assert reopened.json()["status"] == "assigned"
    assert (
        office.post(
            f"{API}/requests", {"asset_id": 999999, "description": "x"}, content_type="application/json"
        ).status_code
        == 422
    )


def test_fault_page_from_the_qr_label_shows_guides_and_past_fixes_then_reports(client_for):
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N")
    services.guide_create(
        actor=None, manufacturer="Sharp", model_name="MX-3570N", title="Papír v zásobníku 2", body="Vysuňte zásobník."
    )
    services.guide_create(actor=None, manufacturer="Canon", title="Jiná značka", body="…")
    old = services.request_report(
        actor=None, asset=make_asset(manufacturer="Sharp", model_name="MX-3570N"), description="E-52"
    )
    services.request_assign(actor=None, request=old, assignee=make_user(TECHNICIAN).employee)
    services.request_move(actor=None, request=old, status="resolved", resolution="Vypnout na 10 minut.")
    client = client_for(EMPLOYEE)
    page = client.get(f"/equipment/{asset.pk}/report/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Papír v zásobníku 2" in text and "Jiná značka" not in text and "Vypnout na 10 minut." in text
    sent = client.post(f"/equipment/{asset.pk}/report/", {"description": "Bliká červeně.", "out_of_service": "on"})
    assert sent.status_code == 302
    created = asset.requests.get()
    assert created.out_of_service and created.description == "Bliká červeně."
    assert client.get(sent["Location"]).status_code == 200
    solved = client.post(f"/equipment/{asset.pk}/report/", {"solved": "1"})
    assert solved.status_code == 302
    assert asset.requests.filter(self_help=True, status="resolved").count() == 1
    empty = client.post(f"/equipment/{asset.pk}/report/", {"description": ""})
    assert empty.status_code == 200 and "description" in empty.context["form"].errors


def test_request_pages_for_the_back_office(client_for):
    request = services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde.")
    office = client_for(BACK_OFFICE)
    technician = make_user(TECHNICIAN)
    assert office.get("/equipment/requests/?open=true").status_code == 200
    assert (
        office.post(f"/equipment/requests/{request.pk}/triage/", {"priority": "high", "kind": "fault"}).status_code
        == 302
    )
    office.post(f"/equipment/requests/{request.pk}/assign/", {"assignee": technician.employee.pk})
    office.post(f"/equipment/requests/{request.pk}/status/", {"status": "in_progress"})
    response = office.post(f"/equipment/requests/{request.pk}/status/", {"status": "resolved"}, follow=True)
    assert "Say how the fault was resolved." in response.content.decode()
    office.post(f"/equipment/requests/{request.pk}/status/", {"status": "resolved", "resolution": "Hotovo."})
    request.refresh_from_db()
    assert request.status == "resolved" and request.priority == "high"
    history = office.get(f"/equipment/requests/{request.pk}/?tab=history")
    assert history.status_code == 200 and "Hotovo." in history.content.decode()


def test_new_reports_wait_on_my_work_for_those_who_assign_repairs():
    services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Nejde.")
    services.request_report(actor=make_user(EMPLOYEE), asset=make_asset(), description="Taky nejde.")
    titles_office = [i.title for i in work_for(make_user(BACK_OFFICE)) if i.module == "Equipment"]
    assert titles_office == ["2 new fault reports to triage"]
    assert [i for i in work_for(make_user(EMPLOYEE)) if i.module == "Equipment"] == []
