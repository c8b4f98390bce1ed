"""Staff pages: onboarding, training and the matrix, disciplinary records (HR only), offboarding, self-service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.errors import DomainError
from backoffice.core.handover import open_items_of
from backoffice.core.pages import form_page, list_page, paginate, run_service, submitted
from backoffice.core.permissions import can
from backoffice.core.text import fold
from backoffice.people.selectors import employee_of
from backoffice.staff import documents, exports, matrix, selectors, services
from backoffice.staff.choices import OffboardingStatus, OnboardingStatus, TaskKind
from backoffice.staff.forms import (
    CertificateForm,
    CourseForm,
    DisciplineForm,
    EnrolForm,
    EvidenceForm,
    ExitInterviewForm,
    MatrixFilterForm,
    OffboardingForm,
    OnboardingStartForm,
    RequirementForm,
    ReturnForm,
    SessionForm,
    TaskDoneForm,
    TemplateForm,
    TemplateTaskForm,
)


def _need(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


def _file(content: bytes, filename: str, content_type: str = "application/pdf") -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _flash_error(request, exc: DomainError) -> None:
    messages.error(request, " ".join([exc.message, *sum(exc.fields.values(), [])]).strip())


# --- self-service ------------------------------------------------------------------------------


@login_required
def my_hr(request):
    """What the signed-in employee may see of their own: onboarding, trainings and certificates, records."""
    me = employee_of(request.user)
    return render(
        request,
        "staff/my_hr.html",
        {
            "me": me,
            "tasks": selectors.tasks_visible_to(request.user).filter(onboarding__employee=me) if me else [],
            "enrolments": selectors.enrolments_visible_to(request.user).filter(employee=me) if me else [],
            "certificates": selectors.certificates_visible_to(request.user).filter(employee=me) if me else [],
            "records": selectors.discipline_visible_to(request.user).filter(employee=me) if me else [],
        },
    )


# --- onboarding --------------------------------------------------------------------------------


@login_required
def onboarding_list(request):
    _need(request.user, "staff.view_onboarding")
    status = request.GET.get("status", OnboardingStatus.OPEN)
    rows = selectors.onboardings_visible_to(request.user).order_by("-start_date", "-id")  # counted rows: say it
    if status in OnboardingStatus.values:
        rows = rows.filter(status=status)
    return list_page(
        request,
        "staff/onboarding_list.html",
        "staff/_onboarding_table.html",
        {
            "page": paginate(request, rows),
            "status": status,
            "statuses": OnboardingStatus.choices,
            "may_add": can(request.user, "staff.add_onboarding"),
        },
    )


@login_required
def onboarding_start(request):
    _need(request.user, "staff.add_onboarding")
    form = OnboardingStartForm(request.POST or None, initial={"employee": request.GET.get("employee")})
    done = submitted(
        request, form, services.onboarding_start, then="staff:onboarding_detail", success=_("Onboarding started.")
    )
    return done or form_page(request, form, _("Start onboarding"))


@login_required
def onboarding_detail(request, pk: int):
    onboarding = get_object_or_404(selectors.onboardings_visible_to(request.user), pk=pk)
    tasks = list(selectors.tasks_visible_to(request.user).filter(onboarding=onboarding))
    may_manage = can(request.user, "staff.change_onboarding")
    tab = request.GET.get("tab", "overview")
    context = {
        "onboarding": onboarding,
        "tasks": [(task, services.may_work_on_task(request.user, task)) for task in tasks],
        "done_form": TaskDoneForm(),
        "equipment": TaskKind.EQUIPMENT,
        "may_manage": may_manage,
        "tab": tab,
    }
    if tab == "history":
        if not may_manage:
            raise PermissionDenied
        context["history"] = history_of(onboarding)[:200]
    return render(request, "staff/onboarding_detail.html", context)


@login_required
@require_POST
def task_done(request, pk: int):
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk)
    if not services.may_work_on_task(request.user, task):
        raise PermissionDenied
    form = TaskDoneForm(request.POST)
    if form.is_valid():
        try:
            services.onboarding_task_complete(actor=request.user, task=task, **form.cleaned_data)
            messages.success(request, _("Task done: %(task)s") % {"task": task.title})
        except DomainError as exc:
            _flash_error(request, exc)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("staff:onboarding_detail", pk=task.onboarding_id)


@login_required
def template_list(request):
    _need(request.user, "staff.view_onboardingtemplate")
    return render(
        request,
        "staff/template_list.html",
        {
            "templates": selectors.templates_visible_to(request.user).filter(archived_at__isnull=True),
            "may_add": can(request.user, "staff.add_onboardingtemplate"),
        },
    )


@login_required
def template_create(request):
    _need(request.user, "staff.add_onboardingtemplate")
    form = TemplateForm(request.POST or None)
    done = submitted(request, form, services.template_create, then="staff:template_detail")
    return done or form_page(request, form, _("New onboarding template"))


@login_required
def template_detail(request, pk: int):
    template = get_object_or_404(selectors.templates_visible_to(request.user), pk=pk)
    may_change = can(request.user, "staff.change_onboardingtemplate")
    form = TemplateTaskForm(request.POST or None)
    if request.method == "POST":
        _need(request.user, "staff.change_onboardingtemplate")
        if form.is_valid() and run_service(
            form, services.template_task_add, actor=request.user, template=template, **form.cleaned_data
        ):
            messages.success(request, _("Task added."))
            return redirect("staff:template_detail", pk=template.pk)
    return render(
        request,
        "staff/template_detail.html",
        {"template": template, "tasks": template.tasks.select_related("owner"), "form": form, "may_change": may_change},
    )


# --- training ----------------------------------------------------------------------------------


@login_required
def course_list(request):
    _need(request.user, "staff.view_course")
    return render(
        request,
        "staff/course_list.html",
        {
            "courses": selectors.courses_visible_to(request.user).filter(archived_at__isnull=True),
            "sessions": selectors.sessions_visible_to(request.user).filter(cancelled_at__isnull=True)[:50],
            "may_add": can(request.user, "staff.add_course"),
            "may_plan": can(request.user, "staff.add_trainingsession"),
            "may_certify": can(request.user, "staff.add_certificate"),
        },
    )


@login_required
def course_create(request):
    _need(request.user, "staff.add_course")
    form = CourseForm(request.POST or None)
    done = submitted(request, form, services.course_create, then="staff:course_detail")
    return done or form_page(request, form, _("New course"))


@login_required
def course_detail(request, pk: int):
    _need(request.user, "staff.view_course")
    course = get_object_or_404(selectors.courses_visible_to(request.user), pk=pk)
    may_change = can(request.user, "staff.change_course")
    form = RequirementForm(request.POST or None)
    if request.method == "POST":
        _need(request.user, "staff.change_course")
        if form.is_valid() and run_service(
            form, services.course_require, actor=request.user, course=course, **form.cleaned_data
        ):
            messages.success(request, _("The course is now mandatory for them."))
            return redirect("staff:course_detail", pk=course.pk)
    return render(
        request,
        "staff/course_detail.html",
        {
            "course": course,
            "form": form,
            "may_change": may_change,
            "sessions": selectors.sessions_visible_to(request.user).filter(course=course)[:50],
        },
    )


@login_required
def session_create(request):
    _need(request.user, "staff.add_trainingsession")
    form = SessionForm(request.POST or None, initial={"course": request.GET.get("course")})
    done = submitted(request, form, services.session_create, then="staff:session_detail", success=_("Session planned."))
    return done or form_page(request, form, _("New training session"))


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
    may_enrol = can(request.user, "staff.add_enrolment")
    may_record = can(request.user, "staff.change_enrolment") and can(request.user, "staff.add_certificate")
    form = EnrolForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "attendance":
            if not may_record:
                raise PermissionDenied
            attended = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
            try:
                made = services.attendance_record(actor=request.user, session=session, attended=attended)
                messages.success(
                    request,
                    ngettext(
                        "Attendance recorded; %(n)d certificate issued.",
                        "Attendance recorded; %(n)d certificates issued.",
                        len(made),
                    )
                    % {"n": len(made)},
                )
            except DomainError as exc:
                _flash_error(request, exc)
            return redirect("staff:session_detail", pk=session.pk)
        if not may_enrol:
            raise PermissionDenied
        if form.is_valid() and run_service(
            form, services.enrol, actor=request.user, session=session, employee=form.cleaned_data["employee"]
        ):
            messages.success(request, _("Enrolled."))
            return redirect("staff:session_detail", pk=session.pk)
    return render(
        request,
        "staff/session_detail.html",
        {
            "session": session,
            "enrolments": selectors.enrolments_visible_to(request.user).filter(session=session),
            "form": form,
            "may_enrol": may_enrol,
            "may_record": may_record,
        },
    )


@login_required
def certificate_create(request):
    _need(request.user, "staff.add_certificate")
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        certificate = run_service(
            form, services.certificate_record, actor=request.user, document=upload.read() if upload else None, **data
        )
        if certificate is not None:
            messages.success(request, _("Certificate recorded."))
            return redirect("staff:matrix")
    return render(request, "staff/upload_form.html", {"form": form, "title": _("Record a certificate")})


@login_required
def certificate_file(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)
    if certificate.document:
        return FileResponse(default_storage.open(certificate.document.name), as_attachment=False)
    try:
        return _file(documents.certificate_pdf(certificate), f"certificate-{certificate.pk}.pdf")
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("staff:my_hr")


def _matrix_request(request):
    form = MatrixFilterForm(request.GET or None)
    employees = matrix.employees_for_matrix(request.user)
    course_id, standing = None, None
    if form.is_valid():
        data = form.cleaned_data
        for word in fold(data.get("q") or "").split()[:5]:
            employees = employees.filter(search_text__contains=word)
        if data.get("department"):
            employees = employees.filter(department=data["department"])
        course_id = data["course"].pk if data.get("course") else None
        standing = data.get("standing") or None
    return form, employees, course_id, standing


@login_required
def matrix_page(request):
    _need(request.user, "staff.view_certificate")
    form, employees, course_id, standing = _matrix_request(request)
    if standing:
        courses, rows = matrix.matrix(request.user, employees=employees, course_id=course_id, standing=standing)
        page = paginate(request, rows)
    else:  # without a standing filter only the page's employees need computing
        page = paginate(request, employees)
        courses = matrix.mandatory_courses(course_id)
        page.object_list = matrix.build_rows(list(page.object_list), courses)
    query = request.GET.copy()
    query.pop("page", None)
    return list_page(
        request,
        "staff/matrix.html",
        "staff/_matrix_table.html",
        {"form": form, "courses": courses, "page": page, "export_query": query.urlencode()},
    )


@login_required
def matrix_export(request, fmt: str):
    _need(request.user, "staff.view_certificate")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _, employees, course_id, standing = _matrix_request(request)
    courses, rows = matrix.matrix(request.user, employees=employees, course_id=course_id, standing=standing)
    content, mimetype = exports.matrix_file(courses, rows, fmt)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="training-matrix.{fmt}"'
    return response


# --- discipline (HR only; the employee reads their own) ---------------------------------------


@login_required
def discipline_list(request):
    _need(request.user, "staff.view_disciplinaryrecord")
    rows = selectors.discipline_visible_to(request.user)
    return list_page(
        request,
        "staff/discipline_list.html",
        "staff/_discipline_table.html",
        {"page": paginate(request, rows), "may_add": can(request.user, "staff.add_disciplinaryrecord")},
    )


@login_required
def discipline_create(request):
    _need(request.user, "staff.add_disciplinaryrecord")
    form = DisciplineForm(request.POST or None, initial={"employee": request.GET.get("employee")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employee = data.pop("employee")
        record = run_service(form, services.discipline_record, actor=request.user, employee=employee, **data)
        if record is not None:
            messages.success(request, _("Disciplinary record saved."))
            return redirect("staff:discipline_detail", pk=record.pk)
    return form_page(request, form, _("New disciplinary record"))


@login_required
def discipline_detail(request, pk: int):
    record = get_object_or_404(selectors.discipline_visible_to(request.user), pk=pk)
    may_change = can(request.user, "staff.change_disciplinaryrecord")
    tab = request.GET.get("tab", "overview")
    context = {
        "record": record,
        "escalation": selectors.escalation_of(record),
        "evidence": selectors.evidence_visible_to(request.user).filter(record=record),
        "may_change": may_change,
        "evidence_form": EvidenceForm(),
        "tab": tab,
    }
    if tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(record)[:200]
    return render(request, "staff/discipline_detail.html", context)


@login_required
def discipline_edit(request, pk: int):
    _need(request.user, "staff.change_disciplinaryrecord")
    record = get_object_or_404(selectors.discipline_visible_to(request.user), pk=pk)
    form = DisciplineForm(request.POST or None, instance=record)
    form.fields.pop("employee")
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.discipline_update, actor=request.user, record=record, **form.cleaned_data)
    ):
        messages.success(request, _("Changes saved."))
        return redirect("staff:discipline_detail", pk=record.pk)
    return form_page(request, form, str(record))


@login_required
@require_POST
def discipline_action(request, pk: int, action: str):
    _need(request.user, "staff.change_disciplinaryrecord")
    record = get_object_or_404(selectors.discipline_visible_to(request.user), pk=pk)
    try:
        if action == "acknowledge":
            services.discipline_acknowledge(actor=request.user, record=record)
            messages.success(request, _("Acknowledgement recorded."))
        elif action == "evidence":
            form = EvidenceForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors.get("document", [])) or _("Choose the file to upload."))
            else:
                upload = form.cleaned_data["document"]
                services.evidence_add(actor=request.user, record=record, filename=upload.name, data=upload.read())
                messages.success(request, _("Evidence added."))
        else:
            raise Http404
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("staff:discipline_detail", pk=record.pk)


@login_required
def discipline_letter(request, pk: int):
    record = get_object_or_404(selectors.discipline_visible_to(request.user), pk=pk)
    language = request.GET.get("lang", "cs")
    try:
        content = documents.warning_letter_pdf(record, language)
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("staff:discipline_detail", pk=record.pk)
    return _file(content, f"warning-{record.pk}-{language}.pdf")


@login_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    response = FileResponse(default_storage.open(evidence.document.name), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="{evidence.name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- offboarding -------------------------------------------------------------------------------


@login_required
def offboarding_list(request):
    _need(request.user, "staff.view_offboarding")
    status = request.GET.get("status", OffboardingStatus.OPEN)
    rows = selectors.offboardings_visible_to(request.user)
    if status in OffboardingStatus.values:
        rows = rows.filter(status=status)
    return list_page(
        request,
        "staff/offboarding_list.html",
        "staff/_offboarding_table.html",
        {
            "page": paginate(request, rows),
            "status": status,
            "statuses": OffboardingStatus.choices,
            "may_add": can(request.user, "staff.add_offboarding"),
        },
    )


@login_required
def offboarding_start(request):
    _need(request.user, "staff.add_offboarding")
    form = OffboardingForm(request.POST or None, initial={"employee": request.GET.get("employee")})
    done = submitted(
        request, form, services.offboarding_start, then="staff:offboarding_detail", success=_("Offboarding started.")
    )
    return done or form_page(request, form, _("Start offboarding"))


@login_required
def offboarding_detail(request, pk: int):
    offboarding = get_object_or_404(selectors.offboardings_visible_to(request.user), pk=pk)
    may_change = can(request.user, "staff.change_offboarding")
    return_form = ReturnForm()
    return_form.fields["asset"].queryset = services.outstanding_assets(offboarding)
    tab = request.GET.get("tab", "overview")
    context = {
        "offboarding": offboarding,
        "checklist": services.checklist(offboarding),
        "outstanding": services.outstanding_assets(offboarding),
        "returns": offboarding.returns.select_related("asset", "received_by"),
        "open_work": open_items_of(offboarding.employee),
        "return_form": return_form,
        "interview_form": ExitInterviewForm(),
        "may_change": may_change,
        "may_return": can(request.user, "staff.add_assetreturn"),
        "is_open": offboarding.status == OffboardingStatus.OPEN,
        "tab": tab,
    }
    if tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(offboarding)[:200]
    return render(request, "staff/offboarding_detail.html", context)


@login_required
@require_POST
def offboarding_return(request, pk: int):
    _need(request.user, "staff.add_assetreturn")
    offboarding = get_object_or_404(selectors.offboardings_visible_to(request.user), pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.asset_return(actor=request.user, offboarding=offboarding, **form.cleaned_data)
            messages.success(request, _("%(asset)s was returned.") % {"asset": form.cleaned_data["asset"].name})
        except DomainError as exc:
            _flash_error(request, exc)
    else:
        messages.error(request, _("Choose the asset returned."))
    return redirect("staff:offboarding_detail", pk=offboarding.pk)


OFFBOARDING_ACTIONS = {
    "certificate": (services.employment_certificate_issue, _("The employment certificate is marked as issued.")),
    "revoke": (services.access_revoke, _("The login is deactivated.")),
    "handover": (services.work_handover, _("Open work was handed over.")),
    "cancel": (services.offboarding_cancel, _("Offboarding cancelled.")),
}


@login_required
@require_POST
def offboarding_action(request, pk: int, action: str):
    _need(request.user, "staff.change_offboarding")
    offboarding = get_object_or_404(selectors.offboardings_visible_to(request.user), pk=pk)
    try:
        if action == "interview":
            form = ExitInterviewForm(request.POST)
            notes = form.data.get("notes", "")
            services.exit_interview_record(actor=request.user, offboarding=offboarding, notes=notes)
            messages.success(request, _("Exit interview recorded."))
        elif action in OFFBOARDING_ACTIONS:
            service, done = OFFBOARDING_ACTIONS[action]
            service(actor=request.user, offboarding=offboarding)
            messages.success(request, str(done))
        else:
            raise Http404
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("staff:offboarding_detail", pk=offboarding.pk)


@login_required
def employment_certificate(request, pk: int):
    _need(request.user, "staff.view_offboarding")
    offboarding = get_object_or_404(selectors.offboardings_visible_to(request.user), pk=pk)
    try:
        return _file(documents.employment_certificate_pdf(offboarding), f"employment-certificate-{offboarding.pk}.pdf")
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("staff:offboarding_detail", pk=offboarding.pk)
