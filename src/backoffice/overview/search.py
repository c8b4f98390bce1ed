"""Global search: one query, every module's permission-restricted results, a few of each kind."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from backoffice.core.text import fold
from backoffice.overview.registry import SEARCH, SearchHit, SearchQuery

PER_KIND = 5  # enough to recognise what one looks for; the module's own list has the rest
MAX_WORDS = 5
MAX_LENGTH = 100


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    label: str
    hits: list[SearchHit]
    more_url: str = ""


def clean_query(q: str) -> str:
    """At most MAX_LENGTH characters, without control characters (PostgreSQL refuses NUL in a string)."""
    return "".join(ch for ch in (q or "")[:MAX_LENGTH] if not unicodedata.category(ch).startswith("C")).strip()


def search_words(q: str) -> list[str]:
    """The query folded (case and diacritics dropped), split into at most a few words."""
    return fold(clean_query(q)).split()[:MAX_WORDS]


def global_search(user: AbstractBaseUser, q: str, *, per_kind: int = PER_KIND) -> list[SearchGroup]:
    """Groups of hits, only of kinds with a hit; each provider reads through its module's own selectors."""
    words = search_words(q)
    if not words or not user.is_authenticated:
        return []
    query = SearchQuery(text=clean_query(q), words=words)
    groups = []
    for provider in SEARCH:
        hits = provider.find(user, query, per_kind)
        if hits:
            more = provider.more_url(q) if provider.more_url and len(hits) >= per_kind else ""
            groups.append(SearchGroup(provider.kind, str(provider.label), hits[:per_kind], more))
    return groups
