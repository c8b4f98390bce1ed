"""/api/v1/supplies/: lists with a query count that does not grow; bad input answered by the field."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.supplies import services
from backoffice.supplies.models import Item, StockMovement, Supplier
from tests.builders import make_user
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = pytest.mark.django_db


def queries_for(client, path) -> int:
    client.get(path)  # warm-up: the token's "last used" stamp is written at most once a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200, response.content
    return len(captured)


def _data(n: int):
    shelf = make_location()
    supplier = make_supplier()
    asker = make_user(EMPLOYEE)
    for _ in range(n):
        item = make_item(preferred_supplier=supplier)
        make_offer(supplier, item)
        stock(item, shelf, 5)
        services.supply_request_create(actor=asker, item=item, quantity="1")
        services.purchase_order_create(
            actor=None, supplier=supplier, location=shelf, lines=[{"item": item, "quantity": "2"}]
        )
    services.stock_count_open(actor=None, location=shelf)


LISTS = ["items", "suppliers", "offers", "stock", "movements", "requests", "orders", "counts"]


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_page_size_or_data(api_for, name):
    client = api_for(BACK_OFFICE)
    _data(3)
    small = [queries_for(client, f"/api/v1/supplies/{name}?page_size={n}") for n in (1, 5)]
    _data(12)
    large = [queries_for(client, f"/api/v1/supplies/{name}?page_size={n}") for n in (10, 50, 200)]
    assert len(set(small + large)) == 1, (small, large)
    assert large[0] <= 5


def test_the_item_list_answers_each_item_as_its_detail_does_and_counts_current_ones(api_for):
    supplier = make_supplier()
    kept = [make_item("T-A", preferred_supplier=supplier, ean="8594001234561"), make_item("T-B"), make_item("T-C")]
    services.item_archive(actor=None, item=make_item("T-D"))
    client = api_for(EMPLOYEE)
    page = client.get("/api/v1/supplies/items?page_size=2").json()
    assert page["count"] == 3
    rest = client.get("/api/v1/supplies/items?page=2&page_size=2").json()["items"]
    assert page["items"] + rest == [client.get(f"/api/v1/supplies/items/{item.pk}").json() for item in kept]
    every = client.get("/api/v1/supplies/items?archived=all").json()
    assert every["count"] == 4
    assert [row["archived"] for row in every["items"]] == [False, False, False, True]
    assert client.get("/api/v1/supplies/items?page=0").status_code == 422


def test_item_search_ignores_diacritics_and_finds_barcodes(api_for):
    make_item(name="Šanon A4 páková mechanika")
    make_item(name="Pero", ean="8594001234561")
    client = api_for(EMPLOYEE)
    assert [i["name"] for i in client.get("/api/v1/supplies/items?q=SANON").json()["items"]] == [
        "Šanon A4 páková mechanika"
    ]
    assert [i["name"] for i in client.get("/api/v1/supplies/items?q=8594001234561").json()["items"]] == ["Pero"]


def test_an_employee_sees_only_their_own_requests(api_for):
    item = make_item()
    mine, theirs = make_user(EMPLOYEE), make_user(EMPLOYEE)
    services.supply_request_create(actor=theirs, item=item, quantity="1")
    client = api_for(mine)
    assert (
        client.post(
            "/api/v1/supplies/requests", data={"item_id": item.pk, "quantity": "3"}, content_type="application/json"
        ).status_code
        == 201
    )
    rows = client.get("/api/v1/supplies/requests").json()["items"]
    assert [r["requester_id"] for r in rows] == [mine.employee.pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "ico": "12345678"}, "ico"),
        ({"name": "X", "phone": "123"}, "phone"),
        ({"name": ""}, "name"),
        ({"name": "X", "lead_time_days": -1}, "lead_time_days"),
    ],
)
def test_bad_supplier_input_is_422_by_field_and_nothing_saved(api_for, payload, field):
    response = api_for(BACK_OFFICE).post("/api/v1/supplies/suppliers", data=payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["fields"], response.json()
    assert not Supplier.objects.exists()


def test_unknown_unit_and_duplicate_sku_are_422_by_field(api_for):
    client = api_for(BACK_OFFICE)
    make_item(sku="PAP-A4")
    bad_unit = client.post(
        "/api/v1/supplies/items", data={"sku": "NEW", "name": "N", "unit": "krabice"}, content_type="application/json"
    )
    assert bad_unit.status_code == 422 and "Unknown unit krabice." in bad_unit.json()["fields"]["unit"]
    duplicate = client.post(
        "/api/v1/supplies/items", data={"sku": "PAP-A4", "name": "N", "unit": "ks"}, content_type="application/json"
    )
    assert duplicate.status_code == 422 and "sku" in duplicate.json()["fields"]
    assert Item.objects.count() == 1


def test_issuing_more_than_on_hand_is_422_with_the_stock_named(api_for):
    item, shelf = make_item(name="Toner"), make_location()
    stock(item, shelf, 1)
    response = api_for(BACK_OFFICE).post(
        "/api/v1/supplies/movements",
        data={"kind": "issue", "item_id": item.pk, "quantity": "2", "from_location_id": shelf.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "insufficient_stock" and "Only 1 ks of Toner" in body["detail"]
    assert StockMovement.objects.count() == 1


def test_receiving_more_than_ordered_is_422_and_nothing_booked(api_for):
    item, shelf, supplier = make_item(), make_location(), make_supplier()
    order = services.purchase_order_create(
        actor=None,
        supplier=supplier,
        location=shelf,
        lines=[{"item": item, "quantity": "2", "unit_price": Decimal("5")}],
    )
    services.purchase_order_submit(actor=None, order=order)
    services.purchase_order_send(actor=None, order=order)
    line = order.lines.get()
    response = api_for(BACK_OFFICE).post(
        f"/api/v1/supplies/orders/{order.pk}/receive",
        data={"lines": {str(line.pk): "3"}},
        content_type="application/json",
    )
    assert response.status_code == 422 and f"lines.{line.pk}" in response.json()["fields"]
    assert not StockMovement.objects.exists()


def test_suggestions_explain_themselves(api_for):
    supplier = make_supplier()
    item = make_item(preferred_supplier=supplier)
    make_offer(supplier, item, price="5", pack_size=Decimal("10"))
    api = api_for(BACK_OFFICE)
    assert (
        api.put(
            f"/api/v1/supplies/items/{item.pk}/reorder-rule",
            data={"method": "manual", "min_quantity": "4", "max_quantity": "12"},
            content_type="application/json",
        ).status_code
        == 200
    )
    [row] = api.get("/api/v1/supplies/suggestions").json()
    assert Decimal(row["quantity"]) == 20 and "reorder at 4, order up to 12" in row["explanation"]
