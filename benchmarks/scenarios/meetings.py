"""Meetings: the common free slots of 6 participants over 4 weeks, with realistic busy data (issue #6: <= 50 ms).

Six employees get, over the four weeks: own working hours for two of them, one or two meetings on most days each
(many shared, so each has about two a day), an imported busy time on most days, and a week of vacation for one.
Everything is written in one transaction that is rolled back afterwards, so the benchmark database stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.meetings.models import BusyTime, CalendarFeed, Meeting, WorkingHours
from backoffice.meetings.slots import best_slots, free_slots, local_zone
from backoffice.people.choices import AbsenceKind, AbsenceStatus
from backoffice.people.models import Absence, Employee
from benchmarks.environment import Context
from benchmarks.harness import Report, at_most, measure, scenario

GOAL_MS = 50.0
PEOPLE = 6
DAYS = 28


class _Rollback(Exception):
    pass


def _build(people: list[Employee], first: dt.date) -> dict[str, int]:
    rng = random.Random(6)
    zone = local_zone()
    WorkingHours.objects.bulk_create(
        [WorkingHours(employee=people[0], weekday=d, start=dt.time(7), end=dt.time(15, 30)) for d in range(5)]
        + [WorkingHours(employee=people[1], weekday=d, start=dt.time(9), end=dt.time(14)) for d in range(4)]
    )
    Absence.objects.create(
        employee=people[2],
        kind=AbsenceKind.VACATION,
        status=AbsenceStatus.APPROVED,
        start_date=first + dt.timedelta(days=8),
        end_date=first + dt.timedelta(days=12),
    )
    meetings, through, busy = 0, [], []
    feeds = [CalendarFeed.objects.create(employee=p, url="https://calendar.example.cz/busy.ics") for p in people]
    for offset in range(DAYS + 7):
        day = first - dt.timedelta(days=3) + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for person in people:
            for _ in range(rng.choice([0, 1, 1, 2])):
                start = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.choice([0, 15, 30, 45])), zone)
                meeting = Meeting.objects.create(
                    uid=f"bench-{meetings}@bench",
                    title="Porada",
                    start=start,
                    end=start + dt.timedelta(minutes=rng.choice([30, 45, 60, 90])),
                    organizer=person,
                )
                meetings += 1
                others = rng.sample(people, rng.randint(0, 2))
                for member in {person, *others}:
                    through.append(Meeting.participants.through(meeting=meeting, employee=member))
            for _ in range(rng.choice([0, 1, 1])):
                start = dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.choice([0, 30])), zone)
                busy.append(
                    BusyTime(
                        feed=feeds[people.index(person)],
                        employee=person,
                        start=start,
                        end=start + dt.timedelta(minutes=rng.choice([30, 60, 120])),
                    )
                )
    Meeting.participants.through.objects.bulk_create(through)
    BusyTime.objects.bulk_create(busy)
    return {"meetings": meetings, "meeting participations": len(through), "busy times": len(busy)}


@scenario("meetings.free_slots", "common free slots of 6 participants over 4 weeks, realistic busy data")
def common_free_slots(ctx: Context) -> Report:
    report = Report(
        "meetings.free_slots",
        "common free slots, 6 participants, 4 weeks",
        setting=f"{ctx.environment.facts.get('database')}, in process, data rolled back afterwards",
    )
    try:
        with transaction.atomic():
            people = [
                Employee.objects.create(first_name="Bench", last_name=f"Meetings{n}", email=f"bench{n}@bench.cz")
                for n in range(PEOPLE)
            ]
            today = timezone.localdate()
            first = today + dt.timedelta(days=7 - today.weekday())  # next Monday
            last = first + dt.timedelta(days=DAYS - 1)
            report.facts.update(_build(people, first))
            arguments = {
                "participants": people,
                "duration": dt.timedelta(minutes=60),
                "start": first,
                "end": last,
                "buffer": dt.timedelta(minutes=10),
            }
            found = {"free": free_slots(**arguments), "best": best_slots(**arguments)}
            if not found["free"] or len(found["best"]) != 5:
                raise RuntimeError(f"expected free slots and 5 proposals, got {len(found['free'])} / {found['best']}")
            with CaptureQueriesContext(connection) as queries:
                free_slots(**arguments)
            report.facts["free slots found"] = len(found["free"])
            report.facts["queries per search"] = len(queries)
            repetitions = 30 if ctx.quick else 200
            timings = measure(
                {
                    "free_slots(6 people, 28 days, 60 min, buffer 10 min)": lambda: free_slots(**arguments),
                    "best_slots(same, count=5)": lambda: best_slots(**arguments),
                },
                repetitions=repetitions,
                warmup=5,
                budget_s=ctx.budget_s,
            )
            for timing in timings.values():
                report.add(
                    timing,
                    goals=[
                        at_most("median", timing.median_ms, GOAL_MS, " ms"),
                        at_most("p95", timing.p95_ms, GOAL_MS, " ms"),
                    ],
                )
            raise _Rollback
    except _Rollback:
        pass
    return report
