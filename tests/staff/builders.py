"""Staff test data, made through the staff services."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.utils import timezone

from backoffice.equipment import services as equipment
from backoffice.equipment.choices import Category
from backoffice.people.choices import Area
from backoffice.staff import services
from backoffice.staff.choices import Responsible, TaskKind

_seq = itertools.count(1)


def png_image(size: tuple[int, int] = (8, 6)) -> bytes:
    """A real PNG (a photo of a document, as a phone sends it), made with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 200, 190)).save(out, format="PNG")
    return out.getvalue()


def pdf_scan(text: str = "Osvedceni o absolvovani kurzu") -> bytes:
    """A real one-page PDF with its cross-reference table, made with fpdf2 as the other modules' tests do."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(0, 10, text)
    return bytes(document.output())


def make_laptop(assignee=None):
    n = next(_seq)
    return equipment.asset_create(
        actor=None,
        category=Category.OTHER,
        manufacturer="Lenovo",
        model_name="ThinkPad T14",
        serial_number=f"SN-STAFF-{n}",
        assignee=assignee,
    )


def make_template(*, owner=None, tasks=None, **values):
    template = services.template_create(actor=None, name=values.pop("name", f"Nástup {next(_seq)}"), **values)
    for title, kind, responsible, area, offset in tasks or [
        ("Založit účet", TaskKind.ACCOUNT, Responsible.NAMED, Area.EQUIPMENT, -2),
        ("Předat notebook", TaskKind.EQUIPMENT, Responsible.NAMED, Area.EQUIPMENT, 0),
        ("Seznámit s týmem", TaskKind.OTHER, Responsible.MANAGER, Area.STAFF, 1),
    ]:
        services.template_task_add(
            actor=None,
            template=template,
            title=title,
            kind=kind,
            responsible=responsible,
            area=area,
            due_offset_days=offset,
            owner=owner if responsible == Responsible.NAMED else None,
        )
    return template


def make_course(code: str | None = None, months: int | None = 24, **values):
    n = next(_seq)
    return services.course_create(
        actor=None, code=code or f"K{n}", name=values.pop("name", f"Kurz {n}"), validity_months=months, **values
    )


def make_session(course, *, trainer=None, start: dt.datetime | None = None, hours: int = 2, capacity: int = 10):
    start = start or timezone.now() + dt.timedelta(days=7)
    return services.session_create(
        actor=None,
        course=course,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        place="Zasedačka",
        capacity=capacity,
        trainer=trainer,
        external_trainer="" if trainer else "Externí lektor",
    )
