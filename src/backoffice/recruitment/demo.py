"""Demo data: open positions (office assistant, accountant, warehouse clerk), a few dozen candidates with Czech
and English resumes as real PDF and DOCX files, some screened and shortlisted, and interviews booked."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee
from backoffice.recruitment import services
from backoffice.recruitment.choices import PositionStatus, Source, Stage
from backoffice.recruitment.samples import resume_docx, resume_pdf

POSITIONS = [
    {
        "title": "Asistent/ka kanceláře",
        "description": "Administrativa, recepce, telefony a pošta, objednávky kancelářských potřeb, MS Office.",
        "skills": [
            {"name": "Administration", "weight": 3, "must_have": True},
            {"name": "Microsoft Office", "weight": 3, "must_have": True},
            {"name": "Reception", "weight": 2},
            {"name": "Customer service", "weight": 1},
        ],
        "languages": [{"language": "English", "level": "B1"}],
        "min_years": 2,
        "education": "secondary",
    },
    {
        "title": "Účetní",
        "description": "Podvojné účetnictví, DPH, daňová přiznání, fakturace, Pohoda.",
        "skills": [
            {"name": "Accounting", "weight": 5, "must_have": True},
            {"name": "Taxes", "weight": 3},
            {"name": "Pohoda", "weight": 2},
            {"name": "Excel", "weight": 1},
        ],
        "languages": [],
        "min_years": 3,
        "education": "secondary",
    },
    {
        "title": "Skladník / skladnice",
        "description": "Příjem a výdej zboží, vychystávání objednávek, inventury, VZV.",
        "skills": [
            {"name": "Warehouse", "weight": 5, "must_have": True},
            {"name": "Forklift", "weight": 3},
            {"name": "Order picking", "weight": 2},
        ],
        "languages": [],
        "min_years": 1,
        "education": "",
    },
]
FIRST = ["Jana", "Petra", "Lucie", "Eva", "Martina", "Tereza", "Jan", "Petr", "Tomáš", "Martin", "Jakub", "Lukáš"]
LAST = ["Nováková", "Svobodová", "Dvořáková", "Černá", "Procházková", "Kučerová", "Novák", "Svoboda", "Dvořák",
        "Černý", "Procházka", "Kučera"]  # fmt: skip
DUTIES = [
    ("administrativa, recepce, vyřizování pošty a telefonů, MS Office", "asistentka"),
    ("podvojné účetnictví, DPH, daňová přiznání, Pohoda, Excel", "účetní"),
    ("příjem a výdej zboží, vychystávání, inventury, řidič VZV", "skladník"),
    ("prodej, komunikace se zákazníky, pokladna", "prodavač"),
]
ENGLISH_DUTIES = [
    ("office administration, reception, Microsoft Office, customer service", "Office assistant"),
    ("bookkeeping, VAT returns, accounts payable, Excel", "Accountant"),
    ("warehouse operations, picking, forklift licence, inventory management", "Warehouse operator"),
]


def _resume(rng: random.Random, name: str, email: str, phone: str) -> tuple[str, str]:
    start = rng.randint(2008, 2022)
    if rng.random() < 0.3:
        duties, job = rng.choice(ENGLISH_DUTIES)
        text = (
            f"{name}\n{email}, {phone}\nExperience\n{start} – present  {job}: {duties}\n"
            f"Education: secondary school\nLanguages: Czech native, English {rng.choice(['B1', 'B2', 'C1'])}\n"
        )
        return text, "en"
    duties, job = rng.choice(DUTIES)
    text = (
        f"{name}\n{email}, {phone}\nPracovní zkušenosti\n{start} – dosud  {job}: {duties}\n"
        f"Vzdělání: střední škola s maturitou\nJazyky: angličtina {rng.choice(['A2', 'B1', 'B2'])}\n"
    )
    return text, "cs"


@demo_step(order=50)
def build_recruitment(*, scale: str, out) -> None:
    rng = random.Random(50)
    department = Department.objects.filter(code="HR").first()
    hr_user = get_user_model().objects.filter(username="personalni").first()
    interviewers = [e for e in Employee.objects.filter(user__username__in=["personalni", "pohovory"])]
    positions = [
        services.position_create(actor=None, status=PositionStatus.OPEN, department=department, **spec)
        for spec in POSITIONS
    ]
    count = 36 if scale != "large" else 300
    applications = []
    for n in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        email = f"uchazec{n + 1}@example.cz"
        phone = f"+420 7{rng.randint(10, 99)} {rng.randint(100, 999)} {n + 100:03d}"
        text, _language = _resume(rng, name, email, phone)
        as_pdf = n % 3 != 2
        data = resume_pdf(text) if as_pdf else resume_docx(text)
        application = services.application_create(
            actor=None,
            position=positions[n % len(positions)],
            resume=("zivotopis.pdf" if as_pdf else "zivotopis.docx", data),
            source=rng.choice([Source.CAREERS, Source.BULK, Source.JOB_BOARD]),
            consent=True,
            keep_for_future=n % 5 == 0,
        )
        applications.append(application)
    for application in applications[::4]:
        services.application_move(actor=None, application=application, stage=Stage.SCREENED)
    for application in applications[::8]:
        services.application_move(actor=None, application=application, stage=Stage.SHORTLISTED)
    booked = 0
    if interviewers:
        from backoffice.meetings.slots import best_slots

        day = dt.date.today() + dt.timedelta(days=3)
        slots = best_slots(
            participants=interviewers, duration=dt.timedelta(hours=1), start=day, end=day + dt.timedelta(days=14)
        )
        for application, slot in zip(applications[::8][:3], slots, strict=False):
            services.interview_schedule(
                actor=hr_user,
                application=application,
                interviewers=interviewers,
                start=slot.start,
                end=slot.end,
                room="Zasedačka 1.02",
            )
            booked += 1
    rejected = applications[1]
    services.application_move(actor=None, application=rejected, stage=Stage.REJECTED, reason="Chybí praxe")
    out.write(f"recruitment: {len(positions)} positions, {len(applications)} applications, {booked} interviews\n")
