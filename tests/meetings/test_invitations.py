"""iCalendar invitations as the SMTP server received them (parsed with `icalendar`), the signal, reminders."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from backoffice.core.errors import Conflict, InvalidInput
from backoffice.core.models import OutboxMessage
from backoffice.meetings import services
from backoffice.meetings.models import Meeting
from backoffice.meetings.signals import meeting_changed
from tests.builders import make_employee
from tests.meetings.builders import PRAGUE, at

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def calendar_part(message):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def received_by(server, address):
    return [m for m in server.messages if m["To"] == address]


@pytest.fixture
def people():
    director = make_employee(first_name="Hana", last_name="Dvořáková", email="hana@firma.cz")
    colleague = make_employee(first_name="Petr", last_name="Svoboda", email="petr@firma.cz")
    return director, colleague


def test_booking_rescheduling_and_cancelling_send_rfc5546_mail(smtp_server, people):
    director, colleague = people
    start = at(2027, 3, 30, 10)  # CEST, two days after the clocks moved
    meeting = services.meeting_book(
        actor=None,
        title="Pohovor: účetní",
        start=start,
        end=start + dt.timedelta(hours=1),
        organizer=director,
        participants=[director, colleague],
        guests=[("Jan Novák", "jan.novak@example.com")],
        room="Zasedačka 2.01",
    )
    for address in ("hana@firma.cz", "petr@firma.cz", "jan.novak@example.com"):
        [mail] = received_by(smtp_server, address)
        part, calendar = calendar_part(mail)
        assert part.get_param("method") == "REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == meeting.uid
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DTSTART") == start and event.decoded("DTEND") == start + dt.timedelta(hours=1)
        assert event["DTSTART"].params["TZID"] == "Europe/Prague"
        assert str(event["ORGANIZER"]) == "mailto:hana@firma.cz" and event["ORGANIZER"].params["CN"] == "Hana Dvořáková"
        attendees = {str(a): a.params for a in event["ATTENDEE"]}
        assert set(attendees) == {"mailto:hana@firma.cz", "mailto:petr@firma.cz", "mailto:jan.novak@example.com"}
        assert all(params["RSVP"] == "TRUE" and params["PARTSTAT"] == "NEEDS-ACTION" for params in attendees.values())
        assert attendees["mailto:jan.novak@example.com"]["CN"] == "Jan Novák"
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Prague"
        assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
        assert str(event["LOCATION"]) == "Zasedačka 2.01" and str(event["STATUS"]) == "CONFIRMED"
        assert [a.get_filename() for a in mail.iter_attachments()] == ["invite.ics"]

    smtp_server.mailbox.messages.clear()
    later = at(2027, 3, 31, 13)
    services.meeting_reschedule(actor=None, meeting=meeting, start=later, end=later + dt.timedelta(minutes=90))
    [mail] = received_by(smtp_server, "jan.novak@example.com")
    part, calendar = calendar_part(mail)
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST" and part.get_param("method") == "REQUEST"
    assert str(event["UID"]) == meeting.uid and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later and event.decoded("DTEND").astimezone(PRAGUE).time() == dt.time(14, 30)

    smtp_server.mailbox.messages.clear()
    services.meeting_cancel(actor=None, meeting=meeting, reason="Kandidát se omluvil")
    assert len(smtp_server.messages) == 3
    part, calendar = calendar_part(received_by(smtp_server, "petr@firma.cz")[0])
    [event] = calendar.walk("VEVENT")
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED" and str(event["UID"]) == meeting.uid and event["SEQUENCE"] == 2
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 9


def test_the_signal_fires_after_commit_with_the_action(people):
    director, colleague = people
    seen = []

    def listen(sender, meeting, action, **kwargs):
        seen.append((sender, meeting.pk, action))

    meeting_changed.connect(listen)
    try:
        meeting = services.meeting_book(
            actor=None,
            title="Porada",
            start=at(2027, 2, 1, 9),
            end=at(2027, 2, 1, 10),
            organizer=director,
            participants=[director, colleague],
        )
        services.meeting_reschedule(actor=None, meeting=meeting, start=at(2027, 2, 2, 9), end=at(2027, 2, 2, 10))
        services.meeting_cancel(actor=None, meeting=meeting)
        with pytest.raises(Conflict):
            services.meeting_cancel(actor=None, meeting=meeting)
    finally:
        meeting_changed.disconnect(listen)
    assert seen == [
        (Meeting, meeting.pk, "booked"),
        (Meeting, meeting.pk, "rescheduled"),
        (Meeting, meeting.pk, "cancelled"),
    ]


def test_refusals_leave_nothing_written_and_send_nothing(smtp_server, people):
    director, colleague = people
    services.meeting_book(
        actor=None,
        title="Porada",
        start=at(2027, 2, 1, 9),
        end=at(2027, 2, 1, 10),
        organizer=director,
        participants=[colleague],
    )
    smtp_server.mailbox.messages.clear()
    before = (Meeting.objects.count(), OutboxMessage.objects.count())
    base = {"actor": None, "title": "Pohovor", "organizer": director, "participants": [director, colleague]}
    cases = [
        ({"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 11)}, InvalidInput, "end"),
        ({"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 10)}, InvalidInput, "end"),
        ({"start": at(2027, 2, 1, 9, 30), "end": at(2027, 2, 1, 10, 30)}, Conflict, "start"),  # Petr is busy
        ({"start": at(2027, 2, 6, 9), "end": at(2027, 2, 6, 10)}, Conflict, "start"),  # a Saturday
        ({"start": at(2020, 2, 3, 9), "end": at(2020, 2, 3, 10)}, InvalidInput, "start"),
        ({"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 12), "title": " "}, InvalidInput, "title"),
        ({"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 12), "participants": []}, InvalidInput, "participants"),
        (
            {"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 12), "guests": [("Jan", "ne-adresa")]},
            InvalidInput,
            "guests",
        ),
        (
            {"start": at(2027, 2, 1, 11), "end": at(2027, 2, 1, 12), "video_link": "javascript:alert(1)"},
            InvalidInput,
            "video_link",
        ),
    ]
    for change, error, field in cases:
        with pytest.raises(error) as caught:
            services.meeting_book(**{**base, **change})
        assert field in caught.value.fields, change
        if error is Conflict:
            assert "Petr Svoboda" in caught.value.message or "Hana" in caught.value.message
    assert (Meeting.objects.count(), OutboxMessage.objects.count()) == before
    assert smtp_server.messages == []


def test_reminders_go_out_once_to_participants_and_guests(smtp_server, people, settings):
    director, colleague = people
    settings.MEETINGS_REMINDER_HOURS = 24
    now = timezone.now()
    start = (now + dt.timedelta(hours=3)).astimezone(PRAGUE).replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        uid="test-reminder@firma.cz",
        title="Porada",
        start=start,
        end=start + dt.timedelta(hours=1),
        organizer=director,
    )
    meeting.participants.set([director, colleague])
    meeting.guests.create(name="Jan Novák", email="jan@example.com")
    far = Meeting.objects.create(
        uid="test-far@firma.cz",
        title="Později",
        start=start + dt.timedelta(days=3),
        end=start + dt.timedelta(days=3, hours=1),
        organizer=director,
    )
    far.participants.set([director])
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    reminders = [m for m in smtp_server.messages if m["Subject"].strip().startswith(("Připomínka", "Reminder"))]
    assert sorted(m["To"] for m in reminders) == ["hana@firma.cz", "jan@example.com", "petr@firma.cz"]
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None
