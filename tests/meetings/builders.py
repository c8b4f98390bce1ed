"""Meetings test data, made through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from backoffice.meetings import services

PRAGUE = ZoneInfo("Europe/Prague")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Prague wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


def book(participants, start: dt.datetime, minutes: int = 60, **values):
    values.setdefault("title", "Porada")
    values.setdefault("organizer", participants[0])
    return services.meeting_book(
        actor=values.pop("actor", None),
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        participants=participants,
        **values,
    )
