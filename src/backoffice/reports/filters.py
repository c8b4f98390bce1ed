"""The period and department every report is cut by; one form serves the pages, the exports and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.core.errors import InvalidInput
from backoffice.people.models import Department
from backoffice.people.selectors import departments_visible_to

MAX_MONTHS = 60


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def local_midnight(day: dt.date) -> dt.datetime:
    """The first moment of a day in the company's time zone (a DST day is 23 or 25 hours long)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Period:
    """Local calendar days `since` to `until`, both included; optionally one department."""

    since: dt.date
    until: dt.date
    department: Department | None = None

    @property
    def months(self) -> list[dt.date]:
        """The first days of the calendar months the period touches, oldest first."""
        first, last = month_start(self.since), month_start(self.until)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        return [month_start(last, back) for back in range(count - 1, -1, -1)]

    @property
    def days(self) -> list[dt.date]:
        return [self.since + dt.timedelta(days=n) for n in range((self.until - self.since).days + 1)]

    @property
    def starts_at(self) -> dt.datetime:
        return local_midnight(self.since)

    @property
    def ends_before(self) -> dt.datetime:
        return local_midnight(self.until + dt.timedelta(days=1))

    def month_spans(self) -> list[tuple[dt.date, dt.datetime, dt.datetime, bool]]:
        """Per month of `months`: its first day, the part of it inside the period (first moment, first moment
        after), and whether that part is the whole calendar month."""
        starts = [local_midnight(m) for m in self.months]
        following = month_start(self.until.replace(day=28) + dt.timedelta(days=4))
        ends = [*starts[1:], local_midnight(following)]
        return [
            (
                month,
                max(start, self.starts_at),
                min(end, self.ends_before),
                self.starts_at <= start and end <= self.ends_before,
            )
            for month, start, end in zip(self.months, starts, ends, strict=True)
        ]

    def month_of(self, field: str, *, day_field: bool = False) -> Case:
        """The index into `months` of a moment (or, with `day_field`, of a local day), by local-time month
        boundaries, computed by the database with plain range comparisons: no date function runs per row, and
        an index on the column still serves them."""
        if day_field:
            bounds = [max(self.since, m) for m in self.months] + [self.until + dt.timedelta(days=1)]
        else:
            bounds = [max(self.starts_at, local_midnight(m)) for m in self.months] + [self.ends_before]
        whens = [
            When(**{f"{field}__gte": start, f"{field}__lt": end}, then=Value(n))
            for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False))
        ]
        return Case(*whens, default=Value(-1), output_field=IntegerField())

    def as_query(self) -> dict[str, str]:
        query = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        if self.department:
            query["department"] = str(self.department.pk)
        return query


def default_period() -> tuple[dt.date, dt.date]:
    """The last twelve calendar months, this one included."""
    today = timezone.localdate()
    return month_start(today, 11), today


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        since, until = default_period()
        since = data.get("since") or since
        until = data.get("until") or until
        if until < since:
            self.add_error("until", _("The end of the period cannot be before its start."))
        elif (until.year - since.year) * 12 + until.month - since.month >= MAX_MONTHS:
            self.add_error("until", _("A report covers at most %(months)d months.") % {"months": MAX_MONTHS})
        data["since"], data["until"] = since, until
        return data


def period_from(params, user: AbstractBaseUser) -> Period:
    """The period asked for in a query string; a clear error naming the field when it is not valid."""
    form = PeriodForm(params, user=user)
    if not form.is_valid():
        raise InvalidInput(fields={name: list(errors) for name, errors in form.errors.items()})
    data = form.cleaned_data
    return Period(since=data["since"], until=data["until"], department=data["department"])
