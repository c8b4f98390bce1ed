"""Items the people module puts on "My work": absence requests to decide, mine or for those I cover."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.people.choices import AbsenceStatus, Area
from backoffice.people.models import Absence
from backoffice.people.selectors import covered_by, employee_of, responsible_for


@provides_work
def absence_requests(user) -> list[WorkItem]:
    me = employee_of(user)
    if me is None:
        return []
    # My own reports' requests are mine unless someone covers my staff duties right now (then they decide).
    managers = {me.pk: ""} if responsible_for(me, Area.STAFF).pk == me.pk else {}
    for colleague in covered_by(me, Area.STAFF):
        managers[colleague.pk] = colleague.full_name
    rows = Absence.objects.filter(status=AbsenceStatus.REQUESTED, employee__manager_id__in=managers).select_related(
        "employee"
    )
    url = reverse("people:absence_list") + "?status=requested"
    return [
        WorkItem(
            title=_("Decide on %(kind)s for %(name)s") % {"kind": a.get_kind_display(), "name": a.employee.full_name},
            url=url,
            module=_("People"),
            due=timezone.make_aware(dt.datetime.combine(a.start_date, dt.time(8, 0))),
            on_behalf_of=managers[a.employee.manager_id],
        )
        for a in rows
    ]
