"""Reads of recruitment data. Applicant data is HR-confidential: HR (and the Administrator) see it all; an
interviewer sees only the applications they are assigned to interview; everyone else sees nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from backoffice.core.permissions import can
from backoffice.people.selectors import employee_of
from backoffice.recruitment.choices import PositionStatus
from backoffice.recruitment.models import (
    Application,
    Candidate,
    Feedback,
    IntakeBatch,
    Interview,
    Position,
    Resume,
)
from backoffice.recruitment.screening import Labels, Placed, Requirements, Scored, Scoring, index_of, order


def open_positions() -> QuerySet[Position]:
    """The careers page: open positions only, public (no applicant data in them)."""
    return Position.objects.filter(status=PositionStatus.OPEN, archived_at__isnull=True).select_related("department")


def positions_visible_to(user: AbstractBaseUser) -> QuerySet[Position]:
    if can(user, "recruitment.view_position"):
        return Position.objects.select_related("department", "hiring_manager").prefetch_related("skills", "languages")
    return Position.objects.none()


def applications_visible_to(user: AbstractBaseUser) -> QuerySet[Application]:
    rows = Application.objects.select_related("candidate", "position", "resume")
    if can(user, "recruitment.view_application"):
        return rows
    me = employee_of(user) if user is not None and user.is_authenticated else None
    if me is None:
        return rows.none()
    return rows.filter(pk__in=Interview.objects.filter(interviewers=me).values("application_id"))


def candidates_visible_to(user: AbstractBaseUser) -> QuerySet[Candidate]:
    if can(user, "recruitment.view_candidate"):
        return Candidate.objects.all()
    return Candidate.objects.none()


def resumes_visible_to(user: AbstractBaseUser) -> QuerySet[Resume]:
    """HR: every resume; an interviewer: the resumes of the applications they interview."""
    if can(user, "recruitment.view_resume"):
        return Resume.objects.all()
    visible = applications_visible_to(user).exclude(resume__isnull=True).values("resume_id")
    return Resume.objects.filter(pk__in=visible)


def interviews_visible_to(user: AbstractBaseUser) -> QuerySet[Interview]:
    rows = Interview.objects.select_related("application__candidate", "application__position", "meeting", "slot_offer")
    if can(user, "recruitment.view_interview"):
        return rows.prefetch_related("interviewers")
    me = employee_of(user) if user is not None and user.is_authenticated else None
    return rows.filter(interviewers=me).prefetch_related("interviewers") if me else rows.none()


def feedback_visible_to(user: AbstractBaseUser, application: Application) -> QuerySet[Feedback]:
    """HR sees every scorecard; an interviewer only their own (so as not to be swayed before they write theirs)."""
    rows = Feedback.objects.filter(interview__application=application).select_related("interviewer")
    if can(user, "recruitment.view_feedback"):
        return rows
    me = employee_of(user)
    return rows.filter(interviewer=me) if me else rows.none()


def intakes_visible_to(user: AbstractBaseUser) -> QuerySet[IntakeBatch]:
    if can(user, "recruitment.view_intakebatch"):
        return IntakeBatch.objects.select_related("position")
    return IntakeBatch.objects.none()


CHUNK = 2000  # resumes read per query (SQLite allows 32,766 parameters; PostgreSQL more)


class Ranking(Sequence):
    """A position's applications, best first. Every one is scored when the ranking is made (from the resumes'
    ranking indexes); the explanation with its evidence is worked out only for the rows read — a page of it."""

    def __init__(self, rows: QuerySet[Application], position: Position):
        self._rows = rows
        requirements = Requirements.of_position(position)
        self._scoring = Scoring(requirements)
        self._labels = Labels.current(requirements)
        self._placed = order(requirements, _indexes(rows))

    def __len__(self) -> int:
        return len(self._placed)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return self._explained(self._placed[item])
        return self._explained([self._placed[item]])[0]

    def __iter__(self) -> Iterator[tuple[Application, Scored]]:
        for start in range(0, len(self._placed), 500):
            yield from self._explained(self._placed[start : start + 500])

    def position_of(self, application_id: int) -> int:
        return next(n for n, placed in enumerate(self._placed) if placed.key == application_id)

    def _explained(self, placed: list[Placed]) -> list[tuple[Application, Scored]]:
        applications = self._rows.in_bulk([p.key for p in placed])
        rows = []
        for p in placed:
            application = applications[p.key]
            profile = application.resume.profile if application.resume else {}
            rows.append((application, self._scoring.explain(profile, p.relevance, application, self._labels)))
        return rows


def _indexes(rows: QuerySet[Application]) -> list[tuple[int, dict]]:
    """(application id, ranking index of its resume); a resume stored without an index gets it from its profile.

    The resumes are read by primary key in chunks rather than joined: a join's plan depends on table statistics
    (on PostgreSQL a nested loop over freshly filled tables took a minute), a primary-key lookup does not.
    """
    found = list(rows.values_list("pk", "resume_id"))
    wanted = sorted({resume_id for _, resume_id in found if resume_id})
    indexes: dict[int, dict] = {}
    for start in range(0, len(wanted), CHUNK):
        indexes.update(Resume.objects.filter(pk__in=wanted[start : start + CHUNK]).values_list("pk", "index"))
    unindexed = [pk for pk in wanted if not indexes.get(pk)]
    for start in range(0, len(unindexed), CHUNK):
        chunk = Resume.objects.filter(pk__in=unindexed[start : start + CHUNK]).values_list("pk", "profile")
        indexes.update((pk, index_of(profile or {})) for pk, profile in chunk)
    return [(pk, indexes.get(resume_id) or {}) for pk, resume_id in found]


def ranked_applications(user: AbstractBaseUser, position: Position, *, stages=None) -> Ranking:
    """The position's applications (those `user` may see), scored and explained, best first."""
    rows = applications_visible_to(user).filter(position=position)
    if stages:
        rows = rows.filter(stage__in=stages)
    return Ranking(rows, position)


def explain(application: Application) -> Scored:
    """The score of one application with its explanation, relative to the other applications for the position."""
    ranking = Ranking(Application.objects.filter(position=application.position_id).select_related("resume"),
                      application.position)  # fmt: skip
    return ranking[ranking.position_of(application.pk)][1]


def feedback_summary(application: Application) -> dict:
    """The aggregate of all scorecards: average per requirement and the recommendations counted."""
    rows = list(Feedback.objects.filter(interview__application=application))
    per_requirement: dict[str, list[int]] = {}
    recommendations: dict[str, int] = {}
    for row in rows:
        for name, value in row.scores.items():
            per_requirement.setdefault(name, []).append(int(value))
        recommendations[row.recommendation] = recommendations.get(row.recommendation, 0) + 1
    averages = {name: round(sum(values) / len(values), 1) for name, values in per_requirement.items()}
    overall = round(sum(averages.values()) / len(averages), 1) if averages else None
    return {"count": len(rows), "averages": averages, "overall": overall, "recommendations": recommendations}


def calls_with(application: Application):
    """Calls in the front desk's log with the candidate's number (the page showing them is HR-only)."""
    from backoffice.frontdesk.selectors import calls_visible_to

    number = application.candidate.phone_e164
    if not number:
        return []
    # The whole log is searched (as system code): who may see this application may see its calls.
    return calls_visible_to(None).filter(number_e164=number).order_by("-started_at")[:50]
