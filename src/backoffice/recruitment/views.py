"""Recruitment pages: positions and their ranked applications, applications, bulk intake, interviews, feedback,
candidates' data (export, erasure). Everything here is HR-confidential: the selectors decide who sees what."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.errors import DomainError
from backoffice.core.pages import form_page, list_page, paginate, run_service
from backoffice.core.permissions import can
from backoffice.recruitment import privacy, selectors, services
from backoffice.recruitment.choices import STAGE_BADGE, IntakeStatus, OfferStatus, Stage
from backoffice.recruitment.filters import ApplicationFilter, PositionFilter
from backoffice.recruitment.forms import (
    ApplicationForm,
    CallForm,
    FeedbackForm,
    IntakeForm,
    InterviewForm,
    MoveForm,
    NoteForm,
    PositionForm,
    SlotOfferForm,
    TagsForm,
)


def _need(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


def _flash_error(request, exc: DomainError) -> None:
    messages.error(request, " ".join([exc.message, *sum(exc.fields.values(), [])]).strip())


# --- positions -------------------------------------------------------------------------------------


@login_required
def position_list(request):
    _need(request.user, "recruitment.view_position")
    filters = PositionFilter(request.GET, queryset=selectors.positions_visible_to(request.user))
    return list_page(
        request,
        "recruitment/position_list.html",
        "recruitment/_position_table.html",
        {
            "filters": filters,
            "page": paginate(request, filters.qs),
            "may_add": can(request.user, "recruitment.add_position"),
        },
    )


@login_required
def position_create(request):
    _need(request.user, "recruitment.add_position")
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        position = run_service(form, services.position_create, actor=request.user, **form.service_values())
        if position is not None:
            messages.success(request, _("Position %(title)s was added.") % {"title": position.title})
            return redirect("recruitment:position_detail", pk=position.pk)
    return form_page(request, form, _("New position"))


@login_required
def position_edit(request, pk: int):
    _need(request.user, "recruitment.change_position")
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=pk)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        position.refresh_from_db()
        saved = run_service(
            form, services.position_update, actor=request.user, position=position, **form.service_values()
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("recruitment:position_detail", pk=position.pk)
    return form_page(request, form, str(position))


@login_required
def position_detail(request, pk: int):
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=pk)
    tab = request.GET.get("tab", "overview")
    context = {
        "position": position,
        "tab": tab,
        "may_change": can(request.user, "recruitment.change_position"),
        "counts": {
            Stage(row["stage"]).label: row["n"]
            for row in selectors.applications_visible_to(request.user)
            .filter(position=position)
            .values("stage")
            .order_by("stage")
            .annotate(n=Count("id"))
        },
        "intakes": selectors.intakes_visible_to(request.user).filter(position=position)[:10],
    }
    if tab == "history":
        _need(request.user, "recruitment.change_position")
        context["history"] = history_of(position)[:200]
    return render(request, "recruitment/position_detail.html", context)


@login_required
def position_ranking(request, pk: int):
    """The ranked list where HR shortlists: every application scored, with what matched and what is missing."""
    _need(request.user, "recruitment.view_application")
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=pk)
    show = request.GET.get("show", "open")
    stages = (
        [s for s in Stage.values if s not in (Stage.REJECTED, Stage.WITHDRAWN, Stage.HIRED)] if show == "open" else None
    )
    # Every application is scored; the explanations are worked out for the page shown.
    page = paginate(request, selectors.ranked_applications(request.user, position, stages=stages))
    return render(
        request,
        "recruitment/position_ranking.html",
        {
            "position": position,
            "page": page,
            "show": show,
            "shortlistable": [Stage.NEW, Stage.SCREENED],
            "may_change": can(request.user, "recruitment.change_application"),
        },
    )


@login_required
@require_POST
def application_shortlist(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    _need(request.user, "recruitment.change_application")
    try:
        services.application_move(actor=request.user, application=application, stage=Stage.SHORTLISTED)
        messages.success(request, _("%(name)s is shortlisted.") % {"name": application.candidate.name})
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:position_ranking", pk=application.position_id)


# --- bulk intake -----------------------------------------------------------------------------------


@login_required
def intake_create(request, pk: int):
    _need(request.user, "recruitment.add_application")
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=pk)
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        batch = run_service(form, services.intake_start, actor=request.user, position=position, files=files)
        if batch is not None:
            return redirect("recruitment:intake_detail", pk=batch.pk)
    return form_page(request, form, _("Drop resumes for %(position)s") % {"position": position.title}, multipart=True)


@login_required
def intake_detail(request, pk: int):
    """Progress of a bulk intake; htmx polls the partial until it is done."""
    batch = get_object_or_404(selectors.intakes_visible_to(request.user), pk=pk)
    context = {
        "batch": batch,
        "files": batch.files.select_related("application")[:1000],
        "done": batch.status == IntakeStatus.DONE,
    }
    htmx = getattr(request, "htmx", None)
    template = "recruitment/_intake_progress.html" if htmx else "recruitment/intake_detail.html"
    return render(request, template, context)


# --- applications ----------------------------------------------------------------------------------


@login_required
def application_list(request):
    _need(request.user, "recruitment.view_application")
    filters = ApplicationFilter(request.GET, queryset=selectors.applications_visible_to(request.user))
    return list_page(
        request,
        "recruitment/application_list.html",
        "recruitment/_application_table.html",
        {"filters": filters, "page": paginate(request, filters.qs), "badges": STAGE_BADGE},
    )


@login_required
def application_export(request):
    """The list as CSV: applicant data, so HR only (the same selector and filter as the page)."""
    _need(request.user, "recruitment.view_application")
    filters = ApplicationFilter(request.GET, queryset=selectors.applications_visible_to(request.user))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Candidate"), _("E-mail"), _("Phone"), _("Position"), _("Stage"), _("Source"), _("Applied")])
    for a in filters.qs[:10000]:
        writer.writerow(
            [a.candidate.name, a.candidate.email, a.candidate.phone, a.position.title, a.get_stage_display(),
             a.get_source_display(), a.created_at.date().isoformat()]
        )  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    return response


@login_required
def application_create(request, pk: int):
    _need(request.user, "recruitment.add_application")
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=pk)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("resume")
        resume = (upload.name, upload.read()) if upload else None
        application = run_service(
            form, services.application_create, actor=request.user, position=position, resume=resume, **data
        )
        if application is not None:
            messages.success(request, _("The application was added."))
            return redirect("recruitment:application_detail", pk=application.pk)
    return form_page(
        request, form, _("New application for %(position)s") % {"position": position.title}, multipart=True
    )


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    hr = can(request.user, "recruitment.view_application")
    tab = request.GET.get("tab", "overview")
    context = {
        "application": application,
        "candidate": application.candidate,
        "tab": tab,
        "hr": hr,
        "may_change": can(request.user, "recruitment.change_application"),
        "badge": STAGE_BADGE.get(application.stage, "secondary"),
        "explanation": selectors.explain(application),
        "stage_changes": application.stage_changes.select_related("by"),
        "interviews": selectors.interviews_visible_to(request.user).filter(application=application),
        "feedback": selectors.feedback_visible_to(request.user, application),
        "summary": selectors.feedback_summary(application) if hr else None,
        "now": timezone.now(),
    }
    if hr:
        context.update(
            {
                "notes": application.notes.select_related("by"),
                "calls": selectors.calls_with(application),
                "other_applications": application.candidate.applications.exclude(pk=application.pk).select_related(
                    "position"
                ),
                "move_form": MoveForm(initial={"stage": ""}),
                "moves": [(s, Stage(s).label) for s in services.allowed_moves(application)],
                "note_form": NoteForm(),
                "tags_form": TagsForm(initial={"tags": ", ".join(application.tags)}),
                "call_form": CallForm(),
                "offer_open": application.stage == Stage.OFFER and application.offer_status == OfferStatus.MADE,
                "may_hire": application.stage == Stage.OFFER and application.offer_status == OfferStatus.ACCEPTED,
                "may_offer": application.stage in (Stage.SHORTLISTED, Stage.INTERVIEW),
            }
        )
    if tab == "history":
        _need(request.user, "recruitment.change_application")
        context["history"] = history_of(application)[:200]
    return render(request, "recruitment/application_detail.html", context)


def _hr_application(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    _need(request.user, "recruitment.change_application")
    return application


@login_required
@require_POST
def application_move(request, pk: int):
    application = _hr_application(request, pk)
    try:
        services.application_move(
            actor=request.user,
            application=application,
            stage=request.POST.get("stage", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The application moved to %(stage)s.") % {"stage": application.get_stage_display()})
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:application_detail", pk=pk)


@login_required
@require_POST
def application_note(request, pk: int):
    application = _hr_application(request, pk)
    try:
        services.application_note_add(actor=request.user, application=application, text=request.POST.get("text", ""))
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:application_detail", pk=pk)


@login_required
@require_POST
def application_tags(request, pk: int):
    application = _hr_application(request, pk)
    tags = [t for t in request.POST.get("tags", "").split(",") if t.strip()]
    try:
        services.application_set_tags(actor=request.user, application=application, tags=tags)
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:application_detail", pk=pk)


@login_required
@require_POST
def application_call(request, pk: int):
    application = _hr_application(request, pk)
    try:
        services.application_call_log(
            actor=request.user,
            application=application,
            direction=request.POST.get("direction", "out"),
            purpose=request.POST.get("purpose", ""),
        )
        messages.success(request, _("The call was logged."))
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:application_detail", pk=pk)


@login_required
@require_POST
def application_offer(request, pk: int, action: str):
    application = _hr_application(request, pk)
    try:
        if action == "make":
            services.application_offer(actor=request.user, application=application)
        elif action in ("accepted", "declined"):
            services.application_offer_answer(
                actor=request.user, application=application, accepted=action == "accepted"
            )
        elif action == "hire":
            services.application_hire(actor=request.user, application=application)
            messages.success(request, _("%(name)s is hired.") % {"name": application.candidate.name})
        else:
            raise Http404
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:application_detail", pk=pk)


@login_required
def resume_download(request, pk: int):
    resume = get_object_or_404(selectors.resumes_visible_to(request.user), pk=pk)
    if not resume.file:
        raise Http404
    response = FileResponse(default_storage.open(resume.file.name, "rb"), content_type=resume.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="resume-{resume.pk}{resume.file.name[resume.file.name.rfind(".") :]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- interviews and feedback -----------------------------------------------------------------------


@login_required
def interview_create(request, pk: int):
    _need(request.user, "recruitment.add_interview")
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = data["start"]
        interview = run_service(
            form,
            services.interview_schedule,
            actor=request.user,
            application=application,
            interviewers=list(data["interviewers"]),
            start=start,
            end=start + dt.timedelta(minutes=data["minutes"]),
            room=data["room"],
            video_link=data["video_link"],
        )
        if interview is not None:
            messages.success(request, _("The interview is booked; the invitations are on their way."))
            return redirect("recruitment:application_detail", pk=pk)
    return form_page(request, form, _("Interview with %(name)s") % {"name": application.candidate.name})


@login_required
def interview_offer(request, pk: int):
    """Offer the candidate the best free slots of the interviewers; they pick one through a private link."""
    _need(request.user, "recruitment.add_interview")
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = SlotOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from backoffice.meetings.slots import best_slots

        data = form.cleaned_data
        duration = dt.timedelta(minutes=data["minutes"])
        people = list(data["interviewers"])
        slots = best_slots(participants=people, duration=duration, start=data["date_from"], end=data["date_to"])
        if not slots:
            form.add_error(None, _("The interviewers have no common free time in these days."))
        else:
            interview = run_service(
                form,
                services.interview_offer_slots,
                actor=request.user,
                application=application,
                interviewers=people,
                slots=slots,
                duration=duration,
                room=data["room"],
                video_link=data["video_link"],
            )
            if interview is not None:
                messages.success(request, _("The candidate was sent %(n)s slots to pick from.") % {"n": len(slots)})
                return redirect("recruitment:application_detail", pk=pk)
    return form_page(request, form, _("Offer interview slots to %(name)s") % {"name": application.candidate.name})


@login_required
def interview_list(request):
    _need(request.user, "recruitment.add_feedback")
    interviews = selectors.interviews_visible_to(request.user).order_by("-created_at")[:200]
    return render(request, "recruitment/interview_list.html", {"interviews": interviews})


@login_required
def feedback(request, pk: int):
    interview = get_object_or_404(selectors.interviews_visible_to(request.user), pk=pk)
    if not services.may_give_feedback(request.user, interview):
        raise PermissionDenied
    requirements = services.feedback_requirements(interview.application.position)
    form = FeedbackForm(request.POST or None, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.feedback_submit,
            actor=request.user,
            interview=interview,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            comment=form.cleaned_data["comment"],
        )
        if saved is not None:
            messages.success(request, _("Thank you; your feedback is saved."))
            return redirect("recruitment:application_detail", pk=interview.application_id)
    return form_page(request, form, _("Feedback: %(name)s") % {"name": interview.application.candidate.name})


# --- candidates (privacy) --------------------------------------------------------------------------


@login_required
def candidate_detail(request, pk: int):
    candidate = get_object_or_404(selectors.candidates_visible_to(request.user), pk=pk)
    context = {
        "candidate": candidate,
        "applications": selectors.applications_visible_to(request.user).filter(candidate=candidate),
        "may_export": can(request.user, "recruitment.export_candidate"),
        "history": history_of(candidate)[:100],
    }
    return render(request, "recruitment/candidate_detail.html", context)


@login_required
def candidate_export(request, pk: int):
    candidate = get_object_or_404(selectors.candidates_visible_to(request.user), pk=pk)
    content = privacy.candidate_export(actor=request.user, candidate=candidate)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.zip"'
    return response


@login_required
@require_POST
def candidate_erase(request, pk: int):
    candidate = get_object_or_404(selectors.candidates_visible_to(request.user), pk=pk)
    try:
        services.candidate_erase(actor=request.user, candidate=candidate, reason=request.POST.get("reason", ""))
        messages.success(request, _("The candidate's personal data was erased."))
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("recruitment:candidate_detail", pk=pk)
