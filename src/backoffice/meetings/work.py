"""My work: the user's meetings of today and tomorrow."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.meetings.choices import MeetingStatus
from backoffice.meetings.selectors import my_meetings


@provides_work
def meetings_work(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    now = timezone.now()
    soon = my_meetings(user).filter(status=MeetingStatus.BOOKED, end__gt=now, start__lt=now + dt.timedelta(days=2))
    module = _("Meetings")
    return [
        WorkItem(
            title=_("Meeting: %(title)s") % {"title": meeting.title},
            url=reverse("meetings:meeting_detail", args=[meeting.pk]),
            module=module,
            due=meeting.start,
        )
        for meeting in soon[:20]
    ]
