"""/api/v1/staff/: thin adapters over the staff services and selectors."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.errors import InvalidInput
from backoffice.core.permissions import ensure
from backoffice.core.schemas import ERRORS
from backoffice.core.text import fold
from backoffice.equipment.models import Asset
from backoffice.people.models import Department
from backoffice.people.selectors import employees_visible_to
from backoffice.staff import documents, matrix, selectors, services
from backoffice.staff.models import OnboardingTemplate
from backoffice.staff.schemas import (
    AttendanceIn,
    CertificateIn,
    CertificateOut,
    CourseIn,
    CourseOut,
    EnrolIn,
    EnrolmentOut,
    ExitInterviewIn,
    MatrixRowOut,
    OffboardingDetailOut,
    OffboardingIn,
    OffboardingOut,
    OnboardingDetailOut,
    OnboardingIn,
    OnboardingOut,
    RecordIn,
    RecordOut,
    RecordPatch,
    RequirementIn,
    RequirementOut,
    ReturnIn,
    ReturnOut,
    SessionIn,
    SessionOut,
    TaskDoneIn,
)

router = Router(tags=["staff"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _ref(queryset, pk: int | None, field: str, message: str):
    """A referenced record among those the user may see; a wrong id is a field error, not a 500."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(fields={field: [message]})
    return found


def _employee(request, pk, field="employee_id"):
    rows = employees_visible_to(request.user).filter(archived_at__isnull=True)
    return _ref(rows, pk, field, _("Unknown employee."))


def _asset(pk, field="asset_id"):
    return _ref(Asset.objects.all(), pk, field, _("Unknown asset."))


# --- onboarding --------------------------------------------------------------------------------


@router.get("/onboardings", response={200: list[OnboardingOut], **ERRORS}, summary="Onboardings the user may see")
@paginate(Page)
def list_onboardings(request, status: str = ""):
    rows = selectors.onboardings_visible_to(request.user)
    return rows.filter(status=status) if status else rows


@router.post("/onboardings", response={201: OnboardingDetailOut, **ERRORS}, summary="Start a new hire's onboarding")
def start_onboarding(request, payload: OnboardingIn):
    ensure(request.user, "staff.add_onboarding")
    template = _ref(
        OnboardingTemplate.objects.filter(archived_at__isnull=True),
        payload.template_id,
        "template_id",
        _("Unknown template."),
    )
    onboarding = services.onboarding_start(
        actor=request.user, employee=_employee(request, payload.employee_id), template=template
    )
    return Status(201, _with_tasks(request, onboarding.pk))


def _with_tasks(request, pk: int):
    onboarding = get_object_or_404(selectors.onboardings_visible_to(request.user), pk=pk)
    onboarding.task_list = list(selectors.tasks_visible_to(request.user).filter(onboarding=onboarding))
    return onboarding


@router.get("/onboardings/{onboarding_id}", response={200: OnboardingDetailOut, **ERRORS})
def get_onboarding(request, onboarding_id: int):
    return _with_tasks(request, onboarding_id)


@router.post("/tasks/{task_id}/done", response={200: OnboardingDetailOut, **ERRORS}, summary="Mark a task done")
def complete_task(request, task_id: int, payload: TaskDoneIn):
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=task_id)
    services.onboarding_task_complete(actor=request.user, task=task, asset=_asset(payload.asset_id), note=payload.note)
    return _with_tasks(request, task.onboarding_id)


# --- training ----------------------------------------------------------------------------------


@router.get("/courses", response={200: list[CourseOut], **ERRORS})
def list_courses(request):
    return list(selectors.courses_visible_to(request.user).filter(archived_at__isnull=True))


@router.post("/courses", response={201: CourseOut, **ERRORS})
def create_course(request, payload: CourseIn):
    return Status(201, services.course_create(actor=request.user, **payload.dict()))


@router.post(
    "/courses/{course_id}/requirements",
    response={201: RequirementOut, **ERRORS},
    summary="Make a course mandatory for a department and/or job title",
)
def add_requirement(request, course_id: int, payload: RequirementIn):
    ensure(request.user, "staff.change_course")
    course = get_object_or_404(selectors.courses_visible_to(request.user), pk=course_id)
    department = _ref(Department.objects.all(), payload.department_id, "department_id", _("Unknown department."))
    return Status(
        201,
        services.course_require(actor=request.user, course=course, department=department, job_title=payload.job_title),
    )


@router.get("/sessions", response={200: list[SessionOut], **ERRORS})
@paginate(Page)
def list_sessions(request):
    return selectors.sessions_visible_to(request.user)


