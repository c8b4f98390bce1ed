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


def _name_key(q: str) -> str:
    """The folded name key `q` searches by; "" when `q` is empty or a phone number."""
    q = (q or "").strip()
    if not q or (any(ch.isdigit() for ch in q) and normalize_phone(q)):
        return ""
    return " ".join(search_words(q))[:120]


def search_calls(rows: QuerySet[Call], q: str) -> QuerySet[Call]:
    """A phone number finds that number; words find callers by the start of their name or of their surname.

    Case and diacritics do not matter ("novak" finds "Jan Novák", "Nováková" finds "novakova eva"): both sides are
    folded with core.text.fold, in Python, so SQLite and PostgreSQL answer alike. A name is kept folded as written and
    from its last word (models.name_search_keys); two index ranges, no LIKE '%…%' over a million rows.
    Companies have a filter of their own: OR-ing more columns would make the database sort every match row by row.
    A page of a name search is read through name_search_parts, which a database answers from its indexes alone.
    """
    q = (q or "").strip()
    if not q:
        return rows
    number = normalize_phone(q) if any(ch.isdigit() for ch in q) else ""
    if number:
        return rows.filter(number_e164=number)
    key = _name_key(q)
    if not key:
        return rows
    return rows.filter(_prefix_range("name_key", key) | _prefix_range("name_alt_key", key))


def name_search_parts(rows: QuerySet[Call], q: str) -> list[QuerySet[Call]] | None:
    """search_calls(rows, q) for a name, as two disjoint parts, or None when `q` is not a name.

    The OR of two ranges makes a database fetch every matching row from the table to sort or count them (SQLite's
    multi-index OR, PostgreSQL's bitmap heap scan): ~200 ms for 50,000 matches in a million calls. Each part alone is
    one range of one covering index (call_name_idx, call_name_alt_idx), counted and sorted without the table.
    PostgreSQL answers from the index alone once VACUUM (autovacuum) has set the visibility map of the table: 4-5x
    faster than the OR then; before that it reads the table for each part, about twice the work of the OR.
    """
    key = _name_key(q)
    if not key:
        return None
    as_written = _prefix_range("name_key", key)
    return [rows.filter(as_written), rows.filter(_prefix_range("name_alt_key", key)).exclude(as_written)]


class PageByIds:
    """Rows sorted and sliced by their ids alone, then just the page's rows loaded.

    A search that matches thousands of calls sorts them from the index (time and id are in it) instead of reading
    every matching row from the table first: the difference between ~20 ms and ~400 ms in a million calls.
    `parts`: disjoint querysets whose union is `rows` (name_search_parts), each counted and sorted from its own index.
    """

    def __init__(self, rows: QuerySet, parts: list[QuerySet] | None = None):
        self.rows = rows
        self.parts = parts
        self.ordering = [name.lstrip("-") for name in rows.query.order_by or rows.model._meta.ordering]
        descending = {name.startswith("-") for name in rows.query.order_by or rows.model._meta.ordering}
        if parts and descending != {True}:
            raise ValueError("PageByIds merges parts in descending order only")

    def count(self) -> int:
        if self.parts:
            return sum(part.order_by().count() for part in self.parts)
        return self.rows.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def _merged_ids(self, window: slice) -> list[int]:
        """The window of ids over all parts, merged by the database (UNION ALL, sorted, sliced): only they come back."""
        columns = list(dict.fromkeys([*self.ordering, "id"]))
        first, *others = [part.order_by().values_list(*columns) for part in self.parts]
        merged = first.union(*others, all=True).order_by(*(f"-{name}" for name in self.ordering))
        at = columns.index("id")
        return [row[at] for row in merged[window]]

    def __getitem__(self, window):
        if isinstance(window, int):
            return self[window : window + 1][0]
        ids = self._merged_ids(window) if self.parts else list(self.rows.values_list("id", flat=True)[window])
        found = self.rows.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def calls_of_company(rows: QuerySet[Call], company: str) -> QuerySet[Call]:
    return _prefix(rows, "company_key", company)


def open_messages_for(people: list[Employee]) -> QuerySet[PhoneMessage]:
    from backoffice.frontdesk.choices import OPEN_MESSAGE_STATUSES

    return PhoneMessage.objects.filter(for_person__in=people, status__in=OPEN_MESSAGE_STATUSES).select_related(
        "for_person"
    )
