""" "My work": every module registers a provider of what waits for a user (and for whoever they cover)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    module: str
    due: dt.datetime | None = None
    on_behalf_of: str = ""  # the colleague this is covered for; empty when it is the user's own


Provider = Callable[[AbstractBaseUser], Iterable[WorkItem]]
_providers: list[Provider] = []


def provides_work(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def work_for(user: AbstractBaseUser) -> list[WorkItem]:
    items = [item for provider in _providers for item in provider(user)]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda item: (item.due or far, item.title))
