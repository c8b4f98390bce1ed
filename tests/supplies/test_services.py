"""Supplies services: bad input named by field, requests, reorder suggestions, the order path, counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.mywork import work_for
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, OFFICE_MANAGER
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from backoffice.supplies import planning, services
from backoffice.supplies.choices import MovementKind, OrderStatus, ReorderMethod, RequestStatus
from backoffice.supplies.models import Item, StockLevel, StockMovement, Supplier
from backoffice.supplies.validators import ico_is_valid
from tests.builders import days, make_user
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock, unit

pytestmark = pytest.mark.django_db


def test_ico_checksum():
    assert ico_is_valid("27074358") and ico_is_valid("00006947")
    assert not ico_is_valid("27074359") and not ico_is_valid("1234567") and not ico_is_valid("abcdefgh")


def test_an_invalid_ico_is_refused_by_the_field_and_nothing_is_saved():
    with pytest.raises(InvalidInput) as caught:
        services.supplier_create(actor=None, name="Pochybná s.r.o.", ico="27074359")
    assert "ico" in caught.value.fields and "IČO" in caught.value.fields["ico"][0]
    assert not Supplier.objects.exists()


def test_a_duplicate_sku_names_the_field():
    make_item(sku="PAP-A4")
    with pytest.raises(InvalidInput) as caught:
        make_item(sku="pap-a4")
    assert caught.value.fields["sku"] == ["The SKU PAP-A4 is already used."]
    assert Item.objects.count() == 1


def test_a_wrong_ean_check_digit_is_refused():
    with pytest.raises(InvalidInput) as caught:
        make_item(ean="8594001234568")
    assert "ean" in caught.value.fields


def test_supplier_phone_is_found_by_the_front_desk_lookup():
    from backoffice.core.contacts import who_is

    make_supplier(name="TonerShop", phone="602 111 222")
    found = who_is("+420602111222", make_user(BACK_OFFICE))
    assert [c.name for c in found if c.kind == "supplier"] == ["TonerShop"]
    assert who_is("+420602111222", make_user(EMPLOYEE)) == [] or all(
        c.kind != "supplier" for c in who_is("+420602111222", make_user(EMPLOYEE))
    )


def test_a_request_is_on_my_work_and_the_requester_is_told_when_issued():
    clerk, asker = make_user(BACK_OFFICE), make_user(EMPLOYEE)
    item, shelf = make_item(name="Pero modré"), make_location()
    stock(item, shelf, 10)
    request = services.supply_request_create(actor=asker, item=item, quantity="2", note="Do zasedačky")
    assert any("Pero modré" in w.title for w in work_for(clerk))
    assert not any("Pero modré" in w.title for w in work_for(asker))
    services.supply_request_issue(actor=clerk, request=request, location=shelf)
    request.refresh_from_db()
    assert request.status == RequestStatus.ISSUED
    assert StockLevel.objects.get(item=item).on_hand == 8
    issue = StockMovement.objects.get(kind=MovementKind.ISSUE)
    assert issue.employee == asker.employee
    assert Notification.objects.filter(recipient=asker, title__contains="Pero modré").exists()
    with pytest.raises(Conflict):
        services.supply_request_issue(actor=clerk, request=request, location=shelf)


def test_an_employee_cannot_issue_stock():
    asker = make_user(EMPLOYEE)
    request = services.supply_request_create(actor=asker, item=make_item(), quantity="1")
    with pytest.raises(NotAllowed):
        services.supply_request_issue(actor=asker, request=request, location=make_location())


def _consume(item, location, per_day: int, days_back: int = 60):
    stock(item, location, per_day * days_back)
    now = timezone.now()
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                item=item,
                kind=MovementKind.ISSUE,
                quantity=per_day,
                from_location=location,
                occurred_at=now - dt.timedelta(days=d),
                occurred_on=(now - dt.timedelta(days=d)).date(),
            )
            for d in range(1, days_back + 1)
        ]
    )
    StockLevel.objects.filter(item=item, location=location).update(on_hand=0)


def test_automatic_suggestion_shows_its_numbers_and_rounds_to_packs():
    supplier = make_supplier(lead_time_days=5)
    item, shelf = make_item(sku="PAP-A4", name="Papír A4", preferred_supplier=supplier), make_location()
    make_offer(supplier, item, price="109.00", pack_size=Decimal("5"))
    _consume(item, shelf, per_day=2)
    [suggestion] = planning.suggestions()
    # 90-day window, 60 days used 2 a day: mean 1.333…; target = mean·(5+14) + safety.
    assert suggestion.quantity % 5 == 0 and suggestion.quantity >= suggestion.target
    assert suggestion.supplier == supplier
    text = suggestion.explanation()
    assert "1.33 a day" in text and "lead time 5 days" in text and "packs of 5" in text


def test_manual_rule_and_one_click_draft_orders_by_supplier():
    a, b = make_supplier(name="A"), make_supplier(name="B")
    x, y = make_item(preferred_supplier=a), make_item(preferred_supplier=b)
    make_offer(a, x, price="10"), make_offer(b, y, price="20", min_quantity=Decimal("12"))
    for item in (x, y):
        services.reorder_rule_set(
            actor=None, item=item, method=ReorderMethod.MANUAL, min_quantity=Decimal("2"), max_quantity=Decimal("6")
        )
    orders = services.orders_from_suggestions(actor=None, location=make_location())
    assert sorted(o.supplier.name for o in orders) == ["A", "B"]
    assert {o.status for o in orders} == {OrderStatus.DRAFT}
    assert [line.quantity for line in orders[1].lines.all()] in ([Decimal("12")], [Decimal("6")])
    assert planning.suggestions() == []  # now on order


def test_a_manual_rule_with_max_below_min_is_refused():
    with pytest.raises(InvalidInput):
        services.reorder_rule_set(
            actor=None,
            item=make_item(),
            method=ReorderMethod.MANUAL,
            min_quantity=Decimal("5"),
            max_quantity=Decimal("2"),
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_order_path_approval_pdf_mail_and_receiving_with_a_backorder(smtp_server, settings):
    settings.SUPPLIES_APPROVAL_LIMIT = 1000
    clerk, manager = make_user(BACK_OFFICE), make_user(OFFICE_MANAGER)
    supplier = make_supplier(name="Papírnictví Žluťoučký kůň", order_email="objednavky@kun.cz")
    item, shelf = make_item(name="Papír A4 80 g/m²"), make_location()
    make_offer(supplier, item, price="109.00")
    order = services.purchase_order_create(
        actor=clerk, supplier=supplier, location=shelf, lines=[{"item": item, "quantity": "20", "vat_rate": "21"}]
    )
    totals = services.order_totals(order)
    assert totals["net"] == Decimal("2180.00") and totals["gross"] == Decimal("2637.80")
    services.purchase_order_submit(actor=clerk, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_APPROVAL
    assert any(order.number in w.title for w in work_for(manager))
    with pytest.raises(NotAllowed):
        services.purchase_order_approve(actor=clerk, order=order)
    services.purchase_order_approve(actor=manager, order=order)
    services.purchase_order_send(actor=clerk, order=order)
    [mail] = [m for m in smtp_server.messages if m["To"] == "objednavky@kun.cz"]
    assert order.number in mail["Subject"]
    [pdf] = [part for part in mail.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content().startswith(b"%PDF")
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT and order.expected_on is not None
    assert any("Delivery expected" in w.title for w in work_for(clerk))
    line = order.lines.get()
    with pytest.raises(InvalidInput) as caught:
        services.purchase_order_receive(actor=clerk, order=order, quantities={line.pk: "21"})
    assert f"lines.{line.pk}" in caught.value.fields and "at most 20" in caught.value.fields[f"lines.{line.pk}"][0]
    assert not StockLevel.objects.exists()
    services.purchase_order_receive(actor=clerk, order=order, quantities={line.pk: "15"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_RECEIVED
    assert StockLevel.objects.get(item=item).on_hand == 15
    services.purchase_order_receive(actor=clerk, order=order, quantities={line.pk: "5"})
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    assert OutboxMessage.objects.get(to=["objednavky@kun.cz"]).status == OutboxMessage.Status.SENT


def test_approving_ones_own_order_is_refused(settings):
    settings.SUPPLIES_APPROVAL_LIMIT = 0
    manager = make_user(OFFICE_MANAGER)
    order = services.purchase_order_create(
        actor=manager,
        supplier=make_supplier(),
        location=make_location(),
        lines=[{"item": make_item(), "quantity": "1", "unit_price": "10"}],
    )
    services.purchase_order_submit(actor=manager, order=order)
    with pytest.raises(NotAllowed) as caught:
        services.purchase_order_approve(actor=manager, order=order)
    assert "yourself" in caught.value.message


def test_the_substitute_approves_while_the_office_manager_is_away(settings):
    settings.SUPPLIES_APPROVAL_LIMIT = 0
    manager, cover, clerk = make_user(OFFICE_MANAGER), make_user(EMPLOYEE), make_user(BACK_OFFICE)
    people.absence_record(
        actor=None, employee=manager.employee, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(5)
    )
    people.substitution_create(
        actor=None,
        absent=manager.employee,
        substitute=cover.employee,
        area=Area.SUPPLIES,
        start_date=days(0),
        end_date=days(5),
    )
    order = services.purchase_order_create(
        actor=clerk,
        supplier=make_supplier(),
        location=make_location(),
        lines=[{"item": make_item(), "quantity": "1", "unit_price": "10"}],
    )
    services.purchase_order_submit(actor=clerk, order=order)
    assert [w.on_behalf_of for w in work_for(cover) if order.number in w.title] == [manager.employee.full_name]
    assert Notification.objects.filter(recipient=cover, title__contains=order.number).exists()
    with pytest.raises(NotAllowed):
        services.purchase_order_approve(actor=manager, order=order)
    services.purchase_order_approve(actor=cover, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED


def test_an_order_without_lines_or_with_a_zero_line_writes_nothing():
    supplier, shelf, item = make_supplier(), make_location(), make_item()
    with pytest.raises(InvalidInput) as caught:
        services.purchase_order_create(actor=None, supplier=supplier, location=shelf, lines=[])
    assert "lines" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.purchase_order_create(
            actor=None,
            supplier=supplier,
            location=shelf,
            lines=[{"item": item, "quantity": "5"}, {"item": item, "quantity": "0"}],
        )
    assert "lines.2.quantity" in caught.value.fields and "Line 2" in caught.value.message
    from backoffice.supplies.models import PurchaseOrder

    assert not PurchaseOrder.objects.exists()


def test_a_count_compares_with_what_was_expected_when_it_opened():
    item, shelf = make_item(sku="PERO"), make_location()
    stock(item, shelf, 10)
    count = services.stock_count_open(actor=None, location=shelf)
    services.stock_issue(actor=None, item=item, location=shelf, quantity="3")  # during the count
    services.stock_count_record(actor=None, count=count, item=item, counted="9")  # one was missing before
    with pytest.raises(InvalidInput):
        services.stock_count_post(actor=None, count=count, reason="")
    services.stock_count_post(actor=None, count=count, reason="Roční inventura")
    assert StockLevel.objects.get(item=item).on_hand == 6  # 10 − 3 issued − 1 missing
    adjustment = StockMovement.objects.get(kind=MovementKind.ADJUSTMENT)
    assert adjustment.quantity == 1 and adjustment.from_location == shelf and adjustment.reason == "Roční inventura"


def test_count_sheet_and_order_pdf_render_czech_letters():
    from fpdf import FPDF  # noqa: F401

    from backoffice.supplies.documents import count_sheet_pdf, order_pdf

    item, shelf = make_item(name="Žluťoučký kůň úpěl ďábelské ódy", unit=unit("ks")), make_location()
    stock(item, shelf, 1)
    count = services.stock_count_open(actor=None, location=shelf)
    assert count_sheet_pdf(count).startswith(b"%PDF")
    order = services.purchase_order_create(
        actor=None,
        supplier=make_supplier(name="Řízková s.r.o."),
        location=shelf,
        lines=[{"item": item, "quantity": "1", "unit_price": "10"}],
    )
    content = order_pdf(order)
    assert content.startswith(b"%PDF") and b"DejaVu" in content


def test_an_order_below_the_suppliers_minimum_is_not_submitted():
    supplier = make_supplier(name="Velkoobchod", min_order_value=Decimal("1000"))
    order = services.purchase_order_create(
        actor=None,
        supplier=supplier,
        location=make_location(),
        lines=[{"item": make_item(), "quantity": "1", "unit_price": "10"}],
    )
    with pytest.raises(InvalidInput) as caught:
        services.purchase_order_submit(actor=None, order=order)
    assert "Velkoobchod delivers orders from 1000" in caught.value.message
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
