"""The stock ledger: append-only movements, on-hand kept in step, never below zero — also under concurrency."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from backoffice.core.errors import InvalidInput
from backoffice.core.models import AuditEntry
from backoffice.supplies import services
from backoffice.supplies.choices import MovementKind
from backoffice.supplies.models import StockLevel, StockMovement
from tests.builders import make_department, make_employee
from tests.conftest import need
from tests.supplies.builders import make_item, make_location, stock


def on_hand(item, location) -> Decimal:
    return StockLevel.objects.filter(item=item, location=location).values_list("on_hand", flat=True).first() or 0


@pytest.mark.django_db
def test_receipt_issue_transfer_and_write_off_keep_on_hand_in_step_with_the_ledger():
    item, shelf, office = make_item(), make_location(), make_location()
    stock(item, shelf, 10)
    department = make_department()
    services.stock_issue(actor=None, item=item, location=shelf, quantity="3", department=department)
    services.stock_transfer(actor=None, item=item, from_location=shelf, to_location=office, quantity=Decimal("2"))
    services.stock_write_off(actor=None, item=item, location=office, quantity=Decimal("0.5"), reason="Rozlité")
    services.stock_adjust(actor=None, item=item, location=shelf, difference="-1", reason="Inventura")
    assert on_hand(item, shelf) == Decimal("4") and on_hand(item, office) == Decimal("1.5")
    ledger = {}
    for m in StockMovement.objects.filter(item=item):
        if m.to_location_id:
            ledger[m.to_location_id] = ledger.get(m.to_location_id, 0) + m.quantity
        if m.from_location_id:
            ledger[m.from_location_id] = ledger.get(m.from_location_id, 0) - m.quantity
    assert ledger == {shelf.pk: Decimal("4"), office.pk: Decimal("1.5")}
    issue = StockMovement.objects.get(kind=MovementKind.ISSUE)
    assert issue.department == department and issue.occurred_on is not None
    assert AuditEntry.objects.filter(object_repr__startswith=str(issue.get_kind_display())).exists()


@pytest.mark.django_db
def test_taking_more_than_there_is_is_refused_with_a_clear_message_and_nothing_written():
    item, shelf = make_item(name="Toner HP 59A"), make_location(room="Sklad")
    stock(item, shelf, 2)
    before = StockMovement.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.stock_issue(actor=None, item=item, location=shelf, quantity="3", employee=make_employee())
    assert "Only 2 ks of Toner HP 59A are in Sklad" in caught.value.message
    assert "quantity" in caught.value.fields
    assert on_hand(item, shelf) == 2 and StockMovement.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1.00001", "", "NaN"])
def test_zero_negative_and_nonsense_quantities_are_refused_by_the_field(bad):
    item, shelf = make_item(), make_location()
    with pytest.raises(InvalidInput) as caught:
        services.stock_receive(actor=None, item=item, location=shelf, quantity=bad)
    assert list(caught.value.fields) == ["quantity"]
    assert not StockMovement.objects.exists()


@pytest.mark.django_db
def test_an_adjustment_needs_a_reason_and_a_transfer_two_places():
    item, shelf = make_item(), make_location()
    stock(item, shelf, 1)
    with pytest.raises(InvalidInput) as caught:
        services.stock_adjust(actor=None, item=item, location=shelf, difference="1", reason=" ")
    assert "reason" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.stock_transfer(actor=None, item=item, from_location=shelf, to_location=shelf, quantity="1")
    assert "to_location" in caught.value.fields


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_issuing_the_last_units_at_once_exactly_one_succeeds():
    """Real threads, each with its own PostgreSQL connection and transaction, released at the same moment."""
    need(
        connection.vendor == "postgresql",
        "PostgreSQL: set TEST_POSTGRES_URL and `make test` runs this in its PostgreSQL pass",
    )
    item, shelf = make_item(), make_location()
    stock(item, shelf, 5)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def take():
        try:
            barrier.wait()
            services.stock_issue(actor=None, item=item, location=shelf, quantity="5")
            results.append("ok")
        except InvalidInput:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["ok", "refused"]
    assert on_hand(item, shelf) == 0
    assert StockMovement.objects.filter(kind=MovementKind.ISSUE, item=item).count() == 1
