"""Common free time: working hours, holidays, absences, meetings with buffers, in Prague time across DST."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.core.errors import InvalidInput
from backoffice.meetings import services
from backoffice.meetings.slots import best_slots, busy_people, free_slots
from backoffice.people import services as people_services
from backoffice.people.choices import AbsenceKind
from tests.builders import make_employee, make_user
from tests.meetings.builders import PRAGUE, at, book

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def starts(slots):
    return [s.start for s in slots]


def test_default_hours_are_monday_to_friday_eight_to_half_past_four_in_prague():
    person = make_employee()
    # Mon 2027-01-11 .. Sun 2027-01-17
    slots = free_slots(participants=[person], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 17))
    days = sorted({s.start.date() for s in slots})
    assert days == [dt.date(2027, 1, d) for d in range(11, 16)]
    monday = [s for s in slots if s.start.date() == dt.date(2027, 1, 11)]
    assert monday[0].start == at(2027, 1, 11, 8) and monday[-1].end == at(2027, 1, 11, 16, 30)
    assert len(monday) == 31  # 8:00, 8:15 … 15:30
    assert all(s.start.tzinfo is not None and s.end - s.start == HOUR for s in slots)


def test_spring_forward_keeps_wall_clock_hours_and_skips_easter_holidays():
    """Last Sunday of March 2027 (28th): CET → CEST. Good Friday (26th) and Easter Monday (29th) are holidays."""
    person = make_employee()
    slots = free_slots(participants=[person], duration=HOUR, start=dt.date(2027, 3, 25), end=dt.date(2027, 3, 31))
    days = sorted({s.start.date() for s in slots})
    assert days == [dt.date(2027, 3, 25), dt.date(2027, 3, 30), dt.date(2027, 3, 31)]
    first = {day: min(s.start for s in slots if s.start.date() == day) for day in days}
    assert first[dt.date(2027, 3, 25)].astimezone(dt.UTC).hour == 7  # 8:00 CET
    assert first[dt.date(2027, 3, 30)].astimezone(dt.UTC).hour == 6  # 8:00 CEST
    assert all(s.start.astimezone(PRAGUE).time() >= dt.time(8) for s in slots)
    assert all(s.end.astimezone(PRAGUE).time() <= dt.time(16, 30) for s in slots)


def test_fall_back_keeps_wall_clock_hours():
    """Last Sunday of October 2027 (31st): CEST → CET; 28 October is a public holiday."""
    person = make_employee()
    slots = free_slots(participants=[person], duration=HOUR, start=dt.date(2027, 10, 27), end=dt.date(2027, 11, 2))
    days = sorted({s.start.date() for s in slots})
    assert days == [dt.date(2027, 10, 27), dt.date(2027, 10, 29), dt.date(2027, 11, 1), dt.date(2027, 11, 2)]
    friday = min(s.start for s in slots if s.start.date() == dt.date(2027, 10, 29))
    monday = min(s.start for s in slots if s.start.date() == dt.date(2027, 11, 1))
    assert friday.astimezone(dt.UTC).hour == 6 and monday.astimezone(dt.UTC).hour == 7
    last_monday = max(s.end for s in slots if s.start.date() == dt.date(2027, 11, 1))
    assert last_monday == at(2027, 11, 1, 16, 30)


def test_working_hours_through_the_missing_hour_of_the_dst_night():
    """Someone working Sunday 1:00–4:00 on 28 March 2027 works only two real hours: 2:00–3:00 does not exist."""
    person = make_employee()
    services.working_hours_set(actor=None, employee=person, hours=[(6, dt.time(1), dt.time(4))])
    slots = free_slots(
        participants=[person], duration=HOUR, start=dt.date(2027, 3, 28), end=dt.date(2027, 3, 28), step=HOUR
    )
    assert [s.start.astimezone(PRAGUE).strftime("%H:%M %Z") for s in slots] == ["01:00 CET", "03:00 CEST"]
    # Real elapsed time (Python subtracts wall-clock times of one zone naively, so compare in UTC).
    assert all(s.end.astimezone(dt.UTC) - s.start.astimezone(dt.UTC) == HOUR for s in slots)
    assert slots[0].end == at(2027, 3, 28, 3)


def test_own_working_hours_replace_the_default():
    person = make_employee()
    services.working_hours_set(
        actor=None, employee=person, hours=[(0, "09:00", "12:00"), (0, "13:00", "15:00"), (5, "10:00", "12:00")]
    )
    slots = free_slots(participants=[person], duration=2 * HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 17))
    assert {s.start.date().weekday() for s in slots} == {0, 5}
    monday = [s.start.time() for s in slots if s.start.weekday() == 0]
    assert monday[0] == dt.time(9) and monday[-1] == dt.time(13)
    assert dt.time(11) not in monday  # 11:00–13:00 would cross the lunch break


def test_common_time_of_several_people_with_meetings_and_a_buffer():
    a, b = make_employee(), make_employee()
    services.working_hours_set(actor=None, employee=b, hours=[(0, "10:00", "14:00")])
    book([a], at(2027, 1, 11, 11), 60)
    day = dt.date(2027, 1, 11)
    slots = free_slots(participants=[a, b], duration=HOUR, start=day, end=day)
    assert starts(slots) == [
        at(2027, 1, 11, 10),
        at(2027, 1, 11, 12),
        at(2027, 1, 11, 12, 15),
        at(2027, 1, 11, 12, 30),
        at(2027, 1, 11, 12, 45),
        at(2027, 1, 11, 13),
    ]
    buffered = free_slots(participants=[a, b], duration=HOUR, start=day, end=day, buffer=dt.timedelta(minutes=15))
    assert at(2027, 1, 11, 10) not in starts(buffered)  # 10:00–11:00 touches the meeting: no 15 minutes before
    assert starts(buffered)[0] == at(2027, 1, 11, 12, 15)


def test_a_cancelled_meeting_frees_the_time_again():
    a = make_employee()
    meeting = book([a], at(2027, 1, 11, 8), 8 * 60 + 30)
    assert free_slots(participants=[a], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 11)) == []
    services.meeting_cancel(actor=None, meeting=meeting)
    assert free_slots(participants=[a], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 11))


def test_an_approved_absence_blocks_the_days_a_requested_one_does_not():
    a = make_employee()
    people_services.absence_record(
        actor=None,
        employee=a,
        kind=AbsenceKind.VACATION,
        start_date=dt.date(2027, 1, 12),
        end_date=dt.date(2027, 1, 13),
    )
    slots = free_slots(participants=[a], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 15))
    assert sorted({s.start.date().day for s in slots}) == [11, 14, 15]
    user = make_user(None)
    people_services.absence_record(
        actor=user,
        employee=user.employee,
        kind=AbsenceKind.VACATION,
        start_date=dt.date(2027, 1, 12),
        end_date=dt.date(2027, 1, 12),
    )
    requested = free_slots(
        participants=[user.employee], duration=HOUR, start=dt.date(2027, 1, 12), end=dt.date(2027, 1, 12)
    )
    assert requested  # not approved yet: still bookable


def test_public_holidays_follow_the_country_setting(settings):
    a = make_employee()

    def days():
        return sorted(
            {
                s.start.date().day
                for s in free_slots(participants=[a], duration=HOUR, start=dt.date(2027, 7, 5), end=dt.date(2027, 7, 7))
            }
        )

    assert days() == [7]  # 5 July (Cyril and Methodius) and 6 July (Jan Hus) are Czech holidays
    settings.MEETINGS_HOLIDAY_COUNTRY = "DE"
    assert days() == [5, 6, 7]


def test_best_slots_prefer_mid_morning_on_different_days():
    a, b = make_employee(), make_employee()
    book([a], at(2027, 1, 12, 9), 120)  # Tuesday morning taken
    best = best_slots(participants=[a, b], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 22), count=3)
    assert starts(best) == [at(2027, 1, 11, 10), at(2027, 1, 12, 11), at(2027, 1, 13, 10)]
    one_day = best_slots(participants=[a], duration=HOUR, start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 11), count=3)
    assert len(one_day) == 3 and one_day[1].start == at(2027, 1, 11, 10)
    assert all(x.end <= y.start for x, y in zip(one_day, one_day[1:], strict=False))  # never overlapping proposals


def test_no_slots_in_the_past_and_bad_input_names_the_field():
    a = make_employee()
    assert free_slots(participants=[a], duration=HOUR, start=dt.date(2020, 1, 6), end=dt.date(2020, 1, 10)) == []
    for kwargs, field in [
        ({"duration": dt.timedelta(0)}, "duration"),
        ({"end": dt.date(2027, 1, 1)}, "end"),
        ({"buffer": dt.timedelta(minutes=-5)}, "buffer"),
        ({"step": dt.timedelta(minutes=1)}, "step"),
    ]:
        arguments = {"participants": [a], "duration": HOUR, "start": dt.date(2027, 1, 11), "end": dt.date(2027, 1, 15)}
        with pytest.raises(InvalidInput) as caught:
            free_slots(**{**arguments, **kwargs})
        assert field in caught.value.fields


def test_busy_people_names_who_is_not_free():
    a, b = make_employee(), make_employee()
    book([b], at(2027, 1, 11, 10))
    assert busy_people([a, b], at(2027, 1, 11, 10, 30), at(2027, 1, 11, 11)) == [b.pk]
    assert busy_people([a, b], at(2027, 1, 11, 7, 30), at(2027, 1, 11, 8, 30)) == [a.pk, b.pk]  # before work


def test_six_people_over_four_weeks_take_four_queries():
    people = [make_employee() for _ in range(6)]
    with CaptureQueriesContext(connection) as queries:
        free_slots(participants=people, duration=HOUR, start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 28))
    assert len(queries) == 4
