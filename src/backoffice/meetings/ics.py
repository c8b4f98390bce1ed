"""iCalendar invitations (RFC 5545 objects, RFC 5546 iTIP methods) built with the `icalendar` library, and the
attendees' replies (METHOD:REPLY) read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
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


REPLY = "REPLY"
MAX_REPLY_BYTES = 256 * 1024


@dataclass(frozen=True)
class Reply:
    """One attendee's answer read from an iTIP REPLY (RFC 5546 3.2.3)."""

    uid: str
    email: str
    name: str
    status: str  # PARTSTAT
    sequence: int
    stamp: dt.datetime
    comment: str


class NotAReply(ValueError):
    """The data is not an iCalendar REPLY we can use; the message says why, for the person who sent it."""


def _email_of(address) -> str:
    value = str(address or "").strip()
    return (value[7:] if value.lower().startswith("mailto:") else value).strip().lower()


def read_replies(data: bytes | str) -> list[Reply]:
    """The answers in an iCalendar REPLY: one per VEVENT (each names its attendee, PARTSTAT and SEQUENCE)."""
    if isinstance(data, str):
        data = data.encode()
    if not data.strip():
        raise NotAReply(_("The file is empty."))
    if len(data) > MAX_REPLY_BYTES:
        raise NotAReply(_("The file is too large for a calendar reply."))
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError):
        raise NotAReply(_("This is not an iCalendar file.")) from None
    if str(calendar.get("method", "")).upper() != REPLY:
        raise NotAReply(_("This is not a reply to an invitation (iCalendar METHOD:REPLY)."))
    replies = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("uid", "")).strip()
        attendees = event.get("attendee")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
        if not uid or len(attendees) != 1:
            raise NotAReply(_("A reply must name the meeting (UID) and exactly one attendee."))
        attendee = attendees[0]
        status = str(attendee.params.get("PARTSTAT", "")).upper()
        try:
            sequence = int(event.get("sequence", 0))
            stamp = event.decoded("dtstamp") if event.get("dtstamp") is not None else timezone.now()
        except (ValueError, TypeError):
            raise NotAReply(_("The reply's SEQUENCE or DTSTAMP cannot be read.")) from None
        if not isinstance(stamp, dt.datetime):
            raise NotAReply(_("The reply's SEQUENCE or DTSTAMP cannot be read."))
        if timezone.is_naive(stamp):
            stamp = stamp.replace(tzinfo=dt.UTC)
        replies.append(
            Reply(
                uid=uid,
                email=_email_of(attendee),
                name=str(attendee.params.get("CN", ""))[:200],
                status=status,
                sequence=max(sequence, 0),
                stamp=stamp,
                comment=str(event.get("comment", ""))[:500],
            )
        )
    if not replies:
        raise NotAReply(_("The reply contains no event."))
    return replies
