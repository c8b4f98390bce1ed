"""Items recruitment puts on "My work": new applications to screen (HR), scorecards to write (interviewers)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.core.permissions import can
from backoffice.people.selectors import employee_of
from backoffice.recruitment.choices import Stage
from backoffice.recruitment.models import Application, Interview


@provides_work
def recruitment_work(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    module = _("Recruitment")
    items: list[WorkItem] = []
    if can(user, "recruitment.view_application"):
        waiting = (
            Application.objects.filter(stage=Stage.NEW)
            .values("position_id", "position__title")
            .annotate(n=Count("id"))
            .order_by("position__title")
        )
        for row in waiting[:20]:
            items.append(
                WorkItem(
                    title=ngettext(
                        "%(n)s new application for %(position)s",
                        "%(n)s new applications for %(position)s",
                        row["n"],
                    )
                    % {"n": row["n"], "position": row["position__title"]},
                    url=reverse("recruitment:position_ranking", args=[row["position_id"]]),
                    module=module,
                )
            )
    me = employee_of(user)
    if me is not None and can(user, "recruitment.add_feedback"):
        due = (
            Interview.objects.filter(interviewers=me, meeting__end__lt=timezone.now())
            .exclude(feedback__interviewer=me)
            .select_related("meeting", "application__position")[:20]
        )
        for interview in due:
            items.append(
                WorkItem(
                    title=_("Give feedback on the interview for %(position)s")
                    % {"position": interview.application.position.title},
                    url=reverse("recruitment:feedback", args=[interview.pk]),
                    module=module,
                    due=interview.meeting.end,
                )
            )
    return items
