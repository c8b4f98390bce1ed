"""My work: every module's waiting work in one list, sorted by due time, covered colleagues' work marked."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.core.mywork import work_for
from backoffice.equipment import services as equipment
from backoffice.frontdesk import services as frontdesk
from backoffice.supplies import services as supplies
from tests.builders import make_user
from tests.supplies.builders import make_item

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return [item.title for item in work_for(user)]


def test_the_office_manager_sees_requests_approvals_deliveries_and_repairs(office):
    big = supplies.purchase_order_create(
        actor=None,
        supplier=office.supplier,
        location=office.location,
        lines=[{"item": office.item, "quantity": "5000"}],
    )
    supplies.purchase_order_submit(actor=None, order=big)
    found = titles(office.manager_user)
    assert "Hand out Šťastné pero modré to Jiří Šťastný" in found
    assert f"Approve purchase order {big.number} (Papírnictví ŠŤASTNÁ)" in found
    assert f"Delivery expected: {office.order.number} from Papírnictví ŠŤASTNÁ" in found
    assert "1 new fault report to triage" in found


def test_the_substitute_gets_the_absent_colleagues_work_marked_as_such(office):
    equipment.request_assign(actor=None, request=office.repair, assignee=office.away)
    items = {item.title: item for item in work_for(office.cover_user)}
    message = items["Call back Karel Šťastný"]
    repair = items["Repair Šťastná tiskárna X1: Papír se zasekává"]
    assert message.on_behalf_of == repair.on_behalf_of == "Jiří Šťastný"
    assert message.url == f"/frontdesk/messages/{office.message.pk}/"  # one click to the message and its buttons
    # While he is away it is not on his own list twice (his substitute handles it).
    assert "Repair Šťastná tiskárna X1: Papír se zasekává" not in titles(office.away_user)
    assert titles(office.bystander_user) == []


def test_sorted_by_due_time_soonest_first(office):
    soon = frontdesk.message_take(
        actor=None,
        for_person=office.away,
        caller_name="Urgentní Volající",
        callback_by=timezone.now() + dt.timedelta(minutes=30),
    )
    items = work_for(office.cover_user)
    dues = [item.due for item in items if item.due is not None]
    assert dues == sorted(dues)
    assert items[0].title == f"Call back {soon.caller_name}"


def test_my_work_takes_a_bounded_number_of_queries(office, django_assert_max_num_queries):
    user = type(office.manager_user).objects.get(pk=office.manager_user.pk)
    work_for(user)
    user = type(office.manager_user).objects.get(pk=office.manager_user.pk)
    with django_assert_max_num_queries(60) as few:
        small = len(work_for(user))
    requester = make_user("Employee")
    for n in range(20):
        supplies.supply_request_create(actor=requester, item=make_item(name=f"Věc {n}"), quantity="1")
        frontdesk.message_take(actor=None, for_person=office.manager, caller_name=f"Volající {n}")
    user = type(office.manager_user).objects.get(pk=office.manager_user.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(work_for(user)) == small + 40
