"""Import busy times from outside calendars: an ICS address (plain HTTP GET) or a CalDAV calendar (`caldav`).

Only the busy spans are kept (no titles, no attendees): they are someone's private calendar. Recurring events
are expanded with `recurring_ical_events`; transparent ("free") and cancelled events are not busy; all-day events
block their whole local days.
"""

from __future__ import annotations

import datetime as dt

import caldav
import recurring_ical_events
import requests
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from backoffice.meetings.choices import FeedKind
from backoffice.meetings.models import BusyTime, CalendarFeed
from backoffice.meetings.slots import local_zone

PAST = dt.timedelta(days=1)
AHEAD = dt.timedelta(days=180)
TIMEOUT = 20
MAX_BYTES = 10 * 1024 * 1024


class FeedError(Exception):
    pass


def _instant(value, zone) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)  # floating time: local
    return dt.datetime.combine(value, dt.time(0), tzinfo=zone)


def busy_spans(calendar: Calendar, lo: dt.datetime, hi: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    zone = local_zone()
    spans: set[tuple[dt.datetime, dt.datetime]] = set()
    for event in recurring_ical_events.of(calendar).between(lo, hi):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start_value = event.decoded("DTSTART")
        if "DTEND" in event:
            end_value = event.decoded("DTEND")
        elif "DURATION" in event:
            end_value = start_value + event.decoded("DURATION")
        else:
            end_value = start_value if isinstance(start_value, dt.datetime) else start_value + dt.timedelta(days=1)
        start, end = _instant(start_value, zone), _instant(end_value, zone)
        if end > start:
            spans.add((start.astimezone(dt.UTC), end.astimezone(dt.UTC)))
    return sorted(spans)


def _fetch_ics(feed: CalendarFeed) -> Calendar:
    auth = (feed.username, feed.password) if feed.username else None
    try:
        with requests.get(feed.url, auth=auth, timeout=TIMEOUT, stream=True) as response:
            response.raise_for_status()
            data = b""
            for chunk in response.iter_content(65536):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise FeedError(_("The calendar is larger than 10 MB."))
    except requests.RequestException as exc:
        raise FeedError(_("The calendar could not be downloaded: %(error)s") % {"error": exc}) from exc
    try:
        return Calendar.from_ical(data)
    except ValueError as exc:
        raise FeedError(_("The address does not return an iCalendar file.")) from exc


def _caldav_spans(feed: CalendarFeed, lo: dt.datetime, hi: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    try:
        with caldav.DAVClient(
            url=feed.url, username=feed.username or None, password=feed.password or None, timeout=TIMEOUT
        ) as client:
            calendar = client.calendar(url=feed.url)
            resources = calendar.search(start=lo, end=hi, event=True)
            spans: set[tuple[dt.datetime, dt.datetime]] = set()
            for resource in resources:
                spans.update(busy_spans(resource.icalendar_instance, lo, hi))
    except (caldav.lib.error.DAVError, requests.RequestException, ValueError) as exc:
        raise FeedError(_("The CalDAV calendar could not be read: %(error)s") % {"error": exc}) from exc
    return sorted(spans)


def sync(feed: CalendarFeed, now: dt.datetime | None = None) -> int:
    """Replace the feed's busy times with what the calendar says now; return how many. FeedError on failure
    (kept in `last_error`; the previous busy times stay)."""
    now = now or timezone.now()
    lo, hi = now - PAST, now + AHEAD
    try:
        caldav_feed = feed.kind == FeedKind.CALDAV
        spans = _caldav_spans(feed, lo, hi) if caldav_feed else busy_spans(_fetch_ics(feed), lo, hi)
    except FeedError as exc:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_error=str(exc)[:500])
        feed.last_error = str(exc)[:500]
        raise
    with transaction.atomic():
        BusyTime.objects.filter(feed=feed).delete()
        BusyTime.objects.bulk_create(
            BusyTime(feed=feed, employee_id=feed.employee_id, start=a, end=b) for a, b in spans
        )
        CalendarFeed.objects.filter(pk=feed.pk).update(last_synced_at=now, last_error="")
    feed.last_synced_at, feed.last_error = now, ""
    return len(spans)


def sync_all() -> int:
    synced = 0
    for feed in CalendarFeed.objects.all():
        try:
            sync(feed)
            synced += 1
        except FeedError:
            continue
    return synced
