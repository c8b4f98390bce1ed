"""Packs (a box of 10 pens = 10 pcs), reorder rules per location, hand-made orders, the order PDF's header."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from backoffice.core.errors import Conflict, InvalidInput
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.supplies import planning, services
from backoffice.supplies.choices import MovementKind, OrderStatus, ReorderMethod
from backoffice.supplies.documents import order_pdf
from backoffice.supplies.models import ItemPack, PurchaseOrder, PurchaseOrderLine, ReorderRule, StockLevel
from tests.builders import make_user
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = pytest.mark.django_db


# --- packs ------------------------------------------------------------------------------------------


def test_a_pack_converts_receipts_issues_counts_and_order_lines_to_base_units():
    pens = make_item(sku="PERO")
    box = services.item_pack_create(actor=None, item=pens, name="krabička", quantity="10", ean="8594000000020")
    shelf = make_location()
    services.stock_receive(actor=None, item=pens, location=shelf, quantity="3", pack=box)
    assert StockLevel.objects.get(item=pens).on_hand == 30
    services.stock_issue(actor=None, item=pens, location=shelf, quantity="1", pack=box)
    assert StockLevel.objects.get(item=pens).on_hand == 20
    count = services.stock_count_open(actor=None, location=shelf)
    assert services.stock_count_record(actor=None, count=count, item=pens, counted="1.5", pack=box).counted == 15
    supplier = make_supplier()
    order = services.purchase_order_create(
        actor=None,
        supplier=supplier,
        location=shelf,
        lines=[{"item": pens, "quantity": "4", "pack": box, "unit_price": "12.50"}],
    )
    assert order.lines.get().quantity == 40


def test_bad_packs_are_refused_with_the_field_named():
    pens, paper = make_item(sku="PERO"), make_item(sku="PAPIR")
    services.item_pack_create(actor=None, item=pens, name="krabička", quantity="10", ean="8594000000020")
    cases = [
        ({"name": "", "quantity": "10"}, "name"),
        ({"name": "karton", "quantity": "0"}, "quantity"),
        ({"name": "karton", "quantity": "-5"}, "quantity"),
        ({"name": "karton", "quantity": "deset"}, "quantity"),
        ({"name": "Krabička", "quantity": "12"}, "name"),  # the same name, other case
        ({"name": "ks", "quantity": "12"}, "name"),  # the item's own unit
        ({"name": "karton", "quantity": "100", "ean": "8594000000020"}, "ean"),  # used by another pack
        ({"name": "karton", "quantity": "100", "ean": "8594000000021"}, "ean"),  # wrong check digit
    ]
    for values, field in cases:
        with pytest.raises(InvalidInput) as caught:
            services.item_pack_create(actor=None, item=pens, **values)
        assert field in caught.value.fields, values
    assert ItemPack.objects.count() == 1
    box = ItemPack.objects.get()
    with pytest.raises(InvalidInput) as caught:
        services.stock_receive(actor=None, item=paper, location=make_location(), quantity="1", pack=box)
    assert "pack" in caught.value.fields and not StockLevel.objects.exists()


def test_the_count_page_takes_a_packs_barcode_and_counts_in_packs(client):
    pens = make_item(sku="PERO", name="Pero")
    services.item_pack_create(actor=None, item=pens, name="krabička", quantity="10", ean="8594000000020")
    shelf = make_location()
    stock(pens, shelf, 25)
    count = services.stock_count_open(actor=None, location=shelf)
    client.force_login(make_user(BACK_OFFICE))
    response = client.post(f"/supplies/counts/{count.pk}/", {"code": "8594000000020", "counted": "2"}, follow=True)
    assert "counted in packs" in response.content.decode()
    assert count.lines.get().counted == 20


def test_the_item_page_adds_and_removes_packs_and_an_employee_cannot(client):
    pens = make_item(sku="PERO")
    client.force_login(make_user(EMPLOYEE))
    assert client.post(f"/supplies/items/{pens.pk}/packs/new/", {"name": "box", "quantity": "10"}).status_code == 403
    client.force_login(make_user(BACK_OFFICE))
    bad = client.post(f"/supplies/items/{pens.pk}/packs/new/", {"name": "box", "quantity": "0"})
    assert bad.status_code == 200 and "The quantity must be more than zero." in bad.content.decode()
    assert client.post(f"/supplies/items/{pens.pk}/packs/new/", {"name": "box", "quantity": "10"}).status_code == 302
    page = client.get(f"/supplies/items/{pens.pk}/").content.decode()
    assert "box" in page and "10 ks" in page
    pack = ItemPack.objects.get()
    assert client.post(f"/supplies/items/{pens.pk}/packs/{pack.pk}/delete/").status_code == 302
    assert not ItemPack.objects.exists()


def test_the_movement_page_books_packs_and_refuses_them_for_an_adjustment(client):
    pens = make_item(sku="PERO")
    box = services.item_pack_create(actor=None, item=pens, name="box", quantity="10")
    shelf = make_location()
    client.force_login(make_user(BACK_OFFICE))
    base = {"item": pens.pk, "quantity": "2", "pack": box.pk, "to_location": shelf.pk, "reason": ""}
    assert client.post("/supplies/stock/movements/new/", {**base, "kind": MovementKind.RECEIPT}).status_code == 302
    assert StockLevel.objects.get().on_hand == 20
    refused = client.post("/supplies/stock/movements/new/", {**base, "kind": MovementKind.ADJUSTMENT, "reason": "x"})
    assert refused.status_code == 200 and "item&#x27;s unit" in refused.content.decode()
    assert StockLevel.objects.get().on_hand == 20


def test_the_api_manages_packs_and_books_in_packs(api_for):
    pens = make_item(sku="PERO")
    shelf = make_location()
    api = api_for(BACK_OFFICE)
    created = api.post(
        f"/api/v1/supplies/items/{pens.pk}/packs", {"name": "box", "quantity": "10"}, content_type="application/json"
    )
    assert created.status_code == 201 and Decimal(created.json()["quantity"]) == 10
    pack_id = created.json()["id"]
    moved = api.post(
        "/api/v1/supplies/movements",
        {"kind": "receipt", "item_id": pens.pk, "quantity": "3", "to_location_id": shelf.pk, "pack_id": pack_id},
        content_type="application/json",
    )
    assert moved.status_code == 201 and Decimal(moved.json()["quantity"]) == 30
    other = make_item(sku="JINE")
    wrong = api.post(
        "/api/v1/supplies/movements",
        {"kind": "receipt", "item_id": other.pk, "quantity": "3", "to_location_id": shelf.pk, "pack_id": pack_id},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "pack_id" in wrong.json()["fields"]
    assert [p["name"] for p in api.get(f"/api/v1/supplies/items/{pens.pk}/packs").json()] == ["box"]
    assert api_for(EMPLOYEE).delete(f"/api/v1/supplies/items/{pens.pk}/packs/{pack_id}").status_code == 403
    assert api.delete(f"/api/v1/supplies/items/{pens.pk}/packs/{pack_id}").status_code == 200
    assert not ItemPack.objects.exists()


# --- reorder rules per location ---------------------------------------------------------------------


def _manual(item, location, low, high):
    return services.reorder_rule_set(
        actor=None,
        item=item,
        location=location,
        method=ReorderMethod.MANUAL,
        min_quantity=Decimal(low),
        max_quantity=Decimal(high),
    )


def test_a_rule_per_location_plans_that_locations_stock_and_the_rest_separately():
    supplier = make_supplier()
    coffee = make_item(sku="KAVA", preferred_supplier=supplier)
    make_offer(supplier, coffee, price="400.00")
    kitchen, store = make_location(code="KUCH"), make_location(code="SKLAD")
    stock(coffee, kitchen, 2)
    stock(coffee, store, 50)
    _manual(coffee, kitchen, "5", "10")
    _manual(coffee, None, "10", "60")
    found = {s.location.code if s.location else None: s for s in planning.suggestions(all_items=True)}
    assert found["KUCH"].on_hand == 2 and found["KUCH"].quantity == 8  # the store's 50 do not help the kitchen
    assert str(kitchen) in found["KUCH"].explanation()
    assert found[None].on_hand == 50 and found[None].quantity == 0
    orders = services.orders_from_suggestions(actor=None, location=store)
    assert [(o.location.code, o.lines.get().quantity) for o in orders] == [("KUCH", Decimal("8"))]
    again = {s.location.code if s.location else None: s for s in planning.suggestions(all_items=True)}
    assert again["KUCH"].on_order == 8 and again["KUCH"].quantity == 0


def test_an_automatic_rule_per_location_uses_only_that_locations_issues():
    item = make_item(sku="MLEKO")
    kitchen, office = make_location(code="KUCH"), make_location(code="KANC")
    stock(item, kitchen, 100)
    stock(item, office, 100)
    yesterday = timezone.now() - dt.timedelta(days=1)  # today is not yet a whole day of use
    for _ in range(10):
        services._move(kind=MovementKind.ISSUE, item=item, quantity="3", from_location=kitchen, occurred_at=yesterday)
    services._move(kind=MovementKind.ISSUE, item=item, quantity="1", from_location=office, occurred_at=yesterday)
    services.reorder_rule_set(actor=None, item=item, location=kitchen, method=ReorderMethod.AUTOMATIC)
    services.reorder_rule_set(actor=None, item=item, location=None, method=ReorderMethod.AUTOMATIC)
    found = {s.location.code if s.location else None: s for s in planning.suggestions(all_items=True)}
    assert found["KUCH"].average_daily == pytest.approx(30 / 90)
    assert found[None].average_daily == pytest.approx(1 / 90)
    assert found["KUCH"].on_hand == 70 and found[None].on_hand == 99


def test_rules_update_in_place_per_location_and_bad_values_are_refused():
    item = make_item()
    shelf = make_location()
    first = _manual(item, shelf, "1", "5")
    assert _manual(item, shelf, "2", "6").pk == first.pk and ReorderRule.objects.count() == 1
    assert _manual(item, None, "2", "6").pk != first.pk and ReorderRule.objects.count() == 2
    for values, field in [
        ({"method": "manual", "min_quantity": "-1", "max_quantity": "5"}, "min_quantity"),
        ({"method": "manual", "min_quantity": "x", "max_quantity": "5"}, "min_quantity"),
        ({"method": "sometimes"}, "method"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            services.reorder_rule_set(actor=None, item=item, location=shelf, **values)
        assert field in caught.value.fields
    with pytest.raises(InvalidInput):
        services.reorder_rule_set(actor=None, item=item, location=shelf, method="manual", min_quantity="9")
    assert ReorderRule.objects.get(location=shelf).min_quantity == 2


def test_the_rule_page_sets_a_rule_for_a_location(client):
    item = make_item(sku="KAVA")
    kitchen = make_location(code="KUCH")
    client.force_login(make_user(BACK_OFFICE))
    values = {"location": kitchen.pk, "method": "manual", "lookback_days": 90, "review_days": 14}
    bad = client.post(f"/supplies/items/{item.pk}/reorder-rule/", {**values, "service_level": "0.95"})
    assert (
        bad.status_code == 200 and "minimum and a maximum" in bad.content.decode() and not ReorderRule.objects.exists()
    )
    good = {**values, "service_level": "0.95", "min_quantity": "5", "max_quantity": "15"}
    assert client.post(f"/supplies/items/{item.pk}/reorder-rule/", good).status_code == 302
    rule = ReorderRule.objects.get()
    assert rule.location == kitchen and rule.max_quantity == 15
    assert rule.location.room in client.get(f"/supplies/items/{item.pk}/").content.decode()
    assert client.post(f"/supplies/items/{item.pk}/reorder-rules/{rule.pk}/delete/").status_code == 302
    assert not ReorderRule.objects.exists()


def test_the_rule_api_takes_a_location_and_refuses_an_unknown_one(api_for):
    item = make_item()
    shelf = make_location()
    api = api_for(BACK_OFFICE)
    url = f"/api/v1/supplies/items/{item.pk}/reorder-rule"
    body = {"method": "manual", "min_quantity": "1", "max_quantity": "3"}
    answer = api.put(url, {**body, "location_id": shelf.pk}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["location_id"] == shelf.pk
    assert api.put(url, {**body, "location_id": 999999}, content_type="application/json").status_code == 422
    listed = api.get(f"/api/v1/supplies/items/{item.pk}/reorder-rules").json()
    assert [r["location_id"] for r in listed] == [shelf.pk]
    assert api_for(EMPLOYEE).get(f"/api/v1/supplies/items/{item.pk}/reorder-rules").status_code == 403


# --- purchase orders by hand -------------------------------------------------------------------------


def _order_form(supplier, location, *lines):
    data = {
        "supplier": supplier.pk,
        "location": location.pk,
        "language": "cs",
        "note": "",
        "lines-TOTAL_FORMS": str(max(len(lines), 3)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
    }
    for n in range(max(len(lines), 3)):
        line = lines[n] if n < len(lines) else {}
        data.update({f"lines-{n}-{key}": value for key, value in line.items()})
        data.setdefault(f"lines-{n}-vat_rate", "21")
    return data


def test_the_order_page_creates_a_draft_with_lines_skipping_empty_ones(client):
    supplier = make_supplier()
    paper, pens = make_item(sku="PAPIR"), make_item(sku="PERO")
    make_offer(supplier, paper, price="109.00")
    box = services.item_pack_create(actor=None, item=pens, name="box", quantity="10")
    shelf = make_location()
    client.force_login(make_user(BACK_OFFICE))
    assert client.get("/supplies/orders/new/").status_code == 200
    response = client.post(
        "/supplies/orders/new/",
        _order_form(
            supplier,
            shelf,
            {"item": paper.pk, "quantity": "5"},
            {},
            {"item": pens.pk, "quantity": "2", "pack": box.pk, "unit_price": "12,50", "vat_rate": "12"},
        ),
    )
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supplies/orders/{order.pk}/"
    assert order.status == OrderStatus.DRAFT and order.created_by is not None
    assert [(line.item.sku, line.quantity, line.unit_price, line.vat_rate) for line in order.lines.all()] == [
        ("PAPIR", Decimal("5"), Decimal("109.00"), "21"),
        ("PERO", Decimal("20"), Decimal("12.50"), "12"),
    ]


def test_a_bad_line_on_the_order_page_writes_nothing_and_is_named(client):
    supplier = make_supplier()
    paper, pens = make_item(sku="PAPIR"), make_item(sku="PERO")
    shelf = make_location()
    client.force_login(make_user(BACK_OFFICE))
    cases = [
        ({"item": paper.pk, "quantity": "5"}, {"item": pens.pk, "quantity": "-2"}),
        ({"item": paper.pk, "quantity": "5"}, {"item": pens.pk, "quantity": "2", "unit_price": "levně"}),
        ({"item": paper.pk, "quantity": "5"}, {"quantity": "2"}),
        (),
    ]
    for lines in cases:
        response = client.post("/supplies/orders/new/", _order_form(supplier, shelf, *lines))
        assert response.status_code == 200, lines
        assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not PurchaseOrder.objects.exists() and not PurchaseOrderLine.objects.exists()
    response = client.post("/supplies/orders/new/", _order_form(supplier, shelf, *cases[0]))
    assert "Line 2: The quantity must be more than zero." in response.content.decode()


def test_an_employee_cannot_open_the_order_page(client):
    client.force_login(make_user(EMPLOYEE))
    assert client.get("/supplies/orders/new/").status_code == 403
    assert client.post("/supplies/orders/new/", {}).status_code == 403


# --- the order PDF and status messages ----------------------------------------------------------------


def test_the_order_pdf_prints_the_companys_address_ico_and_dic(settings):
    settings.COMPANY_NAME = "Kancelář Plus s.r.o."
    settings.COMPANY_ADDRESS = "Vodičkova 1, 110 00 Praha 1"
    settings.COMPANY_ICO = "27074358"
    settings.COMPANY_DIC = "CZ27074358"
    order = services.purchase_order_create(
        actor=None, supplier=make_supplier(), location=make_location(), lines=[{"item": make_item(), "quantity": "1"}]
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(order_pdf(order))).pages)
    assert "Kancelář Plus s.r.o." in text and "Vodičkova 1, 110 00 Praha 1" in text
    assert "27074358" in text and "CZ27074358" in text
    order.language = "en"
    english = "".join(page.extract_text() for page in PdfReader(io.BytesIO(order_pdf(order))).pages)
    assert "CZ27074358" in english and "Purchase order" in english


def test_a_status_conflict_is_one_whole_sentence_per_status():
    order = services.purchase_order_create(
        actor=None, supplier=make_supplier(), location=make_location(), lines=[{"item": make_item(), "quantity": "1"}]
    )
    with pytest.raises(Conflict) as caught:
        services.purchase_order_send(actor=None, order=order)
    assert caught.value.message == f"The order {order.number} is still a draft; this cannot be done now."
    services.purchase_order_cancel(actor=None, order=order)
    with pytest.raises(Conflict) as caught:
        services.purchase_order_submit(actor=None, order=order)
    assert caught.value.message == f"The order {order.number} was cancelled; this cannot be done now."
