"""The demo company: Czech departments, about thirty people, a login per role, absences and cover."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from backoffice.core import roles
from backoffice.core.audit import record_bulk_create
from backoffice.core.demo import LOGINS, PASSWORD, demo_step
from backoffice.core.text import fold
from backoffice.people import services
from backoffice.people.choices import AbsenceKind, Area
from backoffice.people.models import Employee
from backoffice.people.selectors import today

DEPARTMENTS = [
    ("VED", "Vedení společnosti"),
    ("BO", "Back office"),
    ("UCT", "Účetnictví"),
    ("OBC", "Obchod"),
    ("SKL", "Sklad a logistika"),
    ("IT", "IT"),
    ("HR", "Personální oddělení"),
]

# (login or None, first, last, department, job title, manager index or None)
PEOPLE = [
    ("admin", "Martin", "Dvořák", "VED", "Jednatel", None),
    ("spravce", "Jana", "Procházková", "BO", "Office manažerka", 0),
    ("recepce", "Tereza", "Kučerová", "BO", "Asistentka back office", 1),
    ("personalni", "Lucie", "Veselá", "HR", "Personální ředitelka", 0),
    ("pohovory", "Tomáš", "Horák", "OBC", "Vedoucí obchodu", 0),
    ("technik", "Petr", "Němec", "IT", "Správce IT a techniky", 0),
    ("zamestnanec", "Eva", "Marková", "UCT", "Účetní", 7),
    (None, "Pavel", "Novák", "UCT", "Hlavní účetní", 0),
    (None, "Kateřina", "Pokorná", "UCT", "Mzdová účetní", 7),
    (None, "Jiří", "Černý", "OBC", "Obchodní zástupce", 4),
    (None, "Michaela", "Benešová", "OBC", "Obchodní zástupkyně", 4),
    (None, "Lukáš", "Fiala", "OBC", "Obchodní zástupce", 4),
    (None, "Veronika", "Sedláčková", "OBC", "Koordinátorka zakázek", 4),
    (None, "Jan", "Doležal", "SKL", "Vedoucí skladu", 0),
    (None, "Roman", "Zeman", "SKL", "Skladník", 13),
    (None, "Ondřej", "Kolář", "SKL", "Skladník", 13),
    (None, "Marek", "Navrátil", "SKL", "Řidič", 13),
    (None, "Zuzana", "Čermáková", "BO", "Recepční", 1),
    (None, "Hana", "Urbanová", "HR", "Personalistka", 3),
    (None, "David", "Krejčí", "IT", "Technik", 5),
    (None, "Barbora", "Růžičková", "OBC", "Marketingová specialistka", 4),
    (None, "Filip", "Šimek", "IT", "Programátor", 5),
    (None, "Markéta", "Kratochvílová", "UCT", "Fakturantka", 7),
    (None, "Radek", "Bartoš", "SKL", "Skladník", 13),
    (None, "Monika", "Vlčková", "BO", "Asistentka", 1),
    (None, "Václav", "Kříž", "OBC", "Key account manažer", 4),
    (None, "Alena", "Polášková", "UCT", "Controllerka", 7),
    (None, "Josef", "Holub", "SKL", "Expedient", 13),
    (None, "Simona", "Staňková", "HR", "Specialistka vzdělávání", 3),
    (None, "Adam", "Vávra", "IT", "Správce sítě", 5),
]

ROLE_OF_LOGIN = dict(LOGINS)


def _email(first: str, last: str) -> str:
    return f"{fold(first)}.{fold(last)}@demo-firma.cz".replace(" ", "")


@demo_step(order=10)
def build_people(*, scale: str, out) -> None:
    User = get_user_model()
    departments = {code: services.department_create(actor=None, name=name, code=code) for code, name in DEPARTMENTS}
    employees: list[Employee] = []
    for index, (login, first, last, dept, title, _manager) in enumerate(PEOPLE):
        user = None
        if login:
            user = User.objects.create_user(
                username=login,
                password=PASSWORD,
                email=_email(first, last),
                first_name=first,
                last_name=last,
                is_staff=login == "admin",
            )
            user.groups.add(Group.objects.get(name=ROLE_OF_LOGIN[login]))
        employees.append(
            services.employee_create(
                actor=None,
                user=user,
                first_name=first,
                last_name=last,
                department=departments[dept],
                job_title=title,
                phone_extension=str(201 + index),
                phone=f"+420 777 {100 + index:03d} {200 + index:03d}",
                email=_email(first, last),
                weekly_hours=Decimal("40.0") if index % 7 else Decimal("30.0"),
                start_date=dt.date(2015 + index % 10, 1 + index % 12, 1),
            )
        )
    for employee, row in zip(employees, PEOPLE, strict=True):
        if row[5] is not None:
            services.employee_update(actor=None, employee=employee, manager=employees[row[5]])
    for code, head_index in (
        ("VED", 0),
        ("BO", 1),
        ("HR", 3),
        ("OBC", 4),
        ("IT", 5),
        ("UCT", 7),
        ("SKL", 13),
    ):
        services.department_update(actor=None, department=departments[code], head=employees[head_index])

    day = today()
    office_manager, back_office, hr_director, sales_head = (
        employees[1],
        employees[2],
        employees[3],
        employees[4],
    )
    # The office manager is on vacation this week: the back-office assistant covers all her duties,
    # including her team's absence requests.
    services.absence_record(
        actor=None,
        employee=office_manager,
        kind=AbsenceKind.VACATION,
        start_date=day - dt.timedelta(days=1),
        end_date=day + dt.timedelta(days=5),
        note="Dovolená na horách",
    )
    services.substitution_create(
        actor=None,
        absent=office_manager,
        substitute=back_office,
        area=Area.ALL,
        start_date=day - dt.timedelta(days=1),
        end_date=day + dt.timedelta(days=5),
    )
    services.absence_record(
        actor=None,
        employee=employees[9],
        kind=AbsenceKind.SICK_LEAVE,
        start_date=day - dt.timedelta(days=2),
        end_date=day + dt.timedelta(days=2),
    )
    services.absence_record(
        actor=None,
        employee=sales_head,
        kind=AbsenceKind.BUSINESS_TRIP,
        start_date=day + dt.timedelta(days=7),
        end_date=day + dt.timedelta(days=9),
        note="Veletrh Brno",
    )
    services.substitution_create(
        actor=None,
        absent=sales_head,
        substitute=employees[25],
        area=Area.ALL,
        start_date=day + dt.timedelta(days=7),
        end_date=day + dt.timedelta(days=9),
    )
    services.absence_record(
        actor=None,
        employee=hr_director,
        kind=AbsenceKind.OTHER,
        start_date=day + dt.timedelta(days=14),
        end_date=day + dt.timedelta(days=14),
        note="Školení",
    )
    # Requests waiting for a decision: one for the office manager (decided by whoever covers her now).
    _request(employees[24], day + dt.timedelta(days=20))
    _request(employees[17], day + dt.timedelta(days=10))
    _request(employees[6], day + dt.timedelta(days=30))
    out.write(f"people: {len(employees)} employees in {len(departments)} departments")
    if scale == "large":
        _many_employees(list(departments.values()), employees)


def _request(employee: Employee, start: dt.date) -> None:
    """An absence the employee asked for themselves (status: requested), as if typed in self-service."""
    from backoffice.core.records import create_record
    from backoffice.people.choices import AbsenceStatus
    from backoffice.people.models import Absence

    create_record(
        Absence,
        employee=employee,
        kind=AbsenceKind.VACATION,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        status=AbsenceStatus.REQUESTED,
    )


FIRST = [
    "Jan",
    "Petr",
    "Josef",
    "Pavel",
    "Martin",
    "Tomáš",
    "Jaroslav",
    "Miroslav",
    "Zdeněk",
    "Václav",
    "Jana",
    "Marie",
    "Eva",
    "Hana",
    "Anna",
    "Lenka",
    "Kateřina",
    "Lucie",
    "Věra",
    "Alena",
]
LAST = [
    "Novák",
    "Svoboda",
    "Novotný",
    "Dvořák",
    "Černý",
    "Procházka",
    "Kučera",
    "Veselý",
    "Horák",
    "Němec",
    "Pokorný",
    "Marek",
    "Pospíšil",
    "Hájek",
    "Jelínek",
    "Král",
    "Růžička",
    "Beneš",
    "Fiala",
    "Sedláček",
]


def _many_employees(departments, managers, count: int = 10_000) -> None:
    rng = random.Random(2026)
    rows = []
    for index in range(count - len(managers)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        values = {
            "first_name": first,
            "last_name": last,
            "email": f"{fold(first)}.{fold(last)}.{index}@demo-firma.cz",
            "phone_extension": str(1000 + index % 9000),
            "job_title": "Referent",
        }
        rows.append(
            Employee(
                department=rng.choice(departments),
                manager=rng.choice(managers),
                search_text=services._search_text(values),
                **values,
            )
        )
    created = Employee.objects.bulk_create(rows, batch_size=2000)
    if created and created[0].pk is None:  # backends that do not return ids
        created = list(Employee.objects.filter(email__endswith="@demo-firma.cz", job_title="Referent"))
    record_bulk_create(created, reason="demo --scale large")


__all__ = ["build_people", "roles"]
