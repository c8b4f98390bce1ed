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


def reply_to(meeting, email: str, status: str, *, sequence: int | None = None, stamp: str = "20270101T120000Z"):
    """The iTIP REPLY an attendee's calendar sends: the invitation turned round, with only that attendee."""
    from icalendar import Calendar

    from backoffice.meetings import ics

    invitation = ics.calendar_for(meeting, ics.REQUEST)
    reply = Calendar.new(method="REPLY", prodid="-//Some Calendar//EN")
    [event] = invitation.walk("VEVENT")
    answer = event.copy()
    for name in ("DTSTAMP", "SEQUENCE"):
        answer.pop(name, None)
    answer.add("dtstamp", dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC))
    answer.add("sequence", meeting.sequence if sequence is None else sequence)
    for attendee in event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]:
        if str(attendee).lower() == f"mailto:{email.lower()}":
            attendee.params["PARTSTAT"] = status
            answer["ATTENDEE"] = attendee
    for component in invitation.walk("VTIMEZONE"):
        reply.add_component(component)
    reply.add_component(answer)
    return reply.to_ical()
