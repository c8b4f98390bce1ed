"""iCalendar invitations (RFC 5545 objects, RFC 5546 iTIP methods) built with the `icalendar` library."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from backoffice.meetings.slots import local_zone

PRODID = "-//Backoffice//Meetings//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def organizer_address(meeting) -> tuple[str, str]:
    organizer = meeting.organizer
    return organizer.full_name, organizer.email or settings.DEFAULT_FROM_EMAIL


def attendees(meeting) -> list[tuple[str, str]]:
    """(name, e-mail) of every participant and guest who has an address, in a stable order."""
    people = [(p.full_name, p.email) for p in meeting.participants.order_by("pk") if p.email]
    guests = [(g.name, g.email) for g in meeting.guests.order_by("pk")]
    return people + guests


def calendar_for(meeting, method: str, *, stamp: dt.datetime | None = None) -> Calendar:
    zone = local_zone()
    calendar = Calendar.new(method=method, prodid=PRODID)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", meeting.start.astimezone(zone))
    event.add("dtend", meeting.end.astimezone(zone))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    description = meeting.description
    if meeting.video_link:
        description = f"{description}\n\n{meeting.video_link}".strip()
        event.add("url", meeting.video_link)
    if description:
        event.add("description", description)
    location = meeting.room or meeting.video_link
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(*organizer_address(meeting)))
    for name, email in attendees(meeting):
        attendee = _address(name, email)
        attendee.params["CUTYPE"] = "INDIVIDUAL"
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "TRUE"
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def invitation_text(meeting, method: str) -> str:
    return calendar_for(meeting, method).to_ical().decode()
