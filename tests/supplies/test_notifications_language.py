"""Supplies notifications speak the recipient's language, not the language of whoever handled the request or
order, nor the worker's: requests, purchase order approval, and the below-reorder-point alert."""

from decimal import Decimal

import pytest
from django.utils import translation

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, OFFICE_MANAGER
from backoffice.overview.alerts import alerts_refresh
from backoffice.supplies import services
from tests.builders import make_user_speaking, notification_titles
from tests.supplies.builders import make_item, make_location, make_supplier, stock

pytestmark = pytest.mark.django_db

OTHER = {"cs": "en", "en": "cs"}


def speaking(language: str, role=EMPLOYEE, **values):
    return make_user_speaking(language, role, **values)


def mails(user) -> list[tuple[str, str]]:
    return [(m.subject, m.body) for m in OutboxMessage.objects.filter(to=[user.email]).order_by("id")]


REQUESTS = {
    "cs": (
        "Váš materiál je připraven: 2 ks Pero modré",
        "Vyzvedněte si ho v umístění {shelf}.",
        "Položka Pero modré se pro vás objednává",
        "Váš požadavek na Pero modré byl zamítnut",
    ),
    "en": (
        "Your supplies are ready: 2 ks Pero modré",
        "Pick them up at {shelf}.",
        "Pero modré is being ordered for you",
        "Your request for Pero modré was declined",
    ),
}


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_requester_reads_about_their_requests_in_their_own_language(language):
    asker, clerk = speaking(language), speaking(OTHER[language], BACK_OFFICE)
    item, shelf = make_item(name="Pero modré"), make_location()
    stock(item, shelf, 10)
    ready, pick_up, ordered, declined = REQUESTS[language]
    with translation.override(OTHER[language]):  # the back office works in the other language
        issued = services.supply_request_create(actor=asker, item=item, quantity="2")
        services.supply_request_issue(actor=clerk, request=issued, location=shelf)
        to_order = services.supply_request_create(actor=asker, item=item, quantity="50")
        services.supply_request_order(actor=clerk, request=to_order, answer="Do pátku")
        refused = services.supply_request_create(actor=asker, item=item, quantity="500")
        services.supply_request_reject(actor=clerk, request=refused, answer="Příliš mnoho")
    assert notification_titles(asker) == [ready, ordered, declined]
    assert mails(asker)[0] == (ready, f"{pick_up.format(shelf=shelf)}\n\n/supplies/requests/")
    assert [subject for subject, _body in mails(asker)] == [ready, ordered, declined]
    assert mails(asker)[1][1].startswith("Do pátku") and mails(asker)[2][1].startswith("Příliš mnoho")
    assert notification_titles(clerk) == [] and mails(clerk) == []


WAITS = {"cs": "Objednávka {number} čeká na vaše schválení", "en": "Purchase order {number} waits for your approval"}
APPROVED = {"cs": "Objednávka {number} byla schválena", "en": "Purchase order {number} was approved"}


@pytest.mark.parametrize("language", ["cs", "en"])
def test_approver_and_orderer_each_read_their_own_language(settings, language):
    settings.SUPPLIES_APPROVAL_LIMIT = 0
    manager, clerk = speaking(language, OFFICE_MANAGER), speaking(OTHER[language], BACK_OFFICE)
    order = services.purchase_order_create(
        actor=clerk,
        supplier=make_supplier(),
        location=make_location(),
        lines=[{"item": make_item(), "quantity": "1", "unit_price": "10"}],
    )
    with translation.override(OTHER[language]):  # the clerk submits in the clerk's language
        services.purchase_order_submit(actor=clerk, order=order)
    waits = WAITS[language].format(number=order.number)
    assert notification_titles(manager) == [waits]
    assert [subject for subject, _body in mails(manager)] == [waits]
    with translation.override(language):  # the manager approves in the manager's language
        services.purchase_order_approve(actor=manager, order=order)
    approved = APPROVED[OTHER[language]].format(number=order.number)
    assert notification_titles(clerk) == [approved]
    assert [subject for subject, _body in mails(clerk)] == [approved]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("cs", "Papír A4 je pod bodem objednání (skladem 2,5, objednat při 5)"),
        ("en", "Papír A4 is below its reorder point (2.5 on hand, reorder at 5)"),
    ],
)
def test_the_reorder_alert_is_in_the_managers_language_with_their_decimal_mark(language, title):
    manager = speaking(language, OFFICE_MANAGER)
    bystander = speaking(language, EMPLOYEE)
    item = make_item(name="Papír A4")
    stock(item, make_location(), Decimal("2.5"))
    services.reorder_rule_set(actor=None, item=item, method="manual", min_quantity=5, max_quantity=20)
    with translation.override(OTHER[language]):  # the daily job runs in the worker's language
        alerts_refresh()
    assert notification_titles(manager) == [title]
    assert notification_titles(bystander) == []
