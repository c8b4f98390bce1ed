"""Common free time of several employees, in the company's time zone, correct across DST changes.

A person is free when all of these hold:
- it is inside their working hours for that weekday (`WorkingHours`; none set: Monday–Friday 8:00–16:30, local time),
- the day is not a public holiday (the `holidays` package, country `MEETINGS_HOLIDAY_COUNTRY`, else `COUNTRY`,
  else CZ) and they have no approved absence that day,
- it does not overlap a busy time imported from their calendar feeds, nor one of their booked (not cancelled)
  meetings; both are widened by `buffer` on each side.

Working hours are wall-clock times: each day is built as a local datetime in `settings.TIME_ZONE` and only then
turned into an instant, so 8:00–16:30 stays 8:00–16:30 on the days clocks change. Internally everything is
integer POSIX seconds, which keeps a four-week search for six people to a few milliseconds after four queries.

`best_slots` proposes a few of the free slots: for each day the slot nearest to 10:00 (mid-morning, earlier wins a
tie), the earliest `count` days first; with fewer days than `count`, the next-nearest slots of those days that
do not overlap those already chosen fill the list. The proposals are returned in time order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import connections
from django.utils import timezone

from backoffice.meetings.choices import MeetingStatus
from backoffice.people.choices import AbsenceStatus
from backoffice.people.models import Absence, Employee

DEFAULT_HOURS = (dt.time(8, 0), dt.time(16, 30))
DEFAULT_DAYS = (0, 1, 2, 3, 4)
PREFERRED_TIME = dt.time(10, 0)

Interval = tuple[int, int]


@dataclass(frozen=True, order=True)
class Slot:
    start: dt.datetime
    end: dt.datetime


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def holiday_country() -> str:
    return getattr(settings, "MEETINGS_HOLIDAY_COUNTRY", "") or getattr(settings, "COUNTRY", "") or "CZ"


@lru_cache(maxsize=32)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_holiday(day: dt.date) -> bool:
    return day in _holidays(holiday_country(), day.year)


def _ts(day: dt.date, time: dt.time, zone: ZoneInfo) -> int:
    return int(dt.datetime.combine(day, time, tzinfo=zone).timestamp())


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list[int]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _subtract(free: list[Interval], busy: list[Interval]) -> list[Interval]:
    """`free` minus `busy`; both sorted, `busy` merged."""
    result: list[Interval] = []
    j = 0
    for a, b in free:
        while j < len(busy) and busy[j][1] <= a:
            j += 1
        k = j
        cursor = a
        while k < len(busy) and busy[k][0] < b:
            if busy[k][0] > cursor:
                result.append((cursor, busy[k][0]))
            cursor = max(cursor, busy[k][1])
            k += 1
        if cursor < b:
            result.append((cursor, b))
    return result


def _intersect(left: list[Interval], right: list[Interval]) -> list[Interval]:
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        a = max(left[i][0], right[j][0])
        b = min(left[i][1], right[j][1])
        if a < b:
            result.append((a, b))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def _ids(participants: Iterable[Employee | int]) -> list[int]:
    ids = []
    for person in participants:
        pk = person.pk if isinstance(person, Employee) else int(person)
        if pk not in ids:
            ids.append(pk)
    return ids


def _seconds(value) -> int:
    """POSIX seconds of a database datetime: aware from PostgreSQL, or SQLite's naive UTC text."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return int(value.timestamp())


