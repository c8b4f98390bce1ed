"""A leaver's open phone messages, shared-inbox conversations and routing rules go to their successor.

Registered with core.handover; the offboarding of the staff module calls it after the last day.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backoffice.core.handover import provides_handover
from backoffice.core.records import update_record
from backoffice.frontdesk.choices import ConversationStatus, MessageStatus
from backoffice.frontdesk.models import Conversation, PhoneMessage, RoutingRule

REASON = _("Handed over by a leaving colleague")


def _messages(person):
    return PhoneMessage.objects.filter(for_person=person, status__in=[MessageStatus.NEW, MessageStatus.READ])


def _conversations(person):
    return Conversation.objects.filter(assignee=person).exclude(status=ConversationStatus.CLOSED)


def _rules(person):
    return RoutingRule.objects.filter(assignee=person)


def _move(rows, field: str, to) -> int:
    moved = 0
    with transaction.atomic():
        for row in rows:
            update_record(row, reason=str(REASON), **{field: to})
            moved += 1
    return moved


def open_messages(person) -> list[str]:
    return [str(message) for message in _messages(person)]


def reassign_messages(person, to) -> int:
    return _move(_messages(person), "for_person", to)


def open_conversations(person) -> list[str]:
    return [str(conversation) for conversation in _conversations(person)]


def reassign_conversations(person, to) -> int:
    from backoffice.frontdesk.inbox import conversation_change

    moved = 0
    with transaction.atomic():
        for conversation in _conversations(person):
            conversation_change(actor=None, conversation=conversation, assignee=to)
            moved += 1
    return moved


def open_rules(person) -> list[str]:
    return [str(rule) for rule in _rules(person)]


def reassign_rules(person, to) -> int:
    return _move(_rules(person), "assignee", to)


provides_handover("frontdesk.messages", label=_("Phone messages"), open_items=open_messages, reassign=reassign_messages)
provides_handover(
    "frontdesk.conversations",
    label=_("Shared inbox conversations"),
    open_items=open_conversations,
    reassign=reassign_conversations,
)
provides_handover("frontdesk.rules", label=_("Mail routing rules"), open_items=open_rules, reassign=reassign_rules)
