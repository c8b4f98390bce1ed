"""Usage and cost: consumption per month, per department, and a next-month forecast per item (reads only)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from backoffice.core.errors import NotAllowed
from backoffice.core.permissions import can
from backoffice.supplies.choices import MovementKind
from backoffice.supplies.models import StockMovement


def _cost() -> Sum:
    return Sum(
        ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=DecimalField(max_digits=20, decimal_places=2))
    )


def _issues(user, since: dt.date):
    if not can(user, "supplies.view_stock"):
        raise NotAllowed()
    return StockMovement.objects.filter(kind=MovementKind.ISSUE, occurred_on__gte=since)


def _first_of_month(months_back: int) -> dt.date:
    today = timezone.localdate()
    year, month = today.year, today.month - months_back
    while month <= 0:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


def monthly(user, *, item_id: int | None = None, department_id: int | None = None, months: int = 12) -> list[dict]:
    rows = _issues(user, _first_of_month(months - 1))
    if item_id:
        rows = rows.filter(item_id=item_id)
    if department_id:
        rows = rows.filter(department_id=department_id)
    found = {
        (r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"]): r
        for r in rows.annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(used=Sum("quantity"), spent=_cost())
        .order_by("month")
    }
    result = []
    for back in range(months - 1, -1, -1):
        month = _first_of_month(back)
        row = found.get(month, {})
        result.append(
            {"month": month, "quantity": row.get("used") or Decimal("0"), "cost": row.get("spent") or Decimal("0")}
        )
    return result


def by_department(user, *, months: int = 12) -> list[dict]:
    rows = (
        _issues(user, _first_of_month(months - 1))
        .values("department_id", "department__name")
        .annotate(used=Sum("quantity"), spent=_cost())
        .order_by("-spent")
    )
    return [
        {
            "department_id": r["department_id"],
            "department": r["department__name"] or "",
            "quantity": r["used"],
            "cost": r["spent"] or Decimal("0"),
        }
        for r in rows
    ]


def forecast(user, *, limit: int = 20, days: int = 90) -> list[dict]:
    """Next month ≈ average daily use over the last `days` days × the days of next month."""
    today = timezone.localdate()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    length = calendar.monthrange(next_month.year, next_month.month)[1]
    rows = (
        _issues(user, today - dt.timedelta(days=days))
        .values("item_id", "item__sku", "item__name", "item__unit__code")
        .annotate(used=Sum("quantity"), spent=_cost())
        .order_by("-spent", "-used")[:limit]
    )
    return [
        {
            "item_id": r["item_id"],
            "sku": r["item__sku"],
            "name": r["item__name"],
            "unit": r["item__unit__code"],
            "month": next_month,
            "quantity": (r["used"] / days * length).quantize(Decimal("0.1")),
            "cost": ((r["spent"] or Decimal("0")) / days * length).quantize(Decimal("0.01")),
        }
        for r in rows
    ]
