"""The training matrix: employees × mandatory courses, each cell valid, expiring, expired or missing.

Three queries whatever the size: the courses with their requirements, the employees, and the best certificate
per (employee, course) as one aggregate. For a page of employees the aggregate is limited to that page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import CharField, DateField, Max, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from backoffice.core.permissions import can
from backoffice.people.models import Employee
from backoffice.people.selectors import today
from backoffice.staff.choices import STANDING_BADGE, Standing
from backoffice.staff.models import Certificate, Course

FOREVER = dt.date(9999, 12, 31)  # a certificate without expiry


@dataclass(slots=True)
class MatrixCell:
    course: Course
    standing: str | None  # None: the course is not mandatory for this person
    valid_until: dt.date | None = None

    @property
    def label(self) -> str:
        return str(Standing(self.standing).label) if self.standing else ""

    @property
    def badge(self) -> str:
        return STANDING_BADGE.get(self.standing, "secondary")

    @property
    def shown_until(self) -> dt.date | None:
        return None if self.valid_until == FOREVER else self.valid_until


@dataclass
class MatrixRow:
    employee: Employee
    cells: list[MatrixCell] = field(default_factory=list)

    def has(self, standing: str) -> bool:
        return any(cell.standing == standing for cell in self.cells)


def standing_of(best: dt.date | None, on: dt.date) -> str:
    if best is None:
        return Standing.MISSING
    left = (best - on).days
    if left < 0:
        return Standing.EXPIRED
    if left <= 30:
        return Standing.EXPIRING_30
    if left <= 60:
        return Standing.EXPIRING_60
    if left <= 90:
        return Standing.EXPIRING_90
    return Standing.VALID


def mandatory_courses(course_id: int | None = None) -> list[Course]:
    rows = Course.objects.filter(archived_at__isnull=True, requirements__isnull=False).distinct().order_by("code")
    if course_id:
        rows = rows.filter(pk=course_id)
    return list(rows.prefetch_related("requirements"))


def employees_for_matrix(user: AbstractBaseUser) -> QuerySet[Employee]:
    if not can(user, "staff.view_certificate"):
        return Employee.objects.none()
    return (
        Employee.objects.filter(archived_at__isnull=True)
        .select_related("department")
        .only("first_name", "last_name", "job_title", "department__name")
        .order_by("sort_name", "id")
    )


def best_certificates(employee_ids: list[int] | None, courses: list[Course]) -> dict[tuple[int, int], dt.date]:
    """The latest expiry per (employee, course), FOREVER for one without expiry; one GROUP BY over the certificates.

    The dates come back as text and are parsed once per distinct day: far fewer than the rows.
    """
    rows = Certificate.objects.filter(course__in=[c.pk for c in courses])
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=employee_ids)
    latest = Cast(Max(Coalesce("valid_until", Value(FOREVER, output_field=DateField()))), output_field=CharField())
    days: dict[str, dt.date] = {}
    best = {}
    for employee_id, course_id, text in rows.values_list("employee_id", "course_id").annotate(best=latest).order_by():
        day = days.get(text)
        if day is None:
            day = days[text] = dt.date.fromisoformat(text[:10])
        best[(employee_id, course_id)] = day
    return best


def _required_courses(courses: list[Course]):
    """A function telling, for a department and job title, which of `courses` are mandatory (memoised per pair)."""
    rules = [[(r.department_id, r.job_title.casefold()) for r in course.requirements.all()] for course in courses]
    known: dict[tuple[int | None, str], list[bool]] = {}

    def required(department_id: int | None, job_title: str) -> list[bool]:
        key = (department_id, (job_title or "").casefold())
        if key not in known:
            known[key] = [
                any((dept is None or dept == key[0]) and (not title or title == key[1]) for dept, title in rule)
                for rule in rules
            ]
        return known[key]

    return required


def build_rows(
    employees: list[Employee], courses: list[Course], *, on: dt.date | None = None, limit_certificates: bool = True
) -> list[MatrixRow]:
    """One row per employee; 100,000 cells take a fraction of a second (few distinct requirement keys and dates)."""
    on = on or today()
    best = best_certificates([e.pk for e in employees] if limit_certificates else None, courses).get
    required = _required_courses(courses)
    not_required = [MatrixCell(course, None) for course in courses]
    course_ids = [course.pk for course in courses]
    shared: dict[tuple[int, dt.date | None], MatrixCell] = {}  # cells are read-only: equal ones are one object
    rows = []
    for employee in employees:
        pk, cells = employee.pk, []
        for index, needed in enumerate(required(employee.department_id, employee.job_title)):
            if not needed:
                cells.append(not_required[index])
                continue
            until = best((pk, course_ids[index]))
            cell = shared.get((index, until))
            if cell is None:
                cell = shared[(index, until)] = MatrixCell(courses[index], standing_of(until, on), until)
            cells.append(cell)
        rows.append(MatrixRow(employee, cells))
    return rows


def matrix(
    user: AbstractBaseUser,
    *,
    employees: QuerySet[Employee] | None = None,
    course_id: int | None = None,
    standing: str | None = None,
    on: dt.date | None = None,
) -> tuple[list[Course], list[MatrixRow]]:
    """Every row (for export, or to filter by standing); the employees may be pre-filtered by the caller."""
    courses = mandatory_courses(course_id)
    people = list(employees if employees is not None else employees_for_matrix(user))
    rows = build_rows(people, courses, on=on, limit_certificates=len(people) < 500)
    if standing:
        rows = [row for row in rows if row.has(standing)]
    return courses, rows
