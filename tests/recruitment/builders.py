"""Recruitment test data, made through the services production uses."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

from backoffice.recruitment import services
from backoffice.recruitment.choices import PositionStatus

_seq = itertools.count(1)
DATA = Path(__file__).resolve().parents[1] / "data" / "recruitment"
PRAGUE = ZoneInfo("Europe/Prague")

ACCOUNTANT_RESUME = """Jana Účetní
jana{n}@example.cz, 777 100 {phone:03d}
Pracovní zkušenosti
2015 – dosud  účetní: podvojné účetnictví, DPH, Pohoda, MS Office
Vzdělání: obchodní akademie, maturita
Jazyky: angličtina B2
"""


def accountant_resume(n: int) -> str:
    return ACCOUNTANT_RESUME.format(n=n, phone=n % 1000)  # a Czech phone number keeps its nine digits


def make_position(**values):
    values.setdefault("title", f"Účetní {next(_seq)}")
    values.setdefault("status", PositionStatus.OPEN)
    values.setdefault("description", "Vedení podvojného účetnictví, DPH, Pohoda.")
    values.setdefault(
        "skills", [{"name": "Accounting", "weight": 5, "must_have": True}, {"name": "Pohoda", "weight": 2}]
    )
    values.setdefault("languages", [{"language": "English", "level": "B1"}])
    return services.position_create(actor=None, **values)


def make_application(position=None, *, text: str | None = None, filename: str = "cv.txt", **values):
    n = next(_seq)
    position = position or make_position()
    body = text if text is not None else accountant_resume(n)
    values.setdefault("name", f"Kandidát {n}")
    values.setdefault("email", f"kandidat{n}@example.cz")
    return services.application_create(
        actor=None, position=position, resume=(filename, body.encode("utf-8")), consent=True, **values
    )


def next_weekday_at(hour: int, days_ahead: int = 7) -> dt.datetime:
    day = dt.date.today() + dt.timedelta(days=days_ahead)
    from backoffice.meetings.slots import is_holiday

    while day.weekday() >= 5 or is_holiday(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PRAGUE)
