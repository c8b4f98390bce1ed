"""Reads of front-desk data, restricted to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from backoffice.core.contacts import Contact, normalize_phone, who_is
from backoffice.core.permissions import can
from backoffice.core.text import fold
from backoffice.frontdesk.models import (
    Call,
    Conversation,
    Fax,
    Mailbox,
    MailMessage,
    PhoneMessage,
    RoutingRule,
    search_words,
)
from backoffice.people.choices import Area
from backoffice.people.models import Employee
from backoffice.people.selectors import covered_by, employee_of, is_away, responsible_for


def calls_visible_to(user: AbstractBaseUser) -> QuerySet[Call]:
    """The call log is the back office's; a colleague sees the calls that were for them."""
    rows = Call.objects.select_related("for_person")
    if can(user, "frontdesk.view_call"):
        return rows
    me = employee_of(user)
    return rows.filter(for_person=me) if me else rows.none()


def _people_i_answer_for(user: AbstractBaseUser) -> list[Employee]:
    me = employee_of(user)
    if me is None:
        return []
    return [me, *covered_by(me, Area.FRONTDESK)]


def messages_visible_to(user: AbstractBaseUser) -> QuerySet[PhoneMessage]:
    """Messages for a person: the person, whoever covers for them right now, and the back office; nobody else."""
    rows = PhoneMessage.objects.select_related("for_person", "taken_by", "delivered_to_substitute")
    if can(user, "frontdesk.view_phonemessage"):
        return rows
    people = _people_i_answer_for(user)
    return rows.filter(for_person__in=people) if people else rows.none()


def conversations_visible_to(user: AbstractBaseUser) -> QuerySet[Conversation]:
    rows = Conversation.objects.select_related("mailbox", "assignee", "supplier")
    if can(user, "frontdesk.view_conversation"):
        return rows
    people = _people_i_answer_for(user)
    return rows.filter(assignee__in=people) if people else rows.none()


def mail_messages_of(conversation: Conversation) -> QuerySet[MailMessage]:
    """The messages of a conversation the caller has already found through conversations_visible_to."""
    return conversation.messages.prefetch_related("attachments").order_by("sent_at", "id")


def mailboxes_visible_to(user: AbstractBaseUser) -> QuerySet[Mailbox]:
    return Mailbox.objects.all() if can(user, "frontdesk.view_mailbox") else Mailbox.objects.none()


def rules_visible_to(user: AbstractBaseUser) -> QuerySet[RoutingRule]:
    rows = RoutingRule.objects.select_related("assignee", "supplier", "mailbox")
    return rows if can(user, "frontdesk.view_routingrule") else rows.none()


def faxes_visible_to(user: AbstractBaseUser) -> QuerySet[Fax]:
    rows = Fax.objects.select_related("for_person")
    if can(user, "frontdesk.view_fax"):
        return rows
    people = _people_i_answer_for(user)
    return rows.filter(for_person__in=people) if people else rows.none()


@dataclass(frozen=True)
class CallerInfo:
    number: str  # E.164, or "" when the input is not a valid number
    contacts: list[Contact]
    recent: list[Call]


def caller_lookup(user: AbstractBaseUser, raw_number: str, limit: int = 5) -> CallerInfo:
    """Who is behind a number (only what the user may see) and the last calls from it."""
    number = normalize_phone(raw_number)
    if not number:
        return CallerInfo("", [], [])
    recent = list(calls_visible_to(user).filter(number_e164=number).order_by("-started_at", "-id")[:limit])
    return CallerInfo(number, who_is(number, user), recent)


@dataclass(frozen=True)
class TransferAdvice:
    person: Employee
    away: bool
    responsible: Employee

    @property
    def offer_substitute(self) -> bool:
        return self.away and self.responsible.pk != self.person.pk


def transfer_advice(person: Employee, at: dt.datetime | None = None) -> TransferAdvice:
    """Whether the wanted person is in; if not, who takes their front-desk work now."""
    return TransferAdvice(person, is_away(person, at), responsible_for(person, Area.FRONTDESK, at))


def _prefix_range(column: str, key: str) -> Q:
    """The folded column starts with key: a range over an index, fast in a million rows."""
    return Q(**{f"{column}__gte": key, f"{column}__lt": key + "\uffff"})


def _prefix(rows: QuerySet[Call], column: str, text: str) -> QuerySet[Call]:
    key = " ".join(fold(text).split())[:120]
    return rows.filter(_prefix_range(column, key)) if key else rows


def search_calls(rows: QuerySet[Call], q: str) -> QuerySet[Call]:
    """A phone number finds that number; words find callers by the start of their name or of their surname.

    Case and diacritics do not matter ("novak" finds "Jan Novák", "Nováková" finds "novakova eva"): both sides are
    folded with core.text.fold, in Python, so SQLite and PostgreSQL answer alike. A name is kept folded as written and
    from its last word (models.name_search_keys); two index ranges, no LIKE '%…%' over a million rows.
    Companies have a filter of their own: OR-ing more columns would make the database sort every match row by row.
    """
    q = (q or "").strip()
    if not q:
        return rows
    number = normalize_phone(q) if any(ch.isdigit() for ch in q) else ""
    if number:
        return rows.filter(number_e164=number)
    key = " ".join(search_words(q))[:120]
    if not key:
        return rows
    return rows.filter(_prefix_range("name_key", key) | _prefix_range("name_alt_key", key))


class PageByIds:
    """Rows sorted and sliced by their ids alone, then just the page's rows loaded.

    A search that matches thousands of calls sorts them from the index (time and id are in it) instead of reading
    every matching row from the table first: the difference between ~20 ms and ~400 ms in a million calls.
    """

    def __init__(self, rows: QuerySet):
        self.rows = rows

    def count(self) -> int:
        return self.rows.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        if isinstance(window, int):
            return self[window : window + 1][0]
        ids = list(self.rows.values_list("id", flat=True)[window])
        found = self.rows.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def calls_of_company(rows: QuerySet[Call], company: str) -> QuerySet[Call]:
    return _prefix(rows, "company_key", company)


def open_messages_for(people: list[Employee]) -> QuerySet[PhoneMessage]:
    from backoffice.frontdesk.choices import OPEN_MESSAGE_STATUSES

    return PhoneMessage.objects.filter(for_person__in=people, status__in=OPEN_MESSAGE_STATUSES).select_related(
        "for_person"
    )
