"""Busy times imported from outside calendars: an ICS address (loopback HTTP) and CalDAV (a real Radicale)."""

import datetime as dt
import importlib

import caldav
import pytest
from django.apps import apps
from django.db import connection

from backoffice.core import secrets
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.meetings import feeds, services
from backoffice.meetings.choices import FeedKind
from backoffice.meetings.models import BusyTime, CalendarFeed
from backoffice.meetings.slots import free_slots
from tests.builders import make_employee, make_user
from tests.meetings.builders import at
from tests.meetings.peers import IcsServer, Radicale

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:one@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Prague:20270111T090000
DTEND;TZID=Europe/Prague:20270111T120000
SUMMARY:Lékař (soukromé)
END:VEVENT
BEGIN:VEVENT
UID:weekly@test
DTSTAMP:20261101T000000Z
DTSTART:20270112T130000Z
DURATION:PT2H
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Jóga
END:VEVENT
BEGIN:VEVENT
UID:free@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Prague:20270113T080000
DTEND;TZID=Europe/Prague:20270113T160000
TRANSP:TRANSPARENT
SUMMARY:Jen poznámka
END:VEVENT
BEGIN:VEVENT
UID:allday@test
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20270114
DTEND;VALUE=DATE:20270115
SUMMARY:Školení mimo firmu
END:VEVENT
END:VCALENDAR
"""

NOW = at(2027, 1, 10, 12)
CALDAV_EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Prague:{start}
DTEND;TZID=Europe/Prague:{end}
{extra}SUMMARY:Soukromé
END:VEVENT
END:VCALENDAR
"""


def day_starts(person, day):
    return [s.start for s in free_slots(participants=[person], duration=HOUR, start=day, end=day, step=HOUR)]


def test_an_ics_feed_blocks_its_busy_times_only():
    person = make_employee()
    with IcsServer(ICS) as server:
        feed = services.calendar_feed_add(actor=None, employee=person, kind=FeedKind.ICS, url=server.url)
        assert feed.last_error == ""
        assert feeds.sync(feed, now=NOW) == 1 + 3 + 1  # the weekly one expands to three
    assert [s.hour for s in day_starts(person, dt.date(2027, 1, 11))] == [8, 12, 13, 14, 15]  # busy 9–12
    tuesday = day_starts(person, dt.date(2027, 1, 12))
    assert at(2027, 1, 12, 14) not in tuesday and at(2027, 1, 12, 15) not in tuesday  # 13:00Z = 14:00 local, 2 h
    assert at(2027, 1, 12, 13) in tuesday
    assert len(day_starts(person, dt.date(2027, 1, 13))) == 8  # a transparent event is not busy
    assert day_starts(person, dt.date(2027, 1, 14)) == []  # all-day event
    assert not BusyTime.objects.filter(employee=person).exclude(feed=feed).exists()


def test_a_feed_resync_replaces_and_a_broken_one_keeps_the_old_times_and_says_why():
    person = make_employee()
    with IcsServer(ICS) as server:
        feed = services.calendar_feed_add(actor=None, employee=person, kind=FeedKind.ICS, url=server.url)
        feeds.sync(feed, now=NOW)
        server.text = ICS.replace("RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=WEEKLY;COUNT=1")
        assert feeds.sync(feed, now=NOW) == 3
        server.text = "this is not a calendar"
        with pytest.raises(feeds.FeedError):
            feeds.sync(feed, now=NOW)
    feed.refresh_from_db()
    assert "iCalendar" in feed.last_error
    assert BusyTime.objects.filter(feed=feed).count() == 3
    with pytest.raises(InvalidInput) as caught:
        services.calendar_feed_sync(actor=None, feed=feed)  # the server is gone now
    assert "url" in caught.value.fields


def test_feeds_are_personal_and_checked():
    owner, other = make_user(None), make_user(None)
    with pytest.raises(NotAllowed):
        services.calendar_feed_add(
            actor=other, employee=owner.employee, kind=FeedKind.ICS, url="https://example.com/a.ics"
        )
    for url in ("", "ftp://example.com/a.ics", "not a url"):
        with pytest.raises(InvalidInput) as caught:
            services.calendar_feed_add(actor=owner, employee=owner.employee, kind=FeedKind.ICS, url=url)
        assert "url" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.calendar_feed_add(actor=owner, employee=owner.employee, kind="exchange", url="https://x.cz/")
    assert "kind" in caught.value.fields


