"""Who handles a person's work right now: the rules every module routes work by."""

import datetime as dt

import pytest

from backoffice.people import services
from backoffice.people.calendar import is_working_day, public_holiday, working_days
from backoffice.people.choices import AbsenceKind, Area
from backoffice.people.selectors import covered_by, responsible_for
from tests.builders import days, make_employee

pytestmark = pytest.mark.django_db


def away(person, start=-1, end=3, kind=AbsenceKind.VACATION):
    return services.absence_record(actor=None, employee=person, kind=kind, start_date=days(start), end_date=days(end))


def cover(absent, substitute, area=Area.ALL, start=-1, end=3):
    return services.substitution_create(
        actor=None, absent=absent, substitute=substitute, area=area, start_date=days(start), end_date=days(end)
    )


def test_a_present_person_handles_their_own_work():
    jana = make_employee(first_name="Jana")
    assert responsible_for(jana, Area.SUPPLIES) == jana


def test_the_substitute_for_the_area_wins_over_the_one_for_all_duties():
    manager, tereza, hana = make_employee(), make_employee(), make_employee()
    away(manager)
    cover(manager, tereza, Area.ALL)
    cover(manager, hana, Area.STAFF)
    assert responsible_for(manager, Area.STAFF) == hana
    assert responsible_for(manager, Area.SUPPLIES) == tereza
    assert responsible_for(manager, Area.ALL) == tereza


def test_cover_applies_only_within_its_dates():
    manager, tereza = make_employee(), make_employee()
    cover(manager, tereza, start=5, end=7)
    assert responsible_for(manager) == manager
    assert responsible_for(manager, at=days(6)) == tereza
    assert responsible_for(manager, at=days(8)) == manager


def test_datetime_is_read_in_the_company_time_zone():
    manager, tereza = make_employee(), make_employee()
    cover(manager, tereza, start=5, end=5)
    # 23:30 UTC on day 4 is already day 5 in Prague (UTC+1 in winter, UTC+2 in summer).
    late_evening_utc = dt.datetime.combine(days(4), dt.time(23, 30), tzinfo=dt.UTC)
    assert responsible_for(manager, at=late_evening_utc) == tereza


def test_cancelled_cover_no_longer_counts():
    manager, tereza = make_employee(), make_employee()
    substitution = cover(manager, tereza)
    services.substitution_cancel(actor=None, substitution=substitution)
    assert responsible_for(manager) == manager


def test_away_without_a_named_substitute_passes_work_to_the_manager():
    boss = make_employee()
    clerk = make_employee(manager=boss)
    away(clerk)
    assert responsible_for(clerk, Area.FRONTDESK) == boss


def test_when_the_manager_is_away_too_the_work_stays_with_the_person():
    boss = make_employee()
    clerk = make_employee(manager=boss)
    away(clerk)
    away(boss)
    assert responsible_for(clerk) == clerk


def test_a_chain_of_cover_is_followed():
    a, b, c = make_employee(), make_employee(), make_employee()
    away(a)
    cover(a, b)
    away(b)
    cover(b, c)
    assert responsible_for(a) == c


def test_a_loop_of_cover_ends_without_hanging():
    a, b = make_employee(), make_employee()
    cover(a, b)
    cover(b, a)
    assert responsible_for(a) in (a, b)


def test_an_archived_substitute_is_skipped():
    manager, gone = make_employee(), make_employee()
    cover(manager, gone)
    services.employee_archive(actor=None, employee=gone)
    assert responsible_for(manager) == manager


def test_covered_by_lists_whose_work_lands_on_me():
    manager, tereza, hana = make_employee(), make_employee(), make_employee()
    away(manager)
    cover(manager, tereza, Area.ALL)
    cover(manager, hana, Area.STAFF)
    assert covered_by(tereza, Area.SUPPLIES) == [manager]
    assert covered_by(tereza, Area.STAFF) == []
    assert covered_by(hana, Area.STAFF) == [manager]


def test_czech_public_holidays_are_not_working_days():
    assert public_holiday(dt.date(2026, 12, 24))  # Štědrý den
    assert not is_working_day(dt.date(2026, 12, 24))
    assert not is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert is_working_day(dt.date(2026, 11, 27))
    # 21–31 December 2026: 21–23 and 28–31 are working days; 24–26 holidays, 26–27 the weekend.
    assert working_days(dt.date(2026, 12, 21), dt.date(2026, 12, 31)) == 7
