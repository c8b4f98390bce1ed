"""/api/v1/recruitment/: thin adapters over the recruitment services and selectors (HR-confidential)."""

import base64
import binascii

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.permissions import can, ensure
from backoffice.core.schemas import ERRORS
from backoffice.people.models import Department, Employee
from backoffice.recruitment import privacy, selectors, services
from backoffice.recruitment.filters import ApplicationFilter, PositionFilter
from backoffice.recruitment.schemas import (
    ApplicationIn,
    ApplicationOut,
    FeedbackIn,
    FeedbackOut,
    InterviewIn,
    InterviewOut,
    MoveIn,
    PositionIn,
    PositionOut,
    PositionPatch,
    RankedOut,
)

router = Router(tags=["recruitment"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _filtered(filter_class, request, queryset):
    filters = filter_class(request.GET, queryset=queryset)
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.qs


def _ref(model, pk, field: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, archived_at__isnull=True).first()
    if found is None:
        raise InvalidInput(fields={field: [_("Unknown id %(id)s.") % {"id": pk}]})
    return found


def _position_values(data: dict) -> dict:
    if "department_id" in data:
        data["department"] = _ref(Department, data.pop("department_id"), "department_id")
    if "hiring_manager_id" in data:
        data["hiring_manager"] = _ref(Employee, data.pop("hiring_manager_id"), "hiring_manager_id")
    return data


@router.get("/positions", response={200: list[PositionOut], **ERRORS})
@paginate(Page)
def list_positions(request, q: str = "", status: str = ""):
    if not can(request.user, "recruitment.view_position"):
        raise NotAllowed()
    return _filtered(PositionFilter, request, selectors.positions_visible_to(request.user))


@router.post("/positions", response={201: PositionOut, **ERRORS})
def create_position(request, payload: PositionIn):
    ensure(request.user, "recruitment.add_position")
    return Status(201, services.position_create(actor=request.user, **_position_values(payload.dict())))


@router.get("/positions/{position_id}", response={200: PositionOut, **ERRORS})
def get_position(request, position_id: int):
    return get_object_or_404(selectors.positions_visible_to(request.user), pk=position_id)


@router.patch("/positions/{position_id}", response={200: PositionOut, **ERRORS})
def update_position(request, position_id: int, payload: PositionPatch):
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=position_id)
    return services.position_update(actor=request.user, position=position, **payload.dict(exclude_unset=True))


@router.get("/positions/{position_id}/ranking", response={200: list[RankedOut], **ERRORS})
def ranking(request, position_id: int, limit: int = 100, offset: int = 0):
    """The position's applications, best first, each with its explanation (nothing is rejected automatically);
    `offset` and `limit` (at most 1000) choose the part of the list."""
    if not can(request.user, "recruitment.view_application"):
        raise NotAllowed()
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=position_id)
    start = max(offset, 0)
    ranked = selectors.ranked_applications(request.user, position)[start : start + max(1, min(limit, 1000))]
    return [
        {
            "application_id": application.pk,
            "candidate_name": application.candidate.name,
            "stage": application.stage,
            "score": scored.score,
            "missing_must_haves": scored.missing_must_haves,
            "findings": [f.__dict__ for f in scored.findings],
        }
        for application, scored in ranked
    ]


@router.post("/positions/{position_id}/applications", response={201: ApplicationOut, **ERRORS})
def create_application(request, position_id: int, payload: ApplicationIn):
    """Contact data (read from the resume when left out) and the resume file as base64."""
    ensure(request.user, "recruitment.add_application")
    position = get_object_or_404(selectors.positions_visible_to(request.user), pk=position_id)
    resume = None
    if payload.resume_base64:
        try:
            resume = (payload.resume_filename or "resume", base64.b64decode(payload.resume_base64, validate=True))
        except (binascii.Error, ValueError):
            raise InvalidInput(fields={"resume_base64": [_("This is not base64.")]}) from None
    application = services.application_create(
        actor=request.user,
        position=position,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        resume=resume,
        source=payload.source,
        consent=payload.consent,
    )
    return Status(201, application)


@router.get("/applications", response={200: list[ApplicationOut], **ERRORS})
@paginate(Page)
def list_applications(
    request, q: str = "", position: int | None = None, stage: str = "", source: str = "", tag: str = ""
):
    """HR: all applications; an interviewer: those they are assigned to interview."""
    if not (can(request.user, "recruitment.view_application") or can(request.user, "recruitment.add_feedback")):
        raise NotAllowed()
    return _filtered(ApplicationFilter, request, selectors.applications_visible_to(request.user))


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request, application_id: int):
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=application_id)


@router.post("/applications/{application_id}/move", response={200: ApplicationOut, **ERRORS})
def move_application(request, application_id: int, payload: MoveIn):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=application_id)
    return services.application_move(
        actor=request.user, application=application, stage=payload.stage, reason=payload.reason
    )


@router.post("/applications/{application_id}/interviews", response={201: InterviewOut, **ERRORS})
def book_interview(request, application_id: int, payload: InterviewIn):
    ensure(request.user, "recruitment.add_interview")
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=application_id)
    people = list(Employee.objects.filter(pk__in=payload.interviewer_ids, archived_at__isnull=True))
    if len(people) != len(set(payload.interviewer_ids)):
        raise InvalidInput(fields={"interviewer_ids": [_("Unknown interviewer.")]})
    interview = services.interview_schedule(
        actor=request.user,
        application=application,
        interviewers=people,
        start=payload.start,
        end=payload.end,
        room=payload.room,
        video_link=payload.video_link,
    )
    return Status(201, interview)


@router.post("/interviews/{interview_id}/feedback", response={201: FeedbackOut, **ERRORS})
def submit_feedback(request, interview_id: int, payload: FeedbackIn):
    interview = get_object_or_404(selectors.interviews_visible_to(request.user), pk=interview_id)
    feedback = services.feedback_submit(
        actor=request.user,
        interview=interview,
        scores=payload.scores,
        recommendation=payload.recommendation,
        comment=payload.comment,
    )
    return Status(201, feedback)


@router.get("/candidates/{candidate_id}/export", response={200: None, **ERRORS}, summary="Everything held (zip)")
def export_candidate(request, candidate_id: int):
    candidate = get_object_or_404(selectors.candidates_visible_to(request.user), pk=candidate_id)
    response = HttpResponse(
        privacy.candidate_export(actor=request.user, candidate=candidate), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.zip"'
    return response