def _spans(rows) -> list[tuple[int, int, int]]:
    """(id, start, end) rows of a values_list() query, read with a plain cursor: the busy spans are the bulk of a
    search, and Django's per-value datetime conversion would cost more than the whole interval arithmetic."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, _seconds(a), _seconds(b)) for pk, a, b in cursor.fetchall()]


def free_intervals(
    participant_ids: Sequence[int],
    first_day: dt.date,
    last_day: dt.date,
    *,
    buffer: dt.timedelta = dt.timedelta(0),
    exclude_meeting_id: int | None = None,
) -> dict[int, list[Interval]]:
    """Each person's free intervals (POSIX seconds) on the local days first_day..last_day."""
    from backoffice.meetings.models import BusyTime, Meeting, WorkingHours

    zone = local_zone()
    days = _days(first_day, last_day)
    lo = _ts(first_day, dt.time(0), zone)
    hi = _ts(last_day + dt.timedelta(days=1), dt.time(0), zone)
    pad = int(buffer.total_seconds())
    lo_dt = dt.datetime.fromtimestamp(lo - pad, dt.UTC)
    hi_dt = dt.datetime.fromtimestamp(hi + pad, dt.UTC)

    hours: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(lambda: defaultdict(list))
    for employee_id, weekday, start, end in WorkingHours.objects.filter(employee_id__in=participant_ids).values_list(
        "employee_id", "weekday", "start", "end"
    ):
        hours[employee_id][weekday].append((start, end))

    away: dict[int, set[dt.date]] = defaultdict(set)
    for employee_id, a, b in Absence.objects.filter(
        employee_id__in=participant_ids,
        status=AbsenceStatus.APPROVED,
        start_date__lte=last_day,
        end_date__gte=first_day,
    ).values_list("employee_id", "start_date", "end_date"):
        for day in _days(max(a, first_day), min(b, last_day)):
            away[employee_id].add(day)

    busy: dict[int, list[Interval]] = defaultdict(list)
    imported = BusyTime.objects.filter(employee_id__in=participant_ids, start__lt=hi_dt, end__gt=lo_dt)
    for employee_id, a, b in _spans(imported.values_list("employee_id", "start", "end")):
        busy[employee_id].append((a - pad, b + pad))
    meetings = Meeting.participants.through.objects.filter(
        employee_id__in=participant_ids,
        meeting__status=MeetingStatus.BOOKED,
        meeting__start__lt=hi_dt,
        meeting__end__gt=lo_dt,
    )
    if exclude_meeting_id is not None:
        meetings = meetings.exclude(meeting_id=exclude_meeting_id)
    for employee_id, a, b in _spans(meetings.values_list("employee_id", "meeting__start", "meeting__end")):
        busy[employee_id].append((a - pad, b + pad))

    working_days = [day for day in days if not is_holiday(day)]
    result: dict[int, list[Interval]] = {}
    for employee_id in participant_ids:
        own = hours.get(employee_id)
        free: list[Interval] = []
        for day in working_days:
            if day in away[employee_id]:
                continue
            weekday = day.weekday()
            default = [DEFAULT_HOURS] if weekday in DEFAULT_DAYS else []
            spans = default if own is None else own.get(weekday, [])
            for start, end in spans:
                free.append((_ts(day, start, zone), _ts(day, end, zone)))
        result[employee_id] = _subtract(_merge(free), _merge(busy[employee_id]))
    return result


def common_free(per_person: dict[int, list[Interval]]) -> list[Interval]:
    people = list(per_person.values())
    if not people:
        return []
    common = people[0]
    for other in people[1:]:
        common = _intersect(common, other)
    return common


