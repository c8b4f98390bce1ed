"""Supplies pages: forms show service errors by the field, history, self-service, count entry, orders, usage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.supplies import services
from backoffice.supplies.choices import MovementKind, OrderStatus
from backoffice.supplies.models import StockLevel, StockMovement, Supplier, SupplyRequest
from tests.builders import make_department, make_user
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = pytest.mark.django_db


def test_a_bad_ico_shows_next_to_the_field_and_nothing_is_saved(client_for):
    client = client_for(BACK_OFFICE)
    response = client.post(
        "/supplies/suppliers/new/",
        {"name": "Pochybná", "ico": "12345678", "lead_time_days": "3", "min_order_value": "0"},
    )
    assert response.status_code == 200
    assert "is not a valid IČO" in response.context["form"].errors["ico"][0]
    assert not Supplier.objects.exists()


def test_item_history_tab_shows_who_changed_what(client_for):
    client = client_for(BACK_OFFICE)
    item = make_item(name="Papír")
    services.item_update(actor=None, item=item, name="Papír A4")
    page = client.get(f"/supplies/items/{item.pk}/?tab=history").content.decode()
    assert "Papír A4" in page and "<del>Papír</del>" in page


def test_an_employee_asks_for_supplies_from_the_short_form(client_for):
    client = client_for(EMPLOYEE)
    item = make_item(name="Bloček")
    response = client.post("/supplies/requests/new/", {"item": item.pk, "quantity": "0", "note": ""})
    assert response.status_code == 200 and "quantity" in response.context["form"].errors
    response = client.post("/supplies/requests/new/", {"item": item.pk, "quantity": "3", "note": "Na poradu"})
    assert response.status_code == 302
    assert SupplyRequest.objects.get().quantity == 3
    assert "Bloček" in client.get("/supplies/requests/").content.decode()


def test_issuing_more_than_there_is_from_the_movement_form_names_the_quantity(client_for):
    client = client_for(BACK_OFFICE)
    item, shelf = make_item(), make_location()
    stock(item, shelf, 1)
    response = client.post(
        "/supplies/stock/movements/new/", {"kind": "issue", "item": item.pk, "quantity": "2", "from_location": shelf.pk}
    )
    assert response.status_code == 200
    assert "Only 1 ks in stock here." in response.context["form"].errors["quantity"]
    missing = client.post("/supplies/stock/movements/new/", {"kind": "issue", "item": item.pk, "quantity": "1"})
    assert "from_location" in missing.context["form"].errors


def test_the_count_entry_page_takes_a_scanned_barcode(client_for):
    client = client_for(BACK_OFFICE)
    item, shelf = make_item(sku="PERO", ean="8594001234561"), make_location()
    stock(item, shelf, 4)
    count = services.stock_count_open(actor=None, location=shelf)
    unknown = client.post(f"/supplies/counts/{count.pk}/", {"code": "0000", "counted": "1"})
    assert "No item has the SKU or barcode 0000." in unknown.context["form"].errors["code"]
    assert client.post(f"/supplies/counts/{count.pk}/", {"code": "8594001234561", "counted": "3"}).status_code == 302
    sheet = client.get(f"/supplies/counts/{count.pk}/sheet/")
    assert sheet["Content-Type"] == "application/pdf"
    client.post(f"/supplies/counts/{count.pk}/post/", {"reason": "Inventura"})
    assert StockLevel.objects.get(item=item).on_hand == 3


def test_the_order_pages_submit_send_and_receive(client_for, settings):
    settings.SUPPLIES_APPROVAL_LIMIT = 100000
    client = client_for(BACK_OFFICE)
    supplier, item, shelf = make_supplier(), make_item(), make_location()
    make_offer(supplier, item, price="50")
    order = services.purchase_order_create(
        actor=None, supplier=supplier, location=shelf, lines=[{"item": item, "quantity": "4"}]
    )
    client.post(f"/supplies/orders/{order.pk}/submit/")
    client.post(f"/supplies/orders/{order.pk}/send/")
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    line = order.lines.get()
    too_many = client.post(f"/supplies/orders/{order.pk}/receive/", {f"line-{line.pk}": "5"}, follow=True)
    assert "More than ordered" in too_many.content.decode()
    client.post(f"/supplies/orders/{order.pk}/receive/", {f"line-{line.pk}": "3"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_RECEIVED and StockLevel.objects.get().on_hand == 3
    assert client.get(f"/supplies/orders/{order.pk}/pdf/")["Content-Type"] == "application/pdf"


def test_usage_per_month_and_department_with_a_chart_and_no_inline_script(client_for, api_for):
    department = make_department(name="Účtárna")
    item, shelf = make_item(), make_location()
    stock(item, shelf, 100)
    services.stock_issue(actor=None, item=item, location=shelf, quantity="10", department=department)
    StockMovement.objects.filter(kind=MovementKind.RECEIPT).update(unit_cost=Decimal("2.50"))
    StockMovement.objects.filter(kind=MovementKind.ISSUE).update(unit_cost=Decimal("2.50"))
    page = client_for(TECHNICIAN).get("/supplies/usage/").content.decode()
    assert 'id="usage-monthly" type="application/json"' in page and "chart.umd.min.js" in page
    assert "<script>" not in page
    data = api_for(BACK_OFFICE).get("/api/v1/supplies/usage").json()
    this_month = timezone.localdate().replace(day=1)
    assert data["monthly"][-1] == {"month": str(this_month), "quantity": "10.000", "cost": "25.00"} or (
        Decimal(data["monthly"][-1]["quantity"]) == 10 and Decimal(data["monthly"][-1]["cost"]) == 25
    )
    assert data["departments"][0]["department"] == "Účtárna"
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    assert data["forecast"][0]["month"] == str(next_month) and Decimal(data["forecast"][0]["quantity"]) > 0


def test_my_work_page_lists_the_request(client_for):
    asker = make_user(EMPLOYEE)
    services.supply_request_create(actor=asker, item=make_item(name="Sešívačka"), quantity="1")
    assert "Sešívačka" in client_for(BACK_OFFICE).get("/").content.decode()
