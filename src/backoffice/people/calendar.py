"""Working days: weekends and the country's public holidays (Czech by default) are not working time."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(settings.COUNTRY, years=year)


def public_holiday(day: dt.date) -> str | None:
    return _public_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and public_holiday(day) is None


def working_days(start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    return sum(1 for offset in range(max(days, 0)) if is_working_day(start + dt.timedelta(days=offset)))
