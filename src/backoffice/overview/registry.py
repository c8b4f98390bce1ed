"""What each module contributes to the overview: search results, Today sections and alerts.

A module registers its providers in its own `overview.py` (found by autodiscovery when the app loads); every
provider reads through that module's permission-restricted selectors, so the overview never shows more than the
module itself would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

# --- global search ---------------------------------------------------------------------------------------------


SHARED_MATCHES = 200  # rows of one table a search starts from: enough for five hits of each kind built on them


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed (a phone number is matched as a number)
    words: list[str]  # folded: lower case, no diacritics
    _matches: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def matching_ids(self, rows: QuerySet, *order: str) -> list[int]:
        """The ids of `rows` (not yet restricted to any user) whose `search_text` holds every word, in `order`, at
        most SHARED_MATCHES. A LIKE scan of a whole table, so it is done once per search for each table, however many
        kinds start from it (the items for the item hits and for the supply requests)."""
        key = f"{rows.model._meta.label}:{','.join(order)}"
        if key not in self._matches:
            matching = self.narrow(rows).order_by(*order).values_list("id", flat=True)
            self._matches[key] = list(matching[:SHARED_MATCHES])
        return self._matches[key]

    def narrow(self, rows: QuerySet) -> QuerySet:
        """`rows` whose `search_text` (folded when saved) holds every word."""
        for word in self.words:
            rows = rows.filter(search_text__contains=word)
        return rows


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    kind: str  # stable key: "people", "items", …
    label: str  # shown as the group's heading (a lazy translation)
    find: Callable[[AbstractBaseUser, SearchQuery, int], list[SearchHit]]  # (user, query, limit)
    more_url: Callable[[str], str] | None = None  # the module's own list filtered by the query
    order: int = 100


SEARCH: list[SearchProvider] = []


def provides_search(kind: str, label: str, *, order: int = 100, more_url=None):
    def register(find):
        SEARCH[:] = [p for p in SEARCH if p.kind != kind]  # a module reloaded (tests, runserver) replaces its own
        SEARCH.append(SearchProvider(kind=kind, label=label, find=find, more_url=more_url, order=order))
        SEARCH.sort(key=lambda provider: provider.order)
        return find

    return register


# --- Today -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayRow:
    text: str
    url: str = ""
    note: str = ""  # a second line: who covers, when it is due, …
    badge: str = ""  # a short status
    urgent: bool = False


@dataclass(frozen=True)
class TodaySection:
    key: str
    title: str
    rows: list[TodayRow]
    total: int  # how many there are in all (rows may show only the first ones)
    more_url: str = ""
    empty: str = ""


TodayProvider = Callable[[AbstractBaseUser, dt.date], "TodaySection | None"]  # None: not for this user
TODAY: list[tuple[int, str, TodayProvider]] = []


def provides_today(key: str, *, order: int = 100):
    def register(provider: TodayProvider) -> TodayProvider:
        TODAY[:] = [entry for entry in TODAY if entry[1] != key]
        TODAY.append((order, key, provider))
        TODAY.sort(key=lambda entry: entry[0])
        return provider

    return register


# --- alerts ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """Something that needs attention until it is dealt with.

    `owners` are the people whose duty it is; each is replaced by whoever handles their `area` today
    (people.selectors.responsible_for), so a substitute receives it while the owner is away. `title` is called
    inside `speaking_to(recipient)` so each recipient reads it in their own language.
    """

    key: str  # stable while the same problem stays open, e.g. "equipment.warranty:12:2026-12-31"
    area: str
    owners: list = field(default_factory=list)
    title: Callable[[], str] = str
    url: str = ""
    kind: str = ""
    in_app: bool = True  # False when the module already notifies in the app itself (then: the digest only)


AlertSource = Callable[[dt.datetime], Iterable[Alert]]
ALERTS: dict[str, AlertSource] = {}


def provides_alerts(name: str):
    def register(source: AlertSource) -> AlertSource:
        ALERTS[name] = source
        return source

    return register