def _session(request, pk: int):
    return get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)


@router.post(
    "/sessions", response={201: SessionOut, **ERRORS}, summary="Plan a session (a trainer cannot be double-booked)"
)
def create_session(request, payload: SessionIn):
    ensure(request.user, "staff.add_trainingsession")
    data = payload.dict()
    course = _ref(selectors.courses_visible_to(request.user), data.pop("course_id"), "course_id", _("Unknown course."))
    trainer = _employee(request, data.pop("trainer_id"), "trainer_id")
    session = services.session_create(actor=request.user, course=course, trainer=trainer, **data)
    return Status(201, _session(request, session.pk))


@router.post(
    "/sessions/{session_id}/enrolments",
    response={201: EnrolmentOut, **ERRORS},
    summary="Enrol a colleague (a full session refuses)",
)
def enrol(request, session_id: int, payload: EnrolIn):
    ensure(request.user, "staff.add_enrolment")
    session = _session(request, session_id)
    return Status(
        201, services.enrol(actor=request.user, session=session, employee=_employee(request, payload.employee_id))
    )


@router.post(
    "/sessions/{session_id}/attendance",
    response={200: list[CertificateOut], **ERRORS},
    summary="Record who attended; each gets a certificate",
)
def record_attendance(request, session_id: int, payload: AttendanceIn):
    ensure(request.user, "staff.change_enrolment", "staff.add_certificate")
    session = _session(request, session_id)
    made = services.attendance_record(actor=request.user, session=session, attended=set(payload.attended))
    return [_certificate_out(c) for c in made]


def _certificate_out(certificate) -> dict:
    return {
        "id": certificate.pk,
        "employee_id": certificate.employee_id,
        "course_id": certificate.course_id,
        "session_id": certificate.session_id,
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "has_scan": bool(certificate.document),
    }


@router.get("/certificates", response={200: list[CertificateOut], **ERRORS})
@paginate(Page)
def list_certificates(request, employee_id: int | None = None, course_id: int | None = None):
    rows = selectors.certificates_visible_to(request.user)
    if employee_id:
        rows = rows.filter(employee_id=employee_id)
    if course_id:
        rows = rows.filter(course_id=course_id)
    return [_certificate_out(c) for c in rows]


@router.post("/certificates", response={201: CertificateOut, **ERRORS}, summary="Record a certificate from elsewhere")
def create_certificate(request, payload: CertificateIn):
    ensure(request.user, "staff.add_certificate")
    course = _ref(selectors.courses_visible_to(request.user), payload.course_id, "course_id", _("Unknown course."))
    certificate = services.certificate_record(
        actor=request.user,
        employee=_employee(request, payload.employee_id),
        course=course,
        issued_on=payload.issued_on,
        valid_until=payload.valid_until,
    )
    return Status(201, _certificate_out(certificate))


@router.get(
    "/matrix",
    response={200: list[MatrixRowOut], **ERRORS},
    summary="Training matrix: employees × mandatory courses (valid, expiring_30/60/90, expired, missing)",
)
@paginate(Page)
def training_matrix(
    request, q: str = "", department_id: int | None = None, course_id: int | None = None, standing: str = ""
):
    ensure(request.user, "staff.view_certificate")
    employees = matrix.employees_for_matrix(request.user)
    for word in fold(q).split()[:5]:
        employees = employees.filter(search_text__contains=word)
    if department_id:
        employees = employees.filter(department_id=department_id)
    _, rows = matrix.matrix(request.user, employees=employees, course_id=course_id, standing=standing or None)
    return [
        {
            "employee_id": row.employee.pk,
            "employee": row.employee.full_name,
            "department": str(row.employee.department or ""),
            "cells": [
                {"course_id": c.course.pk, "standing": c.standing, "valid_until": c.shown_until} for c in row.cells
            ],
        }
        for row in rows
    ]


# --- discipline --------------------------------------------------------------------------------


@router.get(
    "/discipline",
    response={200: list[RecordOut], **ERRORS},
    summary="Disciplinary records (HR: all; an employee: their own)",
)
@paginate(Page)
def list_records(request):
    return selectors.discipline_visible_to(request.user)


@router.post("/discipline", response={201: RecordOut, **ERRORS})
def create_discipline(request, payload: RecordIn):
    ensure(request.user, "staff.add_disciplinaryrecord")
    data = payload.dict()
    employee = _employee(request, data.pop("employee_id"))
    return Status(201, services.discipline_record(actor=request.user, employee=employee, **data))


def _record(request, pk: int):
    return get_object_or_404(selectors.discipline_visible_to(request.user), pk=pk)


