"""Demo data for the employee lifecycle: onboarding templates and one onboarding, a training catalogue whose matrix
has expired and expiring certificates, a planned session, a disciplinary record and one offboarding in progress."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from backoffice.core.audit import record_bulk_create
from backoffice.core.demo import demo_step
from backoffice.equipment import services as equipment
from backoffice.equipment.choices import Category
from backoffice.people import services as people
from backoffice.people.choices import Area
from backoffice.people.models import Department, Employee
from backoffice.people.selectors import today
from backoffice.staff import services
from backoffice.staff.choices import CourseKind, DisciplineKind, LeavingReason, Responsible, TaskKind
from backoffice.staff.models import Certificate, Course
from backoffice.staff.notice import notice_rule

# (code, name, validity in months or None, mandatory for: [(department code or "", job title or "")])
COURSES = [
    ("BOZP", "Školení bezpečnosti a ochrany zdraví při práci", 24, [("", "")]),
    ("PO", "Školení požární ochrany", 24, [("", "")]),
    ("GDPR", "Ochrana osobních údajů", 36, [("HR", ""), ("UCT", ""), ("BO", "")]),
    ("VZV", "Obsluha vysokozdvižného vozíku", 60, [("SKL", "Skladník")]),
    ("RID", "Školení řidičů referentů", 12, [("SKL", "Řidič"), ("OBC", "")]),
    ("PP", "První pomoc", 36, [("SKL", "")]),
    ("EXCEL", "Excel pro pokročilé", None, []),
]

# (title, kind, responsible, named colleague's login, duties, days from the start)
GENERAL_TASKS = [
    ("Založit účet a e-mail", TaskKind.ACCOUNT, Responsible.NAMED, "technik", Area.EQUIPMENT, -3),
    ("Připravit pracovní místo", TaskKind.DESK, Responsible.NAMED, "spravce", Area.SUPPLIES, -1),
    ("Předat klíče a přístupovou kartu", TaskKind.KEYS, Responsible.NAMED, "recepce", Area.FRONTDESK, 0),
    ("Předat notebook", TaskKind.EQUIPMENT, Responsible.NAMED, "technik", Area.EQUIPMENT, 0),
    ("Vstupní školení BOZP a PO", TaskKind.TRAINING, Responsible.NAMED, "personalni", Area.STAFF, 1),
    ("Podepsat pracovní smlouvu a mlčenlivost", TaskKind.DOCUMENTS, Responsible.NAMED, "personalni", Area.STAFF, 0),
    ("Seznámit s týmem a plánem zaškolení", TaskKind.OTHER, Responsible.MANAGER, None, Area.STAFF, 1),
    ("Přečíst a podepsat pracovní řád", TaskKind.DOCUMENTS, Responsible.NEW_HIRE, None, Area.STAFF, 5),
]


def _by_login(login: str) -> Employee | None:
    return Employee.objects.filter(user__username=login).first()


def _laptop(rng: random.Random, number: int, assignee: Employee | None):
    return equipment.asset_create(
        actor=None,
        category=Category.OTHER,
        manufacturer="Lenovo",
        model_name="ThinkPad T14",
        serial_number=f"PF{rng.randint(10**6, 10**7 - 1)}",
        inventory_number=f"NB-{number:04d}",
        location="IT sklad",
        assignee=assignee,
    )


def _templates() -> None:
    general = services.template_create(actor=None, name="Nástup zaměstnance")
    for title, kind, responsible, login, area, offset in GENERAL_TASKS:
        services.template_task_add(
            actor=None,
            template=general,
            title=title,
            kind=kind,
            responsible=responsible,
            owner=_by_login(login) if login else None,
            area=area,
            due_offset_days=offset,
        )
    sales = Department.objects.filter(code="OBC").first()
    if sales is not None:
        template = services.template_create(actor=None, name="Nástup do obchodu", department=sales)
        for title, kind, responsible, login, area, offset in [
            *GENERAL_TASKS,
            ("Zaškolit v CRM", TaskKind.TRAINING, Responsible.MANAGER, None, Area.STAFF, 3),
        ]:
            services.template_task_add(
                actor=None,
                template=template,
                title=title,
                kind=kind,
                responsible=responsible,
                owner=_by_login(login) if login else None,
                area=area,
                due_offset_days=offset,
            )


def _catalogue(rng: random.Random) -> int:
    departments = {d.code: d for d in Department.objects.all()}
    courses = []
    for code, name, months, required in COURSES:
        course = services.course_create(
            actor=None,
            code=code,
            name=name,
            validity_months=months,
            kind=CourseKind.EXTERNAL if code in ("VZV", "RID", "PP") else CourseKind.INTERNAL,
        )
        for department, title in required:
            services.course_require(actor=None, course=course, department=departments.get(department), job_title=title)
        courses.append(course)
    on = today()
    made = []
    # Issued up to a validity and three months ago: some have expired, some expire within 90 days, some are missing.
    for employee in Employee.objects.filter(archived_at__isnull=True).order_by("id").iterator(chunk_size=2000):
        for course in courses[:6]:
            if rng.random() < 0.12:
                continue
            issued = on - dt.timedelta(days=rng.randint(30, 30 * (course.validity_months or 24) + 90))
            made.append(
                Certificate(
                    employee=employee,
                    course=course,
                    issued_on=issued,
                    valid_until=services.valid_until_for(course, issued),
                )
            )
    Certificate.objects.bulk_create(made, batch_size=2000)
    record_bulk_create(made, reason="demo")
    return len(made)


def _session() -> None:
    trainer = Employee.objects.filter(last_name="Staňková").first() or _by_login("personalni")
    bozp = Course.objects.get(code="BOZP")
    start = timezone.make_aware(dt.datetime.combine(today() + dt.timedelta(days=7), dt.time(9, 0)))
    session = services.session_create(
        actor=None,
        course=bozp,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Zasedací místnost 2",
        capacity=12,
        trainer=trainer,
    )
    for employee in Employee.objects.filter(department__code="SKL", archived_at__isnull=True)[:5]:
        services.enrol(actor=None, session=session, employee=employee)


def _onboarding(rng: random.Random) -> None:
    sales = Department.objects.filter(code="OBC").first()
    head = Employee.objects.filter(last_name="Horák").first()
    hire = people.employee_create(
        actor=None,
        first_name="Nikola",
        last_name="Malá",
        department=sales,
        job_title="Obchodní zástupkyně",
        manager=head,
        email="nikola.mala@demo-firma.cz",
        start_date=today() + dt.timedelta(days=3),
    )
    onboarding = services.onboarding_start(actor=None, employee=hire)
    _laptop(rng, 900, None)  # waits in the IT store for the hand-over
    first = onboarding.tasks.order_by("due_date", "id").first()
    if first is not None and first.kind != TaskKind.EQUIPMENT:
        services.onboarding_task_complete(actor=None, task=first)


def _discipline() -> None:
    employee = Employee.objects.filter(last_name="Zeman").first()
    if employee is None:
        return
    on = today()
    services.discipline_record(
        actor=None,
        employee=employee,
        kind=DisciplineKind.VERBAL,
        incident_date=on - dt.timedelta(days=70),
        description="Opakované pozdní příchody na ranní směnu.",
    )
    services.discipline_record(
        actor=None,
        employee=employee,
        kind=DisciplineKind.WRITTEN,
        incident_date=on - dt.timedelta(days=12),
        description="Neomluvená absence dne 3. v měsíci, bez informování vedoucího.",
        witnesses="Jan Doležal",
    )


def _offboarding(rng: random.Random) -> None:
    leaver = Employee.objects.filter(last_name="Holub").first()
    if leaver is None:
        return
    _laptop(rng, 901, leaver)
    delivered = today() - dt.timedelta(days=40)
    services.offboarding_start(
        actor=None,
        employee=leaver,
        reason=LeavingReason.RESIGNATION,
        notice_delivered_on=delivered,
        last_day=notice_rule().earliest_last_day(delivered),
    )


@demo_step(order=60)
def build_staff(*, scale: str, out) -> None:
    rng = random.Random(60)
    _templates()
    certificates = _catalogue(rng)
    _session()
    _onboarding(rng)
    _discipline()
    _offboarding(rng)
    out.write(f"staff: {len(COURSES)} courses, {certificates} certificates, 1 onboarding, 1 offboarding")
