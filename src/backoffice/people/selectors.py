"""Reads of people data, restricted to what the user may see; and who handles what right now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from backoffice.core.permissions import can
from backoffice.people.choices import AbsenceStatus, Area
from backoffice.people.models import Absence, Department, Employee, Substitution


def today() -> dt.date:
    return timezone.localdate()


def _as_date(at: dt.date | dt.datetime | None) -> dt.date:
    if at is None:
        return today()
    if isinstance(at, dt.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


def employee_of(user: AbstractBaseUser) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).first()


# --- who handles this now --------------------------------------------------------------------


def active_absences(on: dt.date) -> QuerySet[Absence]:
    return Absence.objects.filter(status=AbsenceStatus.APPROVED, start_date__lte=on, end_date__gte=on)


def active_substitutions(on: dt.date) -> QuerySet[Substitution]:
    return Substitution.objects.filter(cancelled_at__isnull=True, start_date__lte=on, end_date__gte=on)


def is_away(person: Employee, at: dt.date | dt.datetime | None = None) -> bool:
    return active_absences(_as_date(at)).filter(employee=person).exists()


def responsible_for(person: Employee, area: str = Area.ALL, at: dt.date | dt.datetime | None = None) -> Employee:
    """Who handles `person`'s work in `area` at `at`: the person, or whoever covers for them.

    A substitution applies for its whole date range; one named for the area beats one for all duties.
    A person who is away with nobody named to cover passes the work to their manager (if the manager is
    not away too). Chains of cover are followed; a loop ends at the last person in it, never hangs.
    """
    return responsible_for_many([person], area, at)[person.pk]


def covered_by(person: Employee, area: str = Area.ALL, at: dt.date | dt.datetime | None = None) -> list[Employee]:
    """The people whose work in `area` lands on `person` at `at` (not including `person`)."""
    on = _as_date(at)
    candidates = {
        s.absent for s in active_substitutions(on).filter(substitute=person).select_related("absent", "absent__manager")
    }
    away_reports = Employee.objects.filter(
        manager=person, absences__in=active_absences(on), archived_at__isnull=True
    ).select_related("manager")
    candidates.update(away_reports)
    return sorted(
        (c for c in candidates if c.pk != person.pk and responsible_for(c, area, on).pk == person.pk),
        key=lambda e: (e.last_name, e.first_name),
    )


def responsible_for_many(
    people: list[Employee], area: str = Area.ALL, at: dt.date | dt.datetime | None = None
) -> dict[int, Employee]:
    """`responsible_for` for many people at once, in two queries however many there are (for lists).

    It reads the day's absences and substitutions of the whole company: a few hundred rows even for a large one.
    """
    on = _as_date(at)
    managers = {a.employee_id: a.employee.manager for a in active_absences(on).select_related("employee__manager")}
    away = set(managers)
    chosen: dict[int, Substitution] = {}
    for sub in (
        active_substitutions(on)
        .filter(area__in=[area, Area.ALL], substitute__archived_at__isnull=True)
        .select_related("substitute")
        .order_by("-start_date", "-id")
    ):
        best = chosen.get(sub.absent_id)
        if best is None or (best.area != area and sub.area == area):  # the area's own substitute first
            chosen[sub.absent_id] = sub

    def resolve(person: Employee) -> Employee:
        current, seen = person, {person.pk}
        while True:
            substitute = chosen[current.pk].substitute if current.pk in chosen else None
            if substitute is None and current.pk in away:
                manager = managers.get(current.pk)
                if manager is not None and manager.archived_at is None and manager.pk not in away:
                    substitute = manager
            if substitute is None or substitute.pk in seen:
                return current
            seen.add(substitute.pk)
            current = substitute

    return {person.pk: resolve(person) for person in people}


# --- what a user may see ---------------------------------------------------------------------


def employees_visible_to(user: AbstractBaseUser) -> QuerySet[Employee]:
    """The directory: everyone with the permission sees all employees; others only themselves."""
    rows = Employee.objects.select_related("department", "manager")
    if can(user, "people.view_employee"):
        return rows
    me = employee_of(user)
    return rows.filter(pk=me.pk) if me else rows.none()


def departments_visible_to(user: AbstractBaseUser) -> QuerySet[Department]:
    if can(user, "people.view_department") or can(user, "people.view_employee"):
        return Department.objects.select_related("head")
    return Department.objects.none()


def absences_visible_to(user: AbstractBaseUser) -> QuerySet[Absence]:
    """All absences for those allowed; otherwise one's own and one's direct reports' (to approve them)."""
    rows = Absence.objects.select_related("employee", "employee__department", "decided_by")
    if can(user, "people.view_absence"):
        return rows
    me = employee_of(user)
    if me is None:
        return rows.none()
    return rows.filter(Q(employee=me) | Q(employee__manager=me))


def substitutions_visible_to(user: AbstractBaseUser) -> QuerySet[Substitution]:
    rows = Substitution.objects.select_related("absent", "substitute")
    if can(user, "people.view_substitution"):
        return rows
    me = employee_of(user)
    if me is None:
        return rows.none()
    return rows.filter(Q(absent=me) | Q(substitute=me))


@dataclass(frozen=True)
class DirectoryRow:
    employee: Employee
    absence: Absence | None
    covered_by: Employee | None
    show_reason: bool

    @property
    def is_away(self) -> bool:
        return self.absence is not None


def directory(user: AbstractBaseUser, employees: QuerySet[Employee], on: dt.date | None = None) -> list[DirectoryRow]:
    """Rows of the phone directory for one page of employees: in or away on `on`, and who covers.

    The kind of absence (sick leave is health data) shows only to those who may see absences, and to the person.
    """
    on = on or today()
    page = list(employees.prefetch_related(Prefetch("absences", queryset=active_absences(on), to_attr="absent_now")))
    # Who covers is the same answer the employee's card gives ("Handles the work now").
    responsible = responsible_for_many([e for e in page if e.absent_now], Area.ALL, on)
    me = employee_of(user)
    may_see_reasons = can(user, "people.view_absence")
    rows = []
    for employee in page:
        absence = employee.absent_now[0] if employee.absent_now else None
        cover = responsible.get(employee.pk)
        rows.append(
            DirectoryRow(
                employee=employee,
                absence=absence,
                covered_by=cover if cover is not None and cover.pk != employee.pk else None,
                show_reason=may_see_reasons or (me is not None and me.pk == employee.pk),
            )
        )
    return rows
