"""When a notice period ends: a configurable rule, by default Czech labour law (§ 51 of the Labour Code).

The period starts on the first day of the month after the notice was delivered and lasts two months at least;
settings STAFF_NOTICE_MONTHS and STAFF_NOTICE_STARTS ("next_month" or "delivery") change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings

from backoffice.staff.choices import LeavingReason


@dataclass(frozen=True)
class NoticeRule:
    months: int = 2
    starts_next_month: bool = True
    # The reasons that run a notice period; the others end on the agreed (or the contract's) day.
    reasons: frozenset[str] = field(
        default_factory=lambda: frozenset({LeavingReason.RESIGNATION, LeavingReason.NOTICE})
    )

    def applies_to(self, reason: str) -> bool:
        return reason in self.reasons

    def period_start(self, delivered: dt.date) -> dt.date:
        if self.starts_next_month:
            return delivered.replace(day=1) + relativedelta(months=1)
        return delivered

    def earliest_last_day(self, delivered: dt.date) -> dt.date:
        return self.period_start(delivered) + relativedelta(months=self.months) - dt.timedelta(days=1)


def notice_rule() -> NoticeRule:
    return NoticeRule(
        months=int(getattr(settings, "STAFF_NOTICE_MONTHS", 2)),
        starts_next_month=getattr(settings, "STAFF_NOTICE_STARTS", "next_month") == "next_month",
    )
