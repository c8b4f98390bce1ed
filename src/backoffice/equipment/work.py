"""Items the equipment module puts on "My work": repairs assigned to me or to whom I cover, maintenance due."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.core.permissions import can
from backoffice.equipment.choices import OPEN_STATUSES, RequestKind, RequestStatus
from backoffice.equipment.models import MaintenanceRequest
from backoffice.people.choices import Area
from backoffice.people.selectors import covered_by, employee_of, responsible_for


@provides_work
def assigned_repairs(user) -> list[WorkItem]:
    me = employee_of(user)
    if me is None:
        return []
    # Mine unless someone covers my equipment duties today (then it is on their list).
    people = {me.pk: ""} if responsible_for(me, Area.EQUIPMENT).pk == me.pk else {}
    for colleague in covered_by(me, Area.EQUIPMENT):
        people[colleague.pk] = colleague.full_name
    if not people:
        return []
    rows = MaintenanceRequest.objects.filter(assignee_id__in=people, status__in=OPEN_STATUSES).select_related("asset")
    items = []
    for request in rows[:200]:
        if request.kind == RequestKind.PREVENTIVE:
            title = _("Preventive maintenance: %(title)s (%(asset)s)") % {
                "title": request.description[:80],
                "asset": request.asset.name,
            }
        else:
            title = _("Repair %(asset)s: %(what)s") % {"asset": request.asset.name, "what": request.description[:80]}
        due = request.respond_by
        if due is None and request.due_date is not None:
            due = timezone.make_aware(dt.datetime.combine(request.due_date, dt.time(8, 0)))
        items.append(
            WorkItem(
                title=title,
                url=reverse("equipment:request_detail", args=[request.pk]),
                module=_("Equipment"),
                due=due,
                on_behalf_of=people[request.assignee_id],
            )
        )
    return items


@provides_work
def reports_to_triage(user) -> list[WorkItem]:
    """New fault reports nobody has taken yet, for those who assign repairs: one line, however many there are."""
    if not can(user, "equipment.change_maintenancerequest"):
        return []
    rows = MaintenanceRequest.objects.filter(status=RequestStatus.NEW, assignee__isnull=True, vendor__isnull=True)
    count = rows.count()
    if not count:
        return []
    oldest = rows.order_by("created_at").values_list("created_at", flat=True).first()
    return [
        WorkItem(
            title=ngettext("%(count)s new fault report to triage", "%(count)s new fault reports to triage", count)
            % {"count": count},
            url=reverse("equipment:request_list") + "?status=new",
            module=_("Equipment"),
            due=oldest,
        )
    ]
