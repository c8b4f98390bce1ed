"""The asset register: services, API, pages, bad input, history, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.core.context import acting_as, user_actor
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from backoffice.equipment.choices import AssetStatus, Category
from backoffice.equipment.models import Asset
from tests.builders import make_department, make_employee, make_user
from tests.equipment.conftest import make_asset, make_vendor

pytestmark = pytest.mark.django_db
API = "/api/v1/equipment"


def test_back_office_registers_an_asset_with_contract_and_it_is_audited():
    actor = make_user(BACK_OFFICE)
    vendor = make_vendor(name="Kancelářská technika")
    department = make_department("Účtárna")
    with acting_as(user_actor(actor)):
        asset = services.asset_create(
            actor=actor,
            category=Category.COPIER,
            manufacturer="Sharp",
            model_name="MX-3570N",
            serial_number="6509415X00",
            location="2. patro",
            department=department,
            purchase_date=dt.date(2024, 3, 1),
            purchase_price=Decimal("84500.00"),
            warranty_until=dt.date(2026, 3, 1),
            vendor=vendor,
            contract_number="SM-2024-118",
            response_hours=8,
            contract_until=dt.date(2027, 3, 1),
        )
    assert asset.status == AssetStatus.IN_SERVICE
    entry = AuditEntry.objects.get(object_id=str(asset.pk), content_type__model="asset")
    assert entry.action == "create" and entry.actor == actor
    assert entry.after["serial_number"] == "6509415X00"


def test_duplicate_serial_is_refused_by_field_whatever_the_case_and_nothing_is_written():
    make_asset(serial_number="AB123")
    with pytest.raises(InvalidInput) as caught:
        make_asset(serial_number=" ab123 ")
    assert "serial_number" in caught.value.fields
    assert Asset.objects.count() == 1


def test_changing_to_another_assets_serial_is_refused():
    make_asset(serial_number="ONE")
    second = make_asset(serial_number="TWO")
    with pytest.raises(InvalidInput) as caught:
        services.asset_update(actor=None, asset=second, serial_number="one")
    assert "serial_number" in caught.value.fields
    second.refresh_from_db()
    assert second.serial_number == "TWO"


def test_negative_price_and_unknown_fields_are_refused():
    with pytest.raises(InvalidInput) as caught:
        make_asset(purchase_price=Decimal("-1"))
    assert "purchase_price" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        make_asset(search_text="x")
    assert "search_text" in caught.value.fields
    assert Asset.objects.count() == 0


def test_an_employee_may_not_register_assets():
    with pytest.raises(NotAllowed):
        services.asset_create(
            actor=make_user(EMPLOYEE), category="printer", manufacturer="HP", model_name="M404", serial_number="X1"
        )


def test_archiving_an_asset_with_open_requests_is_refused():
    asset = make_asset()
    services.request_report(actor=make_user(EMPLOYEE), asset=asset, description="Nejde to.")
    with pytest.raises(InvalidInput):
        services.asset_archive(actor=None, asset=asset)
    asset.refresh_from_db()
    assert asset.archived_at is None


def test_api_creates_lists_searches_and_sorts(api_for):
    api = api_for(BACK_OFFICE)
    vendor = make_vendor()
    response = api.post(
        f"{API}/assets",
        {
            "category": "copier",
            "manufacturer": "Xerox",
            "model_name": "AltaLink C8045",
            "serial_number": "XRX-1",
            "vendor_id": vendor.pk,
            "contract_number": "C-7",
            "response_hours": 4,
            "ip_address": "192.0.2.10",
            "snmp_version": "2c",
            "snmp_community": "tajne",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["vendor_id"] == vendor.pk and body["ip_address"] == "192.0.2.10"
    assert "snmp_community" not in body  # credentials never leave
    make_asset(manufacturer="Brother", location="Sklad Žižkov")
    found = api.get(f"{API}/assets?q=zizkov").json()
    assert [row["location"] for row in found["items"]] == ["Sklad Žižkov"]
    ordered = api.get(f"{API}/assets?ordering=-name").json()["items"]
    assert [row["manufacturer"] for row in ordered] == ["Xerox", "Brother"]
    assert api.get(f"{API}/assets?status=retired").json()["count"] == 0


def test_api_bad_input_is_422_by_field_never_500(api_for):
    api = api_for(BACK_OFFICE)
    make_asset(serial_number="DUP")
    cases = [
        ({"category": "printer", "manufacturer": "HP", "model_name": "M", "serial_number": "dup"}, "serial_number"),
        ({"category": "toaster", "manufacturer": "HP", "model_name": "M", "serial_number": "N1"}, "category"),
        ({"category": "printer", "manufacturer": "HP", "model_name": "M", "serial_number": ""}, "serial_number"),
        (
            {
                "category": "printer",
                "manufacturer": "HP",
                "model_name": "M",
                "serial_number": "N2",
                "ip_address": "1.2",
            },
            "ip_address",
        ),
        (
            {"category": "printer", "manufacturer": "HP", "model_name": "M", "serial_number": "N3", "vendor_id": 999},
            "vendor_id",
        ),
        (
            {"category": "printer", "manufacturer": "HP", "model_name": "M", "serial_number": "N4", "assignee_id": 99},
            "assignee_id",
        ),
        (
            {
                "category": "printer",
                "manufacturer": "HP",
                "model_name": "M",
                "serial_number": "N5",
                "purchase_price": -5,
            },
            "purchase_price",
        ),
    ]
    for payload, field in cases:
        response = api.post(f"{API}/assets", payload, content_type="application/json")
        assert response.status_code == 422, (payload, response.content)
        assert field in response.json()["fields"], (payload, response.json())
    assert Asset.objects.count() == 1
    assert api.get(f"{API}/assets?ordering=nonsense").status_code == 422


def test_api_patch_and_archive(api_for):
    api = api_for(BACK_OFFICE)
    asset = make_asset()
    response = api.patch(f"{API}/assets/{asset.pk}", {"location": "Sklad"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["location"] == "Sklad"
    history = api.get(f"{API}/assets/{asset.pk}/history").json()
    assert [h["action"] for h in history][:2] == ["update", "create"]
    assert api.delete(f"{API}/assets/{asset.pk}").json()["archived"] is True
    assert api.get(f"{API}/assets").json()["count"] == 0
    assert api.get(f"{API}/assets?archived=true").json()["count"] == 1


def test_an_employee_sees_only_the_machines_assigned_to_them(api_for):
    user = make_user(EMPLOYEE)
    mine = make_asset(assignee=user.employee)
    make_asset()
    rows = api_for(user).get(f"{API}/assets").json()["items"]
    assert [row["id"] for row in rows] == [mine.pk]


def test_list_pages_and_history_tab(client_for):
    client = client_for(BACK_OFFICE)
    asset = make_asset(manufacturer="Kyocera", model_name="ECOSYS P2235dn")
    services.asset_update(actor=None, asset=asset, location="Vedení", reason="stěhování")
    page = client.get("/equipment/?q=kyocera&ordering=location")
    assert page.status_code == 200 and b"ECOSYS P2235dn" in page.content
    partial = client.get("/equipment/?q=kyocera", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"ECOSYS" in partial.content
    history = client.get(f"/equipment/{asset.pk}/?tab=history")
    assert history.status_code == 200 and "stěhování" in history.content.decode()
    assert client_for(TECHNICIAN).get(f"/equipment/{asset.pk}/?tab=history").status_code == 200
    assert client_for(EMPLOYEE).get(f"/equipment/{asset.pk}/?tab=history").status_code == 404


def test_the_form_shows_a_duplicate_serial_next_to_the_field(client_for):
    make_asset(serial_number="SAME-1")
    response = client_for(BACK_OFFICE).post(
        "/equipment/new/",
        {
            "category": "printer",
            "manufacturer": "HP",
            "model_name": "M404",
            "serial_number": "same-1",
            "status": "in_service",
            "snmp_port": 161,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["serial_number"] == ["An asset with this serial number is already registered."]
    assert Asset.objects.count() == 1


def test_employee_may_assign_a_department_and_person():
    person = make_employee()
    asset = make_asset(assignee=person, department=make_department())
    assert asset.assignee == person


def test_list_query_count_does_not_grow_with_rows(api_for, client_for):
    api = api_for(BACK_OFFICE)
    client = client_for(BACK_OFFICE)
    vendor = make_vendor()
    for _ in range(3):
        make_asset(vendor=vendor, assignee=make_employee(), department=make_department())
    api.get(f"{API}/assets")
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{API}/assets").status_code == 200
    with CaptureQueriesContext(connection) as few_page:
        assert client.get("/equipment/").status_code == 200
    for _ in range(20):
        make_asset(vendor=vendor, assignee=make_employee(), department=make_department())
    with CaptureQueriesContext(connection) as many:
        api.get(f"{API}/assets")
    with CaptureQueriesContext(connection) as many_page:
        client.get("/equipment/")
    assert len(many) == len(few)
    assert len(many_page) == len(few_page)
