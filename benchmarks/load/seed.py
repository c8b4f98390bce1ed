"""What the load test's users work with, made through the product's services: people with logins per role (HR with
an authenticator app whose key the load generator knows), stock to issue, purchase orders awaiting approval, and
meeting slots everyone in a small team is free for. The result is a JSON-ready description for the locustfile."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

PASSWORD = "load-test heslo 2026"
TEAM_SIZE = 6  # meeting participants: few, so that bookings collide
ITEMS = 6  # stock items: few, so that issues collide on the same stock rows
STOCK_EACH = 400


def _person(n: int, department, role: str | None, password_hash: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from backoffice.people import services

    user = None
    if role is not None:
        user = get_user_model().objects.create(username=f"load{n}", password=password_hash, email=f"load{n}@firma.cz")
        user.groups.add(Group.objects.get(name=role))
    employee = services.employee_create(
        actor=None,
        first_name="Zátěž",
        last_name=f"Osoba{n}",
        email=f"load{n}@firma.cz",
        phone_extension=str(200 + n),
        department=department,
        user=user,
    )
    return user, employee


def _free_slots(team, count: int) -> list[tuple[str, str]]:
    """Half-hour slots in the coming working days that the whole team is free for."""
    from django.utils import timezone

    from backoffice.meetings.slots import busy_people

    slots: list[tuple[str, str]] = []
    day = timezone.localdate() + dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    while len(slots) < count and day < timezone.localdate() + dt.timedelta(days=60):
        for minutes in range(9 * 60, 15 * 60, 30):
            start = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone)
            end = start + dt.timedelta(minutes=30)
            if not busy_people(team, start, end):
                slots.append((start.isoformat(), end.isoformat()))
            if len(slots) >= count:
                break
        day += dt.timedelta(days=1)
    return slots


def seed(*, accounts_per_role: int, orders: int, slots: int) -> dict:
    from django.contrib.auth.hashers import make_password

    from backoffice.core.models import AuthenticatorApp
    from backoffice.core.roles import BACK_OFFICE, HR, OFFICE_MANAGER
    from backoffice.people import services as people
    from backoffice.supplies import services as supplies

    password_hash = make_password(PASSWORD)  # once: hashing is deliberately slow
    department = people.department_create(actor=None, name="Provoz", code="PROV")
    numbers = iter(range(1, 10_000))
    team = [_person(next(numbers), department, None, password_hash)[1] for _ in range(TEAM_SIZE)]
    clerks = [_person(next(numbers), department, BACK_OFFICE, password_hash)[0] for _ in range(accounts_per_role)]
    approvers = [_person(next(numbers), department, OFFICE_MANAGER, password_hash)[0] for _ in range(2)]
    hr = []
    for _ in range(accounts_per_role):
        user = _person(next(numbers), department, HR, password_hash)[0]
        key = secrets.token_hex(20)
        AuthenticatorApp.objects.create(user=user, name="phone", key=key, confirmed=True)
        hr.append({"username": user.username, "key": key})

    unit = supplies.unit_create(actor=None, code="ks", name="kus")
    location = supplies.location_create(actor=None, code="SKLAD", room="Sklad")
    supplier = supplies.supplier_create(
        actor=None, name="Papírnictví Zátěž s.r.o.", order_email="objednavky@papirnictvi.cz", lead_time_days=2
    )
    items = []
    for n in range(1, ITEMS + 1):
        item = supplies.item_create(actor=None, sku=f"LOAD-{n}", name=f"Kancelářský papír {n}", unit=unit)
        supplies.offer_create(actor=None, supplier=supplier, item=item, price=Decimal("100.00"))
        supplies.stock_receive(actor=None, item=item, location=location, quantity=Decimal(STOCK_EACH))
        items.append(item)
    awaiting = []
    for n in range(orders):
        lines = [{"item": items[n % ITEMS], "quantity": "300"}]  # 30,000 CZK: needs approval
        order = supplies.purchase_order_create(actor=None, supplier=supplier, location=location, lines=lines)
        supplies.purchase_order_submit(actor=None, order=order)
        awaiting.append(order.pk)

    return {
        "password": PASSWORD,
        "clerks": [u.username for u in clerks],
        "approvers": [u.username for u in approvers],
        "hr": hr,
        "items": [item.pk for item in items],
        "location": location.pk,
        "department": department.pk,
        "team": [e.pk for e in team],
        "slots": _free_slots(team, slots),
        "orders": awaiting,
        "search_terms": ["papír", "Osoba1", "zátěž", "LOAD", "novák"],
    }
