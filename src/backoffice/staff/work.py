"""Onboarding tasks on "My work": one's own, those of the colleagues one covers for, and unassigned ones for HR."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.core.permissions import can
from backoffice.people.choices import Area
from backoffice.people.selectors import covered_by, employee_of
from backoffice.staff.choices import OnboardingStatus
from backoffice.staff.models import OnboardingTask


def _at_eight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


@provides_work
def onboarding_work(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    me = employee_of(user)
    covered = {c.pk: c.full_name for c in covered_by(me, Area.STAFF)} if me else {}
    mine = Q(assignee__in=[me.pk, *covered]) if me else Q(pk__in=[])
    if can(user, "staff.change_onboardingtask"):
        mine |= Q(assignee__isnull=True)
    rows = (
        OnboardingTask.objects.filter(mine, done_at__isnull=True, onboarding__status=OnboardingStatus.OPEN)
        .select_related("onboarding__employee")
        .order_by("due_date", "id")[:100]
    )
    module = _("Onboarding")
    return [
        WorkItem(
            title=(
                _("%(task)s for %(name)s") if task.assignee_id else _("Nobody is responsible: %(task)s for %(name)s")
            )
            % {"task": task.title, "name": task.onboarding.employee.full_name},
            url=reverse("staff:onboarding_detail", args=[task.onboarding_id]),
            module=module,
            due=_at_eight(task.due_date),
            on_behalf_of=covered.get(task.assignee_id, ""),
        )
        for task in rows
    ]