def test_caldav_busy_times_come_from_a_real_radicale_server():
    person = make_employee()
    with Radicale() as server:
        with caldav.DAVClient(url=server.url, username="hana", password="x") as client:
            calendar = client.principal().make_calendar(name="Práce")
            calendar.save_event(
                CALDAV_EVENT.format(uid="c1@test", start="20270111T100000", end="20270111T113000", extra="")
            )
            calendar.save_event(
                CALDAV_EVENT.format(
                    uid="c2@test", start="20270112T080000", end="20270112T090000", extra="RRULE:FREQ=DAILY;COUNT=2\n"
                )
            )
            calendar_url = str(calendar.url)
        feed = services.calendar_feed_add(
            actor=None, employee=person, kind=FeedKind.CALDAV, url=calendar_url, username="hana", password="x"
        )
        assert feeds.sync(feed, now=NOW) == 3
    monday = day_starts(person, dt.date(2027, 1, 11))
    assert at(2027, 1, 11, 10) not in monday and at(2027, 1, 11, 11) not in monday
    assert at(2027, 1, 11, 9) in monday and at(2027, 1, 11, 12) in monday
    assert day_starts(person, dt.date(2027, 1, 13))[0] == at(2027, 1, 13, 9)  # the daily one, second time
    assert day_starts(person, dt.date(2027, 1, 14))[0] == at(2027, 1, 14, 8)


def _stored_password(feed) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM meetings_calendarfeed WHERE id = %s", [feed.pk])
        return cursor.fetchone()[0]


def test_caldav_password_is_encrypted_at_rest_and_still_signs_in_to_a_real_server():
    person = make_employee()
    with Radicale(users={"hana": "Kalendar-heslo-7"}) as server:
        with caldav.DAVClient(url=server.url, username="hana", password="Kalendar-heslo-7") as client:
            calendar = client.principal().make_calendar(name="Práce")
            calendar.save_event(
                CALDAV_EVENT.format(uid="s1@test", start="20270111T100000", end="20270111T113000", extra="")
            )
            calendar_url = str(calendar.url)
        feed = services.calendar_feed_add(
            actor=None, employee=person, kind=FeedKind.CALDAV, url=calendar_url, username="hana",
            password="Kalendar-heslo-7",
        )  # fmt: skip
        raw = _stored_password(feed)
        assert secrets.is_encrypted(raw) and "Kalendar-heslo-7" not in raw
        fresh = CalendarFeed.objects.get(pk=feed.pk)  # read back from the database: decrypted on load
        assert fresh.password == "Kalendar-heslo-7"
        assert feeds.sync(fresh, now=NOW) == 1
        for entry in AuditEntry.objects.filter(content_type__model="calendarfeed"):
            assert "Kalendar-heslo-7" not in str(entry.before) + str(entry.after)
        CalendarFeed.objects.filter(pk=feed.pk).update(password="Spatne-heslo")  # a wrong one is refused
        with pytest.raises(InvalidInput) as caught:
            services.calendar_feed_sync(actor=None, feed=CalendarFeed.objects.get(pk=feed.pk))
        assert "url" in caught.value.fields
    assert at(2027, 1, 11, 10) not in day_starts(person, dt.date(2027, 1, 11))


def test_the_migration_encrypts_calendar_passwords_stored_as_plain_text():
    feed = services.calendar_feed_add(
        actor=None, employee=make_employee(), kind=FeedKind.ICS, url="http://127.0.0.1:9/none.ics", username="u",
        password="x",
    )  # fmt: skip
    with connection.cursor() as cursor:  # as a database from before the migration has it
        cursor.execute("UPDATE meetings_calendarfeed SET password = %s WHERE id = %s", ["Plain-heslo-3", feed.pk])
    assert CalendarFeed.objects.get(pk=feed.pk).password == "Plain-heslo-3"  # a legacy value still reads
    migration = importlib.import_module("backoffice.meetings.migrations.0003_encrypt_calendar_feed_passwords")
    encrypt = [op for op in migration.Migration.operations if op.__class__.__name__ == "RunPython"][0]
    encrypt.code(apps, None)
    raw = _stored_password(feed)
    assert secrets.is_encrypted(raw) and "Plain-heslo-3" not in raw
    encrypt.code(apps, None)  # running it again keeps it encrypted and readable
    assert CalendarFeed.objects.get(pk=feed.pk).password == "Plain-heslo-3"
