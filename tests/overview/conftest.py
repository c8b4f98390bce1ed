"""Overview fixtures: one office with something of every kind to find, some of it private to one person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.core.records import create_record
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, OFFICE_MANAGER
from backoffice.equipment import services as equipment
from backoffice.frontdesk import inbox
from backoffice.frontdesk import services as frontdesk
from backoffice.frontdesk.models import Mailbox
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from backoffice.recruitment import services as recruitment
from backoffice.supplies import services as supplies
from tests.builders import days, make_user
from tests.equipment.conftest import make_asset
from tests.frontdesk.test_inbox import mail
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

WORD = "stastn"  # folded: finds "Šťastný", "ŠŤASTNÁ", "šťastné" in every kind below


class Office:
    """Everything the overview shows: of every kind one record named "Šťastný/á/é", some of it someone's own."""

    def __init__(self):
        self.manager_user = make_user(OFFICE_MANAGER, first_name="Olga", last_name="Vedoucí")
        self.manager = self.manager_user.employee
        self.reception_user = make_user(BACK_OFFICE, first_name="Tereza", last_name="Kučerová")
        # Jiří is away; Kateřina covers all his duties. Both are plain employees.
        self.away_user = make_user(EMPLOYEE, first_name="Jiří", last_name="Šťastný", job_title="Účetní")
        self.away = self.away_user.employee
        self.cover_user = make_user(EMPLOYEE, first_name="Kateřina", last_name="Pokorná")
        self.cover = self.cover_user.employee
        self.bystander_user = make_user(EMPLOYEE, first_name="Roman", last_name="Zeman")
        people.absence_record(
            actor=None, employee=self.away, kind=AbsenceKind.SICK_LEAVE, start_date=days(-1), end_date=days(3)
        )
        people.substitution_create(
            actor=None, absent=self.away, substitute=self.cover, area=Area.ALL, start_date=days(-1), end_date=days(3)
        )
        # Supplies: an item and a supplier to find, Jiří's own request, an order arriving today, a low item.
        self.location = make_location(code="SKLAD")
        self.supplier = make_supplier(name="Papírnictví ŠŤASTNÁ", lead_time_days=0)
        self.item = make_item(sku="SUM-1", name="Šťastné pero modré")
        make_offer(self.supplier, self.item, price="12.00")
        stock(self.item, self.location, 1)
        supplies.reorder_rule_set(actor=None, item=self.item, method="manual", min_quantity=5, max_quantity=20)
        self.request = supplies.supply_request_create(actor=self.away_user, item=self.item, quantity="2")
        order = supplies.purchase_order_create(
            actor=None, supplier=self.supplier, location=self.location, lines=[{"item": self.item, "quantity": "1"}]
        )
        supplies.purchase_order_submit(actor=None, order=order)
        self.order = supplies.purchase_order_send(actor=None, order=order)
        # Equipment: Jiří's printer is out of order, with his fault report; the warranty of another ends soon.
        self.asset = make_asset(manufacturer="Šťastná tiskárna", model_name="X1", assignee=self.away)
        self.repair = equipment.request_report(
            actor=self.away_user, asset=self.asset, description="Papír se zasekává", out_of_service=True
        )
        self.asset.refresh_from_db()
        self.other_asset = make_asset(
            manufacturer="Konica", model_name="C300", warranty_until=timezone.localdate() + dt.timedelta(days=10)
        )
        # Front desk: a call and an overdue message for Jiří (private to him, his cover and the back office).
        self.call = frontdesk.call_log(
            actor=None, number="602111222", caller_name="Karel Šťastný", company="Zákazník", for_person=self.away
        )
        self.message = frontdesk.message_take(
            actor=None,
            for_person=self.away,
            caller_name="Karel Šťastný",
            callback_by=timezone.now() + dt.timedelta(hours=2),
        )
        mailbox = create_record(
            Mailbox, name="Info", address="info@firma.cz", host="127.0.0.1", username="info", password="x"
        )
        # Recruitment: an applicant with the same surname (HR-confidential).
        self.position = recruitment.position_create(actor=None, title="Účetní", status="open")
        self.application = recruitment.application_create(
            actor=None, position=self.position, name="Marie Šťastná", email="marie@example.cz", consent=True
        )
        self.conversation = inbox.store_incoming(
            mailbox, mail("Šťastný nový rok", sender="Karel Šťastný <karel@zakaznik.cz>"), uidvalidity=1, uid=1
        ).conversation

    def set_status(self, asset, status):
        return equipment.asset_update(actor=None, asset=asset, status=status)


@pytest.fixture
def office(db):
    return Office()
