"""Every write of the employee lifecycle: onboarding, training, discipline and offboarding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.notifications import notify
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import create_record, update_record
from backoffice.equipment.models import Asset
from backoffice.people.choices import Area
from backoffice.people.models import Department, Employee
from backoffice.people.selectors import employee_of, responsible_for, today
from backoffice.staff import files
from backoffice.staff.choices import (
    EnrolmentStatus,
    LeavingReason,
    OffboardingStatus,
    OnboardingStatus,
    Responsible,
    TaskKind,
)
from backoffice.staff.models import (
    AssetReturn,
    Certificate,
    Course,
    CourseRequirement,
    DisciplinaryEvidence,
    DisciplinaryRecord,
    Enrolment,
    Offboarding,
    Onboarding,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    TrainingSession,
)
from backoffice.staff.notice import notice_rule

Actor = AbstractBaseUser | None


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- onboarding --------------------------------------------------------------------------------


def template_create(
    *, actor: Actor, name: str, department: Department | None = None, job_title: str = ""
) -> OnboardingTemplate:
    ensure(actor, "staff.add_onboardingtemplate")
    return create_record(OnboardingTemplate, name=_text(name), department=department, job_title=_text(job_title))


def template_task_add(
    *,
    actor: Actor,
    template: OnboardingTemplate,
    title: str,
    kind: str = TaskKind.OTHER,
    responsible: str = Responsible.MANAGER,
    area: str = Area.STAFF,
    due_offset_days: int = 0,
    owner: Employee | None = None,
) -> OnboardingTemplateTask:
    ensure(actor, "staff.change_onboardingtemplate")
    return create_record(
        OnboardingTemplateTask,
        template=template,
        title=_text(title),
        kind=kind,
        responsible=responsible,
        area=area,
        due_offset_days=due_offset_days,
        owner=owner if responsible == Responsible.NAMED else None,
    )


def template_for(employee: Employee) -> OnboardingTemplate | None:
    """The most specific template: department and job title, then department, then job title, then for everyone."""
    best, best_score = None, -1
    for template in OnboardingTemplate.objects.filter(archived_at__isnull=True).order_by("id"):
        if template.department_id and template.department_id != employee.department_id:
            continue
        if template.job_title and template.job_title.casefold() != (employee.job_title or "").casefold():
            continue
        score = 2 * bool(template.department_id) + bool(template.job_title)
        if score > best_score:
            best, best_score = template, score
    return best


def _task_owner(task: OnboardingTemplateTask, employee: Employee) -> Employee | None:
    if task.responsible == Responsible.NEW_HIRE:
        return employee
    if task.responsible == Responsible.NAMED:
        return task.owner
    head = employee.department.head if employee.department_id else None
    if task.responsible == Responsible.MANAGER:
        return employee.manager or head
    return head or employee.manager


def _onboarding_url(onboarding: Onboarding) -> str:
    return reverse("staff:onboarding_detail", args=[onboarding.pk])


def onboarding_start(*, actor: Actor, employee: Employee, template: OnboardingTemplate | None = None) -> Onboarding:
    """Create the new hire's tasks from the template and route each to whoever handles that duty now.

    Recruitment calls this when it hires someone. A task whose owner is unknown stays unassigned: HR sees it on
    "My work" until someone takes it.
    """
    ensure(actor, "staff.add_onboarding")
    if employee.archived_at is not None:
        raise InvalidInput(fields={"employee": [_("This person no longer works here.")]})
    template = template or template_for(employee)
    start = employee.start_date or today()
    now = timezone.now()
    with transaction.atomic():
        if Onboarding.objects.select_for_update().filter(employee=employee, status=OnboardingStatus.OPEN).exists():
            raise InvalidInput(fields={"employee": [_("This person's onboarding is already in progress.")]})
        onboarding = create_record(Onboarding, employee=employee, template=template, start_date=start)
        template_tasks = list(template.tasks.select_related("owner")) if template else []
        tasks = []
        for item in template_tasks:
            owner = _task_owner(item, employee)
            tasks.append(
                OnboardingTask(
                    onboarding=onboarding,
                    title=item.title,
                    kind=item.kind,
                    area=item.area,
                    owner=owner,
                    assignee=responsible_for(owner, item.area, now) if owner else None,
                    due_date=start + dt.timedelta(days=item.due_offset_days),
                )
            )
        OnboardingTask.objects.bulk_create(tasks)
        for task in tasks:
            record_change(task, AuditEntry.Action.CREATE)
        _tell_assignees(onboarding, tasks)
    return onboarding


def _tell_assignees(onboarding: Onboarding, tasks: list[OnboardingTask]) -> None:
    by_person: dict[int, list[OnboardingTask]] = {}
    for task in tasks:
        if task.assignee is not None and task.assignee.user_id and task.assignee_id != onboarding.employee_id:
            by_person.setdefault(task.assignee_id, []).append(task)
    for person_tasks in by_person.values():
        with speaking_to(person_tasks[0].assignee.user):
            notify(
                recipient=person_tasks[0].assignee.user,
                title=ngettext(
                    "Onboarding of %(name)s: %(count)d task for you",
                    "Onboarding of %(name)s: %(count)d tasks for you",
                    len(person_tasks),
                )
                % {"name": onboarding.employee.full_name, "count": len(person_tasks)},
                body="\n".join(f"{_date(t.due_date)} {t.title}" for t in person_tasks),
                url=_onboarding_url(onboarding),
            )


def may_work_on_task(actor: Actor, task: OnboardingTask) -> bool:
    """HR and the back office; and the assignee, or whoever covers their duties today."""
    if can(actor, "staff.change_onboardingtask"):
        return True
    if actor is None or not actor.is_authenticated or task.assignee is None:
        return False
    me = employee_of(actor)
    return me is not None and responsible_for(task.assignee, task.area).pk == me.pk


def onboarding_task_complete(
    *, actor: Actor, task: OnboardingTask, asset: Asset | None = None, note: str = ""
) -> OnboardingTask:
    """Mark a task done. An equipment task hands the asset over: the asset is assigned to the new hire."""
    if not may_work_on_task(actor, task):
        raise NotAllowed()
    from backoffice.equipment.services import asset_update

    with transaction.atomic():
        task = OnboardingTask.objects.select_for_update().select_related("onboarding__employee").get(pk=task.pk)
        if task.done_at is not None:
            raise Conflict(_("This task is already done."))
        if task.onboarding.status != OnboardingStatus.OPEN:
            raise Conflict(_("This onboarding is no longer in progress."))
        hire = task.onboarding.employee
        asset = asset or task.asset
        if task.kind == TaskKind.EQUIPMENT:
            if asset is None:
                raise InvalidInput(fields={"asset": [_("Choose the asset handed over.")]})
            asset = Asset.objects.select_for_update().get(pk=asset.pk)
            if asset.archived_at is not None:
                raise InvalidInput(fields={"asset": [_("This asset is retired.")]})
            if asset.assignee_id and asset.assignee_id != hire.pk:
                raise InvalidInput(
                    fields={"asset": [_("This asset is assigned to %(name)s.") % {"name": asset.assignee.full_name}]}
                )
            # Staff's permission covers the hand-over; the change to the asset is audited to this user all the same.
            asset_update(actor=None, asset=asset, assignee=hire, reason=_("Handed over at onboarding"))
        update_record(
            task,
            done_at=timezone.now(),
            done_by=actor,
            asset=asset if task.kind == TaskKind.EQUIPMENT else None,
            note=_text(note),
        )
        onboarding = task.onboarding
        if not onboarding.tasks.filter(done_at__isnull=True).exists():
            update_record(onboarding, status=OnboardingStatus.COMPLETED, completed_at=timezone.now())
    return task


def onboarding_cancel(*, actor: Actor, onboarding: Onboarding, reason: str = "") -> Onboarding:
    ensure(actor, "staff.change_onboarding")
    if onboarding.status != OnboardingStatus.OPEN:
        raise Conflict(_("This onboarding is no longer in progress."))
    return update_record(onboarding, reason=reason, status=OnboardingStatus.CANCELLED)


def remind_overdue_tasks(on: dt.date | None = None) -> int:
    """Once a day, whoever handles an overdue task now (the assignee or their cover) hears of it."""
    on = on or today()
    reminded = 0
    rows = OnboardingTask.objects.filter(
        done_at__isnull=True, due_date__lt=on, onboarding__status=OnboardingStatus.OPEN, assignee__isnull=False
    ).select_related("assignee", "onboarding__employee")
    for task in rows:
        if task.reminded_at is not None and timezone.localtime(task.reminded_at).date() >= on:
            continue
        handler = responsible_for(task.assignee, task.area, on)
        with transaction.atomic():
            if handler.user_id:
                with speaking_to(handler.user):
                    notify(
                        recipient=handler.user,
                        title=_("Overdue onboarding task: %(task)s (%(name)s)")
                        % {"task": task.title, "name": task.onboarding.employee.full_name},
                        body=_("It was due on %(date)s.") % {"date": _date(task.due_date)},
                        url=_onboarding_url(task.onboarding),
                    )
                reminded += 1
            OnboardingTask.objects.filter(pk=task.pk).update(reminded_at=timezone.now())
    return reminded


# --- training ----------------------------------------------------------------------------------

COURSE_FIELDS = {"code", "name", "kind", "provider", "validity_months", "description"}


def course_create(*, actor: Actor, **values: Any) -> Course:
    ensure(actor, "staff.add_course")
    unknown = set(values) - COURSE_FIELDS
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    values["code"] = _text(values.get("code")).upper()
    if Course.objects.filter(code__iexact=values["code"]).exists():
        raise InvalidInput(fields={"code": [_("A course with this code already exists.")]})
    return create_record(Course, **values)


def course_update(*, actor: Actor, course: Course, **changes: Any) -> Course:
    ensure(actor, "staff.change_course")
    unknown = set(changes) - (COURSE_FIELDS - {"code"})
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return update_record(course, **changes)


def course_require(
    *, actor: Actor, course: Course, department: Department | None = None, job_title: str = ""
) -> CourseRequirement:
    ensure(actor, "staff.change_course")
    return create_record(CourseRequirement, course=course, department=department, job_title=_text(job_title))


def _overlapping(trainer: Employee, starts_at: dt.datetime, ends_at: dt.datetime, exclude: int | None = None):
    rows = TrainingSession.objects.filter(
        trainer=trainer, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return rows.exclude(pk=exclude) if exclude else rows


def session_create(
    *,
    actor: Actor,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    capacity: int = 10,
    trainer: Employee | None = None,
    external_trainer: str = "",
) -> TrainingSession:
    """Plan a session; a trainer cannot run two sessions at once."""
    ensure(actor, "staff.add_trainingsession")
    if trainer is None and not _text(external_trainer):
        raise InvalidInput(fields={"trainer": [_("Choose the trainer (a colleague, or name an external one).")]})
    if ends_at <= starts_at:
        raise InvalidInput(fields={"ends_at": [_("A session must end after it starts.")]})
    with transaction.atomic():
        if trainer is not None:
            Employee.objects.select_for_update().filter(pk=trainer.pk).first()  # one booking of a trainer at a time
            clash = _overlapping(trainer, starts_at, ends_at).select_related("course").first()
            if clash is not None:
                raise InvalidInput(
                    fields={
                        "trainer": [
                            _("%(name)s already trains %(course)s from %(start)s to %(end)s.")
                            % {
                                "name": trainer.full_name,
                                "course": clash.course.name,
                                "start": formats.date_format(
                                    timezone.localtime(clash.starts_at), "SHORT_DATETIME_FORMAT"
                                ),
                                "end": formats.date_format(timezone.localtime(clash.ends_at), "SHORT_DATETIME_FORMAT"),
                            }
                        ]
                    }
                )
        return create_record(
            TrainingSession,
            course=course,
            starts_at=starts_at,
            ends_at=ends_at,
            place=_text(place),
            capacity=capacity,
            trainer=trainer,
            external_trainer="" if trainer else _text(external_trainer),
        )


def session_cancel(*, actor: Actor, session: TrainingSession, reason: str = "") -> TrainingSession:
    ensure(actor, "staff.change_trainingsession")
    if session.cancelled_at is not None:
        return session
    return update_record(session, reason=reason, cancelled_at=timezone.now())


def enrol(*, actor: Actor, session: TrainingSession, employee: Employee) -> Enrolment:
    """Enrol a colleague; a full session refuses more (the session row is locked, so two at once cannot both fit)."""
    ensure(actor, "staff.add_enrolment")
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.cancelled_at is not None:
            raise InvalidInput(_("This session is cancelled."))
        if employee.archived_at is not None:
            raise InvalidInput(fields={"employee": [_("This person no longer works here.")]})
        existing = Enrolment.objects.filter(session=session, employee=employee).first()
        if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
            raise InvalidInput(fields={"employee": [_("This person is already enrolled in the session.")]})
        taken = session.enrolments.exclude(status=EnrolmentStatus.CANCELLED).count()
        if taken >= session.capacity:
            raise InvalidInput(
                fields={"employee": [_("The session is full (capacity %(n)d).") % {"n": session.capacity}]}
            )
        if existing is not None:
            return update_record(existing, status=EnrolmentStatus.ENROLLED)
        return create_record(Enrolment, session=session, employee=employee)


def valid_until_for(course: Course, issued_on: dt.date) -> dt.date | None:
    if not course.validity_months:
        return None
    return issued_on + relativedelta(months=course.validity_months)


def attendance_record(*, actor: Actor, session: TrainingSession, attended: set[int]) -> list[Certificate]:
    """Who came (employee ids); each of them gets a certificate of the course, the others are marked absent."""
    ensure(actor, "staff.change_enrolment", "staff.add_certificate")
    if session.starts_at > timezone.now():
        raise InvalidInput(_("Attendance can be recorded once the session has started."))
    if session.cancelled_at is not None:
        raise InvalidInput(_("This session is cancelled."))
    enrolments = list(session.enrolments.exclude(status=EnrolmentStatus.CANCELLED).select_related("employee"))
    unknown = set(attended) - {e.employee_id for e in enrolments}
    if unknown:
        raise InvalidInput(fields={"attended": [_("Only enrolled colleagues can attend.")]})
    issued_on = timezone.localtime(session.ends_at).date()
    certificates = []
    with transaction.atomic():
        for enrolment in enrolments:
            came = enrolment.employee_id in attended
            was = enrolment.status == EnrolmentStatus.ATTENDED
            update_record(enrolment, status=EnrolmentStatus.ATTENDED if came else EnrolmentStatus.ABSENT)
            if came and not was:
                certificates.append(
                    create_record(
                        Certificate,
                        employee=enrolment.employee,
                        course=session.course,
                        session=session,
                        issued_on=issued_on,
                        valid_until=valid_until_for(session.course, issued_on),
                    )
                )
    return certificates


def certificate_record(
    *,
    actor: Actor,
    employee: Employee,
    course: Course,
    issued_on: dt.date,
    valid_until: dt.date | None = None,
    document: bytes | None = None,
) -> Certificate:
    """A certificate from elsewhere (an external course): its scan uploaded, its expiry from the course if not given."""
    ensure(actor, "staff.add_certificate")
    path = ""
    if document:
        path = files.store("staff/certificates", document, files.accept(document, "document"))
    return create_record(
        Certificate,
        employee=employee,
        course=course,
        issued_on=issued_on,
        valid_until=valid_until or valid_until_for(course, issued_on),
        document=path,
    )


REMINDER_DAYS = (90, 60, 30)


def remind_expiring_certificates(on: dt.date | None = None) -> int:
    """Tell the holder and their manager 90, 60 and 30 days before a certificate runs out (once per threshold).

    Only the newest certificate of a course counts: one renewed already is not reminded.
    """
    on = on or today()
    sent = 0
    rows = Certificate.objects.filter(
        valid_until__gte=on,
        valid_until__lte=on + dt.timedelta(days=max(REMINDER_DAYS)),
        employee__archived_at__isnull=True,
    ).select_related("employee__user", "employee__manager__user", "course")
    for certificate in rows:
        left = (certificate.valid_until - on).days
        threshold = min(d for d in REMINDER_DAYS if d >= left)
        if certificate.reminded_days is not None and certificate.reminded_days <= threshold:
            continue
        if (
            Certificate.objects.filter(
                employee=certificate.employee_id, course=certificate.course_id, valid_until__gt=certificate.valid_until
            ).exists()
            or Certificate.objects.filter(
                employee=certificate.employee_id, course=certificate.course_id, valid_until__isnull=True
            ).exists()
        ):
            continue
        with transaction.atomic():
            for person in (certificate.employee, certificate.employee.manager):
                if person is not None and person.user_id and person.archived_at is None:
                    with speaking_to(person.user):
                        title = _("%(course)s of %(name)s expires on %(date)s") % {
                            "course": certificate.course.name,
                            "name": certificate.employee.full_name,
                            "date": _date(certificate.valid_until),
                        }
                        notify(recipient=person.user, title=title, url=reverse("staff:my_hr"))
                    sent += 1
            Certificate.objects.filter(pk=certificate.pk).update(reminded_days=threshold)
    return sent


# --- discipline --------------------------------------------------------------------------------

DISCIPLINE_FIELDS = {"kind", "incident_date", "description", "witnesses", "employee_statement", "counts_until"}


def default_counts_until(incident_date: dt.date) -> dt.date:
    return incident_date + relativedelta(months=int(getattr(settings, "STAFF_DISCIPLINE_COUNTS_MONTHS", 6)))


def discipline_record(*, actor: Actor, employee: Employee, **values: Any) -> DisciplinaryRecord:
    """HR records a disciplinary action. Nobody else is told: the record is confidential."""
    ensure(actor, "staff.add_disciplinaryrecord")
    unknown = set(values) - DISCIPLINE_FIELDS
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    if values.get("incident_date") and values["incident_date"] > today():
        raise InvalidInput(fields={"incident_date": [_("The incident date cannot be in the future.")]})
    if not values.get("counts_until") and values.get("incident_date"):
        values["counts_until"] = default_counts_until(values["incident_date"])
    return create_record(DisciplinaryRecord, employee=employee, recorded_by=actor, **values)


def discipline_update(*, actor: Actor, record: DisciplinaryRecord, **changes: Any) -> DisciplinaryRecord:
    ensure(actor, "staff.change_disciplinaryrecord")
    unknown = set(changes) - DISCIPLINE_FIELDS
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return update_record(record, **changes)


def discipline_acknowledge(*, actor: Actor, record: DisciplinaryRecord) -> DisciplinaryRecord:
    """HR notes that the employee took the record over (signed it)."""
    ensure(actor, "staff.change_disciplinaryrecord")
    if record.acknowledged_at is not None:
        raise Conflict(_("The employee has already acknowledged this record."))
    return update_record(record, acknowledged_at=timezone.now())


def evidence_add(*, actor: Actor, record: DisciplinaryRecord, filename: str, data: bytes) -> DisciplinaryEvidence:
    ensure(actor, "staff.change_disciplinaryrecord")
    content_type = files.accept(data, "document")
    with transaction.atomic():
        path = files.store("staff/discipline", data, content_type)
        return create_record(
            DisciplinaryEvidence,
            record=record,
            name=files.display_name(filename),
            document=path,
            content_type=content_type,
        )


# --- offboarding -------------------------------------------------------------------------------


def _default_handover(employee: Employee) -> Employee | None:
    for person in (employee.manager, employee.department.head if employee.department_id else None):
        if person is not None and person.pk != employee.pk and person.archived_at is None:
            return person
    return None


def offboarding_start(
    *,
    actor: Actor,
    employee: Employee,
    reason: str,
    last_day: dt.date,
    notice_delivered_on: dt.date | None = None,
    handover_to: Employee | None = None,
) -> Offboarding:
    """Open the leaver's checklist; the last day must respect the notice period of the configured rule."""
    ensure(actor, "staff.add_offboarding")
    rule = notice_rule()
    if reason not in LeavingReason.values:
        raise InvalidInput(fields={"reason": [_("Choose the reason for leaving.")]})
    if employee.start_date and last_day < employee.start_date:
        raise InvalidInput(
            fields={
                "last_day": [
                    _("The last day cannot be before the start date (%(date)s).") % {"date": _date(employee.start_date)}
                ]
            }
        )
    if rule.applies_to(reason):
        if notice_delivered_on is None:
            raise InvalidInput(fields={"notice_delivered_on": [_("Enter the day the notice was delivered.")]})
        earliest = rule.earliest_last_day(notice_delivered_on)
        if last_day < earliest:
            raise InvalidInput(
                fields={
                    "last_day": [
                        _("The notice period runs from %(start)s; the last day can be %(earliest)s at the earliest.")
                        % {"start": _date(rule.period_start(notice_delivered_on)), "earliest": _date(earliest)}
                    ]
                }
            )
    if notice_delivered_on and last_day < notice_delivered_on:
        raise InvalidInput(fields={"last_day": [_("The last day cannot be before the notice was delivered.")]})
    handover_to = handover_to or _default_handover(employee)
    if handover_to is None:
        raise InvalidInput(fields={"handover_to": [_("Choose who takes over the open work.")]})
    if handover_to.pk == employee.pk or handover_to.archived_at is not None:
        raise InvalidInput(fields={"handover_to": [_("Open work must go to someone who stays.")]})
    from backoffice.people.services import employee_update

    with transaction.atomic():
        if Offboarding.objects.select_for_update().filter(employee=employee, status=OffboardingStatus.OPEN).exists():
            raise InvalidInput(fields={"employee": [_("This person's offboarding is already in progress.")]})
        offboarding = create_record(
            Offboarding,
            employee=employee,
            leaving_reason=reason,
            last_day=last_day,
            notice_delivered_on=notice_delivered_on,
            handover_to=handover_to,
        )
        employee_update(actor=None, employee=employee, end_date=last_day, reason=_("Offboarding"))
    return offboarding


