"""Items the front desk puts on "My work": messages to call back, overdue ones, conversations assigned."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.frontdesk.choices import ConversationStatus
from backoffice.frontdesk.models import Conversation
from backoffice.frontdesk.selectors import open_messages_for
from backoffice.people.choices import Area
from backoffice.people.selectors import covered_by, employee_of


def _mine_and_covered(user) -> dict[int, str]:
    """Employee id → "" for me, the colleague's name for those I cover at the front desk right now."""
    me = employee_of(user)
    if me is None:
        return {}
    people = {me.pk: ""}
    for colleague in covered_by(me, Area.FRONTDESK):
        people[colleague.pk] = colleague.full_name
    return people


@provides_work
def messages_to_call_back(user) -> list[WorkItem]:
    people = _mine_and_covered(user)
    if not people:
        return []
    now = timezone.now()
    items = []
    for message in open_messages_for(list(people)).order_by("callback_by", "created_at")[:100]:
        overdue = message.callback_by is not None and message.callback_by < now
        template = _("Overdue: call back %(name)s") if overdue else _("Call back %(name)s")
        items.append(
            WorkItem(
                title=template % {"name": message.caller_name},
                url=reverse("frontdesk:message_detail", args=[message.pk]),
                module=_("Front desk"),
                due=message.callback_by,
                on_behalf_of=people[message.for_person_id],
            )
        )
    return items


@provides_work
def conversations_assigned(user) -> list[WorkItem]:
    people = _mine_and_covered(user)
    if not people:
        return []
    rows = Conversation.objects.filter(assignee_id__in=people, status=ConversationStatus.OPEN).order_by(
        "-last_message_at"
    )[:100]
    return [
        WorkItem(
            title=_("Answer the e-mail: %(subject)s") % {"subject": c.subject or _("(no subject)")},
            url=reverse("frontdesk:conversation_detail", args=[c.pk]),
            module=_("Front desk"),
            due=None,
            on_behalf_of=people[c.assignee_id],
        )
        for c in rows
    ]
