"""The Today overview: each module's section of what matters today, only what the user may see."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from backoffice.overview.registry import TODAY, TodaySection


def today_for(user: AbstractBaseUser, on: dt.date | None = None) -> list[TodaySection]:
    if not user.is_authenticated:
        return []
    on = on or timezone.localdate()
    sections = []
    for _order, _key, provider in TODAY:
        section = provider(user, on)
        if section is not None:
            sections.append(section)
    return sections
