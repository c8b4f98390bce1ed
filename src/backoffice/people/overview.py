"""What people contributes to the overview: colleagues in the global search, who is away today and who covers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.permissions import can
from backoffice.overview.registry import SearchHit, SearchQuery, TodayRow, TodaySection, provides_search, provides_today
from backoffice.people.models import Employee
from backoffice.people.selectors import active_absences, directory, employees_visible_to

TODAY_ROWS = 20
DIRECTORY_ORDER = ("sort_name", "id")


def matching_people(query: SearchQuery) -> list[int]:
    """Current employees the words name, in directory order (people hits and other modules' hits start here)."""
    return query.matching_ids(Employee.objects.filter(archived_at__isnull=True), *DIRECTORY_ORDER)


@provides_search(
    "people",
    gettext_lazy("People"),
    order=10,
    more_url=lambda q: reverse("people:directory") + "?" + urlencode({"q": q}),
)
def find_people(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    rows = employees_visible_to(user)
    if can(user, "people.view_employee"):  # the whole directory: its first matches are the user's first hits
        rows = rows.filter(id__in=matching_people(query))
    else:  # only themselves
        rows = query.narrow(rows.filter(archived_at__isnull=True))
    return [
        SearchHit(
            title=employee.full_name,
            url=reverse("people:employee_detail", args=[employee.pk]),
            detail=" · ".join(
                part for part in (employee.job_title, employee.department.name if employee.department else "") if part
            ),
        )
        for employee in rows.order_by(*DIRECTORY_ORDER)[:limit]
    ]


@provides_today("away", order=10)
def away_today(user, on: dt.date) -> TodaySection | None:
    """Colleagues the user may see in the directory who are away today, and who handles their work."""
    away = (
        employees_visible_to(user)
        .filter(archived_at__isnull=True, absences__in=active_absences(on))
        .distinct()
        .order_by("sort_name", "id")
    )
    total = away.count()
    rows = []
    for row in directory(user, away[:TODAY_ROWS], on):
        note = _("covered by %(name)s") % {"name": row.covered_by.full_name} if row.covered_by else _("nobody covers")
        if row.show_reason and row.absence is not None:
            until = row.absence.end_date
            note = _("%(kind)s until %(until)s, %(cover)s") % {
                "kind": row.absence.get_kind_display(),
                "until": date_format(until, "SHORT_DATE_FORMAT"),
                "cover": note,
            }
        rows.append(
            TodayRow(
                text=row.employee.full_name,
                url=reverse("people:employee_detail", args=[row.employee.pk]),
                note=note,
                urgent=row.covered_by is None,
            )
        )
    return TodaySection(
        key="away",
        title=_("Away today"),
        rows=rows,
        total=total,
        more_url=reverse("people:directory"),
        empty=_("Everybody is in."),
    )