def _slots_in(
    intervals: list[Interval], duration: int, step: int, zone: ZoneInfo, not_before: int, limit: int | None
) -> list[Slot]:
    slots: list[Slot] = []
    midnight_of: dict[dt.date, int] = {}
    for a, b in intervals:
        a = max(a, not_before)
        if b - a < duration:
            continue
        day = dt.datetime.fromtimestamp(a, zone).date()
        if day not in midnight_of:
            midnight_of[day] = _ts(day, dt.time(0), zone)
        midnight = midnight_of[day]
        t = midnight + -(-(a - midnight) // step) * step
        while t + duration <= b:
            slots.append(Slot(dt.datetime.fromtimestamp(t, zone), dt.datetime.fromtimestamp(t + duration, zone)))
            if limit is not None and len(slots) >= limit:
                return slots
            t += step
    return slots


def _check(duration: dt.timedelta, start: dt.date, end: dt.date, buffer: dt.timedelta, step: dt.timedelta) -> None:
    from django.utils.translation import gettext as _

    from backoffice.core.errors import InvalidInput

    errors: dict[str, list[str]] = {}
    if duration <= dt.timedelta(0):
        errors["duration"] = [_("The duration must be more than zero.")]
    elif duration > dt.timedelta(hours=12):
        errors["duration"] = [_("A meeting can last at most 12 hours.")]
    if end < start:
        errors["end"] = [_("The range cannot end before it starts.")]
    elif (end - start).days > 366:
        errors["end"] = [_("Search at most one year at a time.")]
    if buffer < dt.timedelta(0) or buffer > dt.timedelta(hours=4):
        errors["buffer"] = [_("The buffer must be between 0 and 4 hours.")]
    if step < dt.timedelta(minutes=5) or step > dt.timedelta(hours=4):
        errors["step"] = [_("The step must be between 5 minutes and 4 hours.")]
    if errors:
        raise InvalidInput(fields=errors)


def free_slots(
    *,
    participants: Iterable[Employee | int],
    duration: dt.timedelta,
    start: dt.date,
    end: dt.date,
    buffer: dt.timedelta = dt.timedelta(0),
    step: dt.timedelta = dt.timedelta(minutes=15),
    limit: int | None = None,
) -> list[Slot]:
    """Every slot of `duration` (starting on the `step` grid from local midnight) when all participants are free,
    from the local day `start` to the local day `end` (both included), never in the past, in time order."""
    _check(duration, start, end, buffer, step)
    ids = _ids(participants)
    if not ids:
        return []
    per_person = free_intervals(ids, start, end, buffer=buffer)
    now = int(timezone.now().timestamp())
    return _slots_in(
        common_free(per_person), int(duration.total_seconds()), int(step.total_seconds()), local_zone(), now, limit
    )


def best_slots(
    *,
    participants: Iterable[Employee | int],
    duration: dt.timedelta,
    start: dt.date,
    end: dt.date,
    buffer: dt.timedelta = dt.timedelta(0),
    step: dt.timedelta = dt.timedelta(minutes=15),
    limit: int | None = None,
    count: int = 5,
) -> list[Slot]:
    """A few good proposals among the free slots (the rule is in the module's docstring)."""
    slots = free_slots(
        participants=participants, duration=duration, start=start, end=end, buffer=buffer, step=step, limit=limit
    )
    if count <= 0 or not slots:
        return []
    by_day: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_day[slot.start.date()].append(slot)
    preferred = PREFERRED_TIME.hour * 60 + PREFERRED_TIME.minute

    def distance(slot: Slot) -> tuple[int, dt.datetime]:
        return abs(slot.start.hour * 60 + slot.start.minute - preferred), slot.start

    ranked = {day: sorted(day_slots, key=distance) for day, day_slots in by_day.items()}
    days = sorted(ranked)
    chosen: list[Slot] = [ranked[day][0] for day in days[:count]]
    if len(chosen) < count:
        for day in days:
            for slot in ranked[day][1:]:
                if len(chosen) >= count:
                    break
                if all(slot.end <= other.start or slot.start >= other.end for other in chosen):
                    chosen.append(slot)
    return sorted(chosen)


def busy_people(
    participants: Iterable[Employee | int],
    start: dt.datetime,
    end: dt.datetime,
    *,
    exclude_meeting_id: int | None = None,
) -> list[int]:
    """Ids of those participants who are not free for the whole of start..end."""
    ids = _ids(participants)
    if not ids:
        return []
    zone = local_zone()
    first_day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    per_person = free_intervals(ids, first_day, last_day, exclude_meeting_id=exclude_meeting_id)
    a, b = int(start.timestamp()), int(end.timestamp())
    return [pk for pk in ids if not any(x <= a and b <= y for x, y in per_person[pk])]
