"""Reads of staff records, restricted to what the user may see. Disciplinary records: HR, and one's own only."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from backoffice.core.permissions import can
from backoffice.people.selectors import employee_of
from backoffice.staff.choices import EnrolmentStatus
from backoffice.staff.models import (
    Certificate,
    Course,
    DisciplinaryEvidence,
    DisciplinaryRecord,
    Enrolment,
    Offboarding,
    Onboarding,
    OnboardingTask,
    OnboardingTemplate,
    TrainingSession,
)


def _own(user: AbstractBaseUser, rows: QuerySet, field: str = "employee") -> QuerySet:
    me = employee_of(user)
    return rows.filter(**{field: me}) if me else rows.none()


def templates_visible_to(user: AbstractBaseUser) -> QuerySet[OnboardingTemplate]:
    if can(user, "staff.view_onboardingtemplate"):
        return OnboardingTemplate.objects.select_related("department")
    return OnboardingTemplate.objects.none()


def onboardings_visible_to(user: AbstractBaseUser) -> QuerySet[Onboarding]:
    """Those who run onboarding see all; the new hire their own; a colleague those they have a task in."""
    rows = Onboarding.objects.select_related("employee__department", "template").annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__done_at__isnull=False), distinct=True),
    )
    if can(user, "staff.view_onboarding"):
        return rows
    me = employee_of(user)
    if me is None:
        return rows.none()
    return rows.filter(Q(employee=me) | Q(pk__in=OnboardingTask.objects.filter(assignee=me).values("onboarding")))


def tasks_visible_to(user: AbstractBaseUser) -> QuerySet[OnboardingTask]:
    rows = OnboardingTask.objects.select_related("onboarding__employee", "assignee", "owner", "asset")
    if can(user, "staff.view_onboarding"):
        return rows
    me = employee_of(user)
    if me is None:
        return rows.none()
    return rows.filter(Q(onboarding__employee=me) | Q(assignee=me))


def courses_visible_to(user: AbstractBaseUser) -> QuerySet[Course]:
    """The catalogue is open to every employee (to see what they must attend)."""
    if user.is_authenticated:
        return Course.objects.prefetch_related("requirements__department")
    return Course.objects.none()


def sessions_visible_to(user: AbstractBaseUser) -> QuerySet[TrainingSession]:
    rows = TrainingSession.objects.select_related("course", "trainer").annotate(
        taken=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.CANCELLED))
    )
    if can(user, "staff.view_trainingsession"):
        return rows
    me = employee_of(user)
    if me is None:
        return rows.none()
    return rows.filter(Q(enrolments__employee=me) | Q(trainer=me)).distinct()


def enrolments_visible_to(user: AbstractBaseUser) -> QuerySet[Enrolment]:
    rows = Enrolment.objects.select_related("employee", "session__course")
    if can(user, "staff.view_enrolment"):
        return rows
    return _own(user, rows)


def certificates_visible_to(user: AbstractBaseUser) -> QuerySet[Certificate]:
    rows = Certificate.objects.select_related("employee", "course", "session")
    if can(user, "staff.view_certificate"):
        return rows
    return _own(user, rows)


def discipline_visible_to(user: AbstractBaseUser) -> QuerySet[DisciplinaryRecord]:
    """HR sees every record; an employee only their own (read-only). Managers without HR see none of them."""
    rows = DisciplinaryRecord.objects.select_related("employee", "recorded_by")
    if can(user, "staff.view_disciplinaryrecord"):
        return rows
    return _own(user, rows)


def evidence_visible_to(user: AbstractBaseUser) -> QuerySet[DisciplinaryEvidence]:
    return DisciplinaryEvidence.objects.filter(record__in=discipline_visible_to(user)).select_related("record")


def escalation_of(record: DisciplinaryRecord) -> list[DisciplinaryRecord]:
    """The employee's records up to this one, oldest first; the caller has checked the user may see the record."""
    return list(
        DisciplinaryRecord.objects.filter(employee=record.employee_id, incident_date__lte=record.incident_date)
        .exclude(pk=record.pk)
        .order_by("incident_date", "id")
    ) + [record]


def offboardings_visible_to(user: AbstractBaseUser) -> QuerySet[Offboarding]:
    rows = Offboarding.objects.select_related("employee__user", "employee__department", "handover_to")
    if can(user, "staff.view_offboarding"):
        return rows
    return rows.none()