def outstanding_assets(offboarding: Offboarding):
    return Asset.objects.filter(assignee=offboarding.employee_id, archived_at__isnull=True).order_by("id")


def _ensure_open(offboarding: Offboarding) -> None:
    if offboarding.status != OffboardingStatus.OPEN:
        raise Conflict(_("This offboarding is no longer in progress."))


def asset_return(
    *, actor: Actor, offboarding: Offboarding, asset: Asset, condition: str = "", returned_on: dt.date | None = None
) -> AssetReturn:
    """Record an asset handed back; it is no longer assigned to the leaver. The same asset twice is refused."""
    ensure(actor, "staff.add_assetreturn")
    _ensure_open(offboarding)
    from backoffice.equipment.services import asset_update

    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        earlier = AssetReturn.objects.filter(offboarding=offboarding, asset=asset).first()
        if earlier is not None:
            raise InvalidInput(
                fields={
                    "asset": [
                        _("%(asset)s was already returned on %(date)s.")
                        % {"asset": asset.name, "date": _date(earlier.returned_on)}
                    ]
                }
            )
        if asset.assignee_id != offboarding.employee_id:
            raise InvalidInput(
                fields={
                    "asset": [
                        _("%(asset)s is not assigned to %(name)s.")
                        % {"asset": asset.name, "name": offboarding.employee.full_name}
                    ]
                }
            )
        returned = create_record(
            AssetReturn,
            offboarding=offboarding,
            asset=asset,
            returned_on=returned_on or today(),
            received_by=actor,
            condition=_text(condition),
        )
        asset_update(actor=None, asset=asset, assignee=None, reason=_("Returned at offboarding"))
        _complete_if_done(offboarding)
    return returned


