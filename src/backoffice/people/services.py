"""Every change of people data: validated, permission-checked, audited, in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.notifications import notify
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import archive_record, create_record, update_record
from backoffice.core.text import czech_sort_key, fold
from backoffice.people.choices import AbsenceStatus, Area
from backoffice.people.models import Absence, Department, Employee, Substitution
from backoffice.people.selectors import employee_of, responsible_for

Actor = AbstractBaseUser | None

EMPLOYEE_FIELDS = {
    "first_name",
    "last_name",
    "department",
    "job_title",
    "manager",
    "phone_extension",
    "phone",
    "email",
    "weekly_hours",
    "start_date",
    "end_date",
    "user",
}


def _search_text(values: dict[str, Any]) -> str:
    parts = [values.get(k) or "" for k in ("first_name", "last_name", "email", "phone_extension", "job_title")]
    return fold(" ".join(str(p) for p in parts))[:400]


def _sort_name(values: dict[str, Any]) -> str:
    return czech_sort_key(f"{values.get('last_name') or ''} {values.get('first_name') or ''}")[:400]


def _derived(values: dict[str, Any]) -> dict[str, str]:
    """The columns search and sorting use, kept in step with the names they come from."""
    return {
        "search_text": _search_text(values),
        "sort_name": _sort_name(values),
        "phone_e164": normalize_phone(values.get("phone") or ""),
    }


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


# --- departments ------------------------------------------------------------------------------


def department_create(*, actor: Actor, name: str, code: str, head: Employee | None = None) -> Department:
    ensure(actor, "people.add_department")
    return create_record(Department, name=(name or "").strip(), code=(code or "").strip().upper(), head=head)


def department_update(*, actor: Actor, department: Department, **changes: Any) -> Department:
    ensure(actor, "people.change_department")
    _only(changes, {"name", "code", "head"})
    return update_record(department, **changes)


def department_archive(*, actor: Actor, department: Department, reason: str = "") -> Department:
    ensure(actor, "people.delete_department")
    if department.employees.filter(archived_at__isnull=True).exists():
        raise InvalidInput(_("Move the department's employees elsewhere before archiving it."))
    return archive_record(department, reason=reason)


# --- employees --------------------------------------------------------------------------------


def _check_manager(employee_pk: int | None, manager: Employee | None) -> None:
    seen = {employee_pk} if employee_pk else set()
    while manager is not None:
        if manager.pk in seen:
            raise InvalidInput(fields={"manager": [_("A person cannot (even indirectly) manage themselves.")]})
        seen.add(manager.pk)
        manager = manager.manager


def employee_create(*, actor: Actor, **values: Any) -> Employee:
    ensure(actor, "people.add_employee")
    _only(values, EMPLOYEE_FIELDS)
    _check_manager(None, values.get("manager"))
    return create_record(Employee, **_derived(values), **values)


def employee_update(*, actor: Actor, employee: Employee, reason: str = "", **changes: Any) -> Employee:
    ensure(actor, "people.change_employee")
    _only(changes, EMPLOYEE_FIELDS)
    if "manager" in changes:
        _check_manager(employee.pk, changes["manager"])
    merged = {
        k: getattr(employee, k) for k in ("first_name", "last_name", "email", "phone_extension", "job_title", "phone")
    }
    merged.update(changes)
    return update_record(employee, reason=reason, **_derived(merged), **changes)


def employee_archive(*, actor: Actor, employee: Employee, reason: str = "") -> Employee:
    ensure(actor, "people.delete_employee")
    return archive_record(employee, reason=reason)


# --- absences ---------------------------------------------------------------------------------


def _overlapping_absence(employee: Employee, start: dt.date, end: dt.date, exclude: int | None = None):
    rows = Absence.objects.filter(
        employee=employee,
        status__in=[AbsenceStatus.REQUESTED, AbsenceStatus.APPROVED],
        start_date__lte=end,
        end_date__gte=start,
    )
    return rows.exclude(pk=exclude).first() if exclude else rows.first()


def absence_record(
    *, actor: Actor, employee: Employee, kind: str, start_date: dt.date, end_date: dt.date, note: str = ""
) -> Absence:
    """The back office records an absence (approved at once); an employee asks for their own (to be approved)."""
    manages_absences = can(actor, "people.add_absence")
    own = actor is not None and employee_of(actor) == employee
    if not (manages_absences or own):
        raise NotAllowed()
    if start_date and end_date and end_date < start_date:
        raise InvalidInput(fields={"end_date": [_("An absence cannot end before it starts.")]})
    clash = _overlapping_absence(employee, start_date, end_date)
    if clash is not None:
        raise InvalidInput(
            fields={
                "start_date": [
                    _("%(name)s is already away %(start)s – %(end)s.")
                    % {"name": employee.full_name, "start": _day(clash.start_date), "end": _day(clash.end_date)}
                ]
            }
        )
    status = AbsenceStatus.APPROVED if manages_absences else AbsenceStatus.REQUESTED
    with transaction.atomic():
        absence = create_record(
            Absence,
            employee=employee,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            note=note,
            status=status,
            decided_by=actor if status == AbsenceStatus.APPROVED else None,
            decided_at=timezone.now() if status == AbsenceStatus.APPROVED else None,
        )
        if status == AbsenceStatus.REQUESTED:
            approver = absence_approver(absence)
            if approver is not None and approver.user is not None:
                with speaking_to(approver.user):
                    notify(
                        recipient=approver.user,
                        title=_("%(name)s asks for an absence") % {"name": employee.full_name},
                        body=f"{absence.get_kind_display()}: {_day(start_date)} – {_day(end_date)}",
                        url=reverse("people:absence_list") + "?status=requested",
                    )
    return absence


def absence_approver(absence: Absence) -> Employee | None:
    """The employee's manager — or whoever covers the manager's staff duties today."""
    manager = absence.employee.manager
    return responsible_for(manager, Area.STAFF) if manager else None


def may_decide(actor: Actor, absence: Absence) -> bool:
    if can(actor, "people.change_absence"):
        return True
    approver = absence_approver(absence)
    me = employee_of(actor) if actor is not None else None
    return me is not None and approver is not None and approver.pk == me.pk


def absence_decide(*, actor: Actor, absence: Absence, approve: bool, reason: str = "") -> Absence:
    if not may_decide(actor, absence):
        raise NotAllowed()
    if absence.status != AbsenceStatus.REQUESTED:
        raise InvalidInput(_("Only a requested absence can be approved or rejected."))
    status = AbsenceStatus.APPROVED if approve else AbsenceStatus.REJECTED
    with transaction.atomic():
        update_record(absence, reason=reason, status=status, decided_by=actor, decided_at=timezone.now())
        if absence.employee.user is not None:
            with speaking_to(absence.employee.user):
                title = _("Your absence was approved") if approve else _("Your absence was not approved")
                notify(
                    recipient=absence.employee.user,
                    title=title,
                    body=f"{absence.get_kind_display()}: {_day(absence.start_date)} – {_day(absence.end_date)}",
                    url=reverse("people:absence_list"),
                )
    return absence


def absence_cancel(*, actor: Actor, absence: Absence, reason: str = "") -> Absence:
    own = actor is not None and employee_of(actor) == absence.employee
    if not (can(actor, "people.change_absence") or own):
        raise NotAllowed()
    if absence.status in (AbsenceStatus.CANCELLED, AbsenceStatus.REJECTED):
        raise InvalidInput(_("This absence is no longer planned."))
    return update_record(absence, reason=reason, status=AbsenceStatus.CANCELLED)


# --- substitutions ----------------------------------------------------------------------------


def substitution_create(
    *,
    actor: Actor,
    absent: Employee,
    substitute: Employee,
    start_date: dt.date,
    end_date: dt.date,
    area: str = Area.ALL,
    note: str = "",
) -> Substitution:
    """Name who covers for `absent`. The back office may name anyone's cover; a person may name their own."""
    own = actor is not None and employee_of(actor) == absent
    if not (can(actor, "people.add_substitution") or own):
        raise NotAllowed()
    if substitute is not None and substitute.archived_at is not None:
        raise InvalidInput(fields={"substitute": [_("This person no longer works here.")]})
    if start_date and end_date and end_date < start_date:
        raise InvalidInput(fields={"end_date": [_("A substitution cannot end before it starts.")]})
    clash = (
        Substitution.objects.filter(
            absent=absent,
            area=area,
            cancelled_at__isnull=True,
            start_date__lte=end_date,
            end_date__gte=start_date,
        )
        .select_related("substitute")
        .first()
    )
    if clash is not None:
        raise InvalidInput(
            fields={
                "start_date": [
                    _("%(name)s already covers these duties %(start)s – %(end)s.")
                    % {"name": clash.substitute.full_name, "start": _day(clash.start_date), "end": _day(clash.end_date)}
                ]
            }
        )
    with transaction.atomic():
        substitution = create_record(
            Substitution,
            absent=absent,
            substitute=substitute,
            area=area,
            start_date=start_date,
            end_date=end_date,
            note=note,
        )
        if substitute.user is not None:
            with speaking_to(substitute.user):
                notify(
                    recipient=substitute.user,
                    title=_("You cover for %(name)s") % {"name": absent.full_name},
                    body=f"{substitution.get_area_display()}: {_day(start_date)} – {_day(end_date)}",
                    url=reverse("people:substitution_list"),
                )
    return substitution


def substitution_cancel(*, actor: Actor, substitution: Substitution, reason: str = "") -> Substitution:
    own = actor is not None and employee_of(actor) == substitution.absent
    if not (can(actor, "people.change_substitution") or own):
        raise NotAllowed()
    if substitution.cancelled_at is not None:
        return substitution
    return update_record(substitution, reason=reason, cancelled_at=timezone.now())
