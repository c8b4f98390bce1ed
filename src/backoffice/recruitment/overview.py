"""What recruitment contributes to the overview: candidates in the global search (HR only: applicant data is
confidential) and today's interviews (HR sees all of them, an interviewer their own)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.permissions import can
from backoffice.meetings.choices import MeetingStatus
from backoffice.overview.folding import Folded
from backoffice.overview.registry import (
    SearchHit,
    SearchQuery,
    TodayRow,
    TodaySection,
    provides_search,
    provides_today,
)
from backoffice.recruitment import selectors

TODAY_ROWS = 20


@provides_search("candidates", gettext_lazy("Candidates"), order=50)
def find_candidates(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    rows = selectors.candidates_visible_to(user).filter(anonymised_at__isnull=True).annotate(folded=Folded("name"))
    for word in query.words:
        rows = rows.filter(folded__contains=word)
    candidates = list(rows.order_by("name", "id")[:limit])
    if not candidates:
        return []
    latest: dict[int, object] = {}
    for application in (
        selectors.applications_visible_to(user)
        .filter(candidate__in=candidates)
        .order_by("candidate_id", "-created_at", "-id")
    ):
        latest.setdefault(application.candidate_id, application)
    hits = []
    for candidate in candidates:
        application = latest.get(candidate.pk)
        if application is None:
            continue  # nothing to open for them
        hits.append(
            SearchHit(
                title=candidate.name,
                url=reverse("recruitment:application_detail", args=[application.pk]),
                detail=f"{application.position.title} · {application.get_stage_display()}",
            )
        )
    return hits


@provides_today("interviews", order=50)
def interviews_today(user, on: dt.date) -> TodaySection | None:
    mine = selectors.interviews_visible_to(user)
    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    rows = mine.filter(
        meeting__start__gte=start,
        meeting__start__lt=start + dt.timedelta(days=1),
        meeting__status=MeetingStatus.BOOKED,
    ).order_by("meeting__start", "id")
    total = rows.count()
    if not total and not can(user, "recruitment.view_interview"):
        return None  # not an interviewer today: no empty section
    shown = [
        TodayRow(
            text=_("%(candidate)s for %(position)s")
            % {"candidate": interview.application.candidate.name, "position": interview.application.position.title},
            url=reverse("recruitment:application_detail", args=[interview.application_id]),
            note=interview.meeting.room,
            badge=time_format(timezone.localtime(interview.meeting.start), "TIME_FORMAT"),
        )
        for interview in rows[:TODAY_ROWS]
    ]
    return TodaySection(
        key="interviews",
        title=_("Interviews today"),
        rows=shown,
        total=total,
        more_url=reverse("recruitment:application_list"),
        empty=_("No interviews today."),
    )