def exit_interview_record(*, actor: Actor, offboarding: Offboarding, notes: str) -> Offboarding:
    ensure(actor, "staff.change_offboarding")
    _ensure_open(offboarding)
    if not _text(notes):
        raise InvalidInput(fields={"notes": [_("Write down what was said.")]})
    with transaction.atomic():
        update_record(offboarding, exit_interview_at=timezone.now(), exit_interview_notes=_text(notes))
        _complete_if_done(offboarding)
    return offboarding


def employment_certificate_issue(*, actor: Actor, offboarding: Offboarding) -> Offboarding:
    """The employment certificate (potvrzení o zaměstnání) is handed over; its PDF is generated on demand."""
    ensure(actor, "staff.change_offboarding")
    with transaction.atomic():
        if offboarding.certificate_issued_at is None:
            update_record(offboarding, certificate_issued_at=timezone.now())
        _complete_if_done(offboarding)
    return offboarding


def access_revoke(*, actor: Actor, offboarding: Offboarding) -> Offboarding:
    """Deactivate the leaver's login: sessions and API tokens stop working with it."""
    ensure(actor, "staff.change_offboarding")
    user = offboarding.employee.user
    with transaction.atomic():
        if user is not None and user.is_active:
            before = snapshot(user)
            user.is_active = False
            user.save(update_fields=["is_active"])
            record_change(user, AuditEntry.Action.UPDATE, before=before, reason=_("Offboarding"))
        if offboarding.access_revoked_at is None:
            update_record(offboarding, access_revoked_at=timezone.now())
        _complete_if_done(offboarding)
    return offboarding