@router.get("/discipline/{record_id}", response={200: RecordOut, **ERRORS})
def get_record(request, record_id: int):
    return _record(request, record_id)


@router.patch("/discipline/{record_id}", response={200: RecordOut, **ERRORS})
def update_discipline(request, record_id: int, payload: RecordPatch):
    ensure(request.user, "staff.change_disciplinaryrecord")
    record = _record(request, record_id)
    return services.discipline_update(actor=request.user, record=record, **payload.dict(exclude_unset=True))


@router.get(
    "/discipline/{record_id}/letter",
    response={200: None, **ERRORS},
    summary="The warning letter as PDF (lang=cs or en)",
)
def record_letter(request, record_id: int, lang: str = "cs"):
    record = _record(request, record_id)
    response = HttpResponse(documents.warning_letter_pdf(record, lang), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


# --- offboarding -------------------------------------------------------------------------------


def _offboarding(request, pk: int):
    return get_object_or_404(selectors.offboardings_visible_to(request.user), pk=pk)


def _offboarding_detail(offboarding):
    offboarding.refresh_from_db()
    offboarding.checklist_state = services.checklist(offboarding)
    offboarding.outstanding_asset_ids = list(services.outstanding_assets(offboarding).values_list("id", flat=True))
    offboarding.return_list = list(offboarding.returns.all())
    return offboarding


@router.get("/offboardings", response={200: list[OffboardingOut], **ERRORS})
@paginate(Page)
def list_offboardings(request, status: str = ""):
    ensure(request.user, "staff.view_offboarding")
    rows = selectors.offboardings_visible_to(request.user)
    return rows.filter(status=status) if status else rows


@router.post(
    "/offboardings",
    response={201: OffboardingDetailOut, **ERRORS},
    summary="Start an offboarding (the last day is checked against the notice period)",
)
def start_offboarding(request, payload: OffboardingIn):
    ensure(request.user, "staff.add_offboarding")
    offboarding = services.offboarding_start(
        actor=request.user,
        employee=_employee(request, payload.employee_id),
        reason=payload.reason,
        last_day=payload.last_day,
        notice_delivered_on=payload.notice_delivered_on,
        handover_to=_employee(request, payload.handover_to_id, "handover_to_id"),
    )
    return Status(201, _offboarding_detail(offboarding))


@router.get("/offboardings/{offboarding_id}", response={200: OffboardingDetailOut, **ERRORS})
def get_offboarding(request, offboarding_id: int):
    return _offboarding_detail(_offboarding(request, offboarding_id))


@router.post(
    "/offboardings/{offboarding_id}/returns",
    response={201: ReturnOut, **ERRORS},
    summary="Record a returned asset (the same asset twice is refused)",
)
def return_asset(request, offboarding_id: int, payload: ReturnIn):
    ensure(request.user, "staff.add_assetreturn")
    offboarding = _offboarding(request, offboarding_id)
    returned = services.asset_return(
        actor=request.user, offboarding=offboarding, asset=_asset(payload.asset_id), condition=payload.condition
    )
    return Status(201, returned)


@router.post("/offboardings/{offboarding_id}/exit-interview", response={200: OffboardingDetailOut, **ERRORS})
def exit_interview(request, offboarding_id: int, payload: ExitInterviewIn):
    offboarding = _offboarding(request, offboarding_id)
    services.exit_interview_record(actor=request.user, offboarding=offboarding, notes=payload.notes)
    return _offboarding_detail(offboarding)


@router.post(
    "/offboardings/{offboarding_id}/employment-certificate",
    response={200: OffboardingDetailOut, **ERRORS},
    summary="Mark the employment certificate as handed over",
)
def issue_employment_certificate(request, offboarding_id: int):
    offboarding = _offboarding(request, offboarding_id)
    services.employment_certificate_issue(actor=request.user, offboarding=offboarding)
    return _offboarding_detail(offboarding)


@router.post("/offboardings/{offboarding_id}/revoke-access", response={200: OffboardingDetailOut, **ERRORS})
def revoke_access(request, offboarding_id: int):
    offboarding = _offboarding(request, offboarding_id)
    services.access_revoke(actor=request.user, offboarding=offboarding)
    return _offboarding_detail(offboarding)


@router.post(
    "/offboardings/{offboarding_id}/handover",
    response={200: OffboardingDetailOut, **ERRORS},
    summary="Pass the leaver's open work to the successor now",
)
def hand_over(request, offboarding_id: int):
    offboarding = _offboarding(request, offboarding_id)
    services.work_handover(actor=request.user, offboarding=offboarding)
    return _offboarding_detail(offboarding)
