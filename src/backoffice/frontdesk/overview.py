"""What the front desk contributes to the overview: calls, messages and e-mail conversations in the global search,
calls waiting for a call-back today, and overdue call-backs as alerts (in the digest; the front desk's own reminder
job already tells the person and their cover in the app)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.permissions import can
from backoffice.frontdesk import selectors
from backoffice.frontdesk.choices import OPEN_MESSAGE_STATUSES
from backoffice.frontdesk.models import PhoneMessage
from backoffice.overview.folding import Folded
from backoffice.overview.registry import (
    Alert,
    SearchHit,
    SearchQuery,
    TodayRow,
    TodaySection,
    provides_alerts,
    provides_search,
    provides_today,
)
from backoffice.people.choices import Area
from backoffice.people.selectors import employee_of

TODAY_ROWS = 20


def _when(moment: dt.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


@provides_search(
    "calls",
    gettext_lazy("Calls"),
    order=40,
    more_url=lambda q: reverse("frontdesk:calls") + "?" + urlencode({"q": q}),
)
def find_calls(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    """By number, or by the start of the caller's name or surname: the call log's own index ranges, a name read as
    the list reads it (two disjoint ranges, the newest ids merged from the indexes: selectors.PageByIds)."""
    visible = selectors.calls_visible_to(user)
    rows = selectors.search_calls(visible, query.text).order_by("-started_at", "-id")
    newest = selectors.PageByIds(rows, selectors.name_search_parts(visible, query.text))[:limit]
    return [
        SearchHit(
            title=str(call),
            url=reverse("frontdesk:call_detail", args=[call.pk]),
            detail=" · ".join(part for part in (_when(call.started_at), call.company, call.number) if part),
        )
        for call in newest
    ]


@provides_search("phone_messages", gettext_lazy("Phone messages"), order=41)
def find_messages(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    rows = selectors.messages_visible_to(user).annotate(
        folded_caller=Folded("caller_name"), folded_company=Folded("company")
    )
    for word in query.words:
        rows = rows.filter(Q(folded_caller__contains=word) | Q(folded_company__contains=word))
    return [
        SearchHit(
            title=str(message),
            url=reverse("frontdesk:message_detail", args=[message.pk]),
            detail=f"{message.get_status_display()} · {_when(message.created_at)}",
        )
        for message in rows.order_by("-created_at", "-id")[:limit]
    ]


@provides_search(
    "conversations",
    gettext_lazy("E-mail conversations"),
    order=42,
    more_url=lambda q: reverse("frontdesk:conversations") + "?" + urlencode({"q": q}),
)
def find_conversations(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    rows = selectors.conversations_visible_to(user).annotate(
        folded_subject=Folded("subject"), folded_counterpart=Folded("counterpart")
    )
    for word in query.words:
        rows = rows.filter(Q(folded_subject__contains=word) | Q(folded_counterpart__contains=word))
    return [
        SearchHit(
            title=conversation.subject or _("(no subject)"),
            url=reverse("frontdesk:conversation_detail", args=[conversation.pk]),
            detail=" · ".join(part for part in (conversation.counterpart, _when(conversation.last_message_at)) if part),
        )
        for conversation in rows.order_by("-last_message_at", "-id")[:limit]
    ]


@provides_today("callbacks", order=40)
def waiting_for_callback(user, on: dt.date) -> TodaySection | None:
    """Open messages the user may see (their own and their cover's; all of them for the back office)."""
    if not can(user, "frontdesk.view_phonemessage") and employee_of(user) is None:
        return None
    rows = (
        selectors.messages_visible_to(user)
        .filter(status__in=OPEN_MESSAGE_STATUSES)
        .order_by("callback_by", "created_at", "id")
    )
    total = rows.count()
    now = timezone.now()
    shown = []
    for message in rows[:TODAY_ROWS]:
        overdue = message.callback_by is not None and message.callback_by < now
        shown.append(
            TodayRow(
                text=_("%(caller)s for %(person)s") % {"caller": message.caller_name, "person": message.for_person},
                url=reverse("frontdesk:message_detail", args=[message.pk]),
                note=_("call back by %(when)s") % {"when": _when(message.callback_by)} if message.callback_by else "",
                badge=_("overdue") if overdue else message.get_urgency_display(),
                urgent=overdue,
            )
        )
    return TodaySection(
        key="callbacks",
        title=_("Waiting for a call-back"),
        rows=shown,
        total=total,
        more_url=reverse("frontdesk:messages") + "?open=true",
        empty=_("Nobody waits for a call-back."),
    )


@provides_alerts("frontdesk.callback_overdue")
def callbacks_overdue(now: dt.datetime) -> list[Alert]:
    rows = PhoneMessage.objects.filter(status__in=OPEN_MESSAGE_STATUSES, callback_by__lt=now).select_related(
        "for_person__manager"
    )
    alerts = []
    for message in rows.order_by("callback_by", "id")[:500]:

        def title(message=message) -> str:
            return _("Overdue call-back: %(caller)s (since %(when)s)") % {
                "caller": message.caller_name,
                "when": _when(message.callback_by),
            }

        alerts.append(
            Alert(
                key=f"frontdesk.callback_overdue:{message.pk}",
                area=Area.FRONTDESK,
                owners=[message.for_person],
                title=title,
                url=reverse("frontdesk:message_detail", args=[message.pk]),
                kind="frontdesk",
                in_app=False,
            )
        )
    return alerts