def work_handover(*, actor: Actor, offboarding: Offboarding) -> dict[str, int]:
    """Pass every open item of the leaver to the colleague named on the offboarding."""
    from backoffice.core.handover import reassign_all

    ensure(actor, "staff.change_offboarding")
    with transaction.atomic():
        moved = reassign_all(offboarding.employee, offboarding.handover_to)
        update_record(
            offboarding,
            handed_over_at=timezone.now(),
            reason="; ".join(f"{label}: {count}" for label, count in moved.items()),
        )
        _complete_if_done(offboarding)
    if moved and offboarding.handover_to.user_id:
        with speaking_to(offboarding.handover_to.user):
            notify(
                recipient=offboarding.handover_to.user,
                title=_("Open work of %(name)s passed to you") % {"name": offboarding.employee.full_name},
                body="\n".join(f"{label}: {count}" for label, count in moved.items()),
                url=reverse("core:my_work"),
            )
    return moved


def checklist(offboarding: Offboarding) -> dict[str, bool]:
    return {
        "assets": not outstanding_assets(offboarding).exists(),
        "access": offboarding.access_revoked_at is not None,
        "certificate": offboarding.certificate_issued_at is not None,
        "exit_interview": offboarding.exit_interview_at is not None,
        "handover": offboarding.handed_over_at is not None,
    }


def _complete_if_done(offboarding: Offboarding) -> None:
    offboarding.refresh_from_db()
    if offboarding.status == OffboardingStatus.OPEN and all(checklist(offboarding).values()):
        update_record(offboarding, status=OffboardingStatus.COMPLETED)


def offboarding_cancel(*, actor: Actor, offboarding: Offboarding, reason: str = "") -> Offboarding:
    ensure(actor, "staff.change_offboarding")
    _ensure_open(offboarding)
    if offboarding.access_revoked_at is not None:
        raise Conflict(_("The login is already deactivated; the offboarding cannot be cancelled."))
    return update_record(offboarding, reason=reason, status=OffboardingStatus.CANCELLED)


def offboardings_due(on: dt.date | None = None) -> int:
    """The job: on (and after) the last day, the login is deactivated and open work goes to the successor."""
    on = on or today()
    done = 0
    for offboarding in Offboarding.objects.filter(status=OffboardingStatus.OPEN, last_day__lte=on).select_related(
        "employee__user", "handover_to__user"
    ):
        if offboarding.access_revoked_at is None:
            access_revoke(actor=None, offboarding=offboarding)
        if offboarding.handed_over_at is None:
            work_handover(actor=None, offboarding=offboarding)
        done += 1
    return done
