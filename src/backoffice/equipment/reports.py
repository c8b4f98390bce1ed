"""Reports over the fleet: failures (MTBF, MTTR), downtime, cost, pages per month, contracts running out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from backoffice.core.errors import NotAllowed
from backoffice.core.permissions import can
from backoffice.equipment.choices import RequestKind
from backoffice.equipment.models import Asset, MaintenanceRequest, MeterMonth


def _ensure_reader(user: AbstractBaseUser) -> None:
    if not can(user, "equipment.view_maintenancerequest"):
        raise NotAllowed()


def _hours(seconds: int | None) -> float:
    return round((seconds or 0) / 3600, 2)


def reliability(user: AbstractBaseUser, *, by: str = "model", limit: int = 500) -> list[dict]:
    """Per model (or asset): failures, mean time between failures (days in service / failures), mean time to
    repair (report → resolved), downtime, cost. Computed by the database in one grouped query each."""
    _ensure_reader(user)
    keys = ["asset__manufacturer", "asset__model_name"] if by == "model" else ["asset_id"]
    faults = MaintenanceRequest.objects.filter(kind=RequestKind.FAULT)
    rows = (
        faults.values(*keys)
        .annotate(
            failures=Count("id"),
            repaired=Count("repair_seconds"),
            repair_time=Sum("repair_seconds"),
            downtime=Sum("down_seconds"),
            cost=Coalesce(Sum(F("parts_cost") + F("labour_cost")), Decimal("0")),
        )
        .order_by("-failures")[:limit]
    )
    now = timezone.now()
    service_days = _days_in_service(by, now)
    labels = _asset_labels([r["asset_id"] for r in rows]) if by == "asset" else {}
    result = []
    for row in rows:
        key = (row["asset__manufacturer"], row["asset__model_name"]) if by == "model" else row["asset_id"]
        label = f"{key[0]} {key[1]}" if by == "model" else labels.get(key, str(key))
        days = service_days.get(key, 0.0)
        result.append(
            {
                "key": "|".join(key) if by == "model" else str(key),
                "label": label,
                "failures": row["failures"],
                "mtbf_days": round(days / row["failures"], 1) if row["failures"] and days else None,
                "mttr_hours": _hours(row["repair_time"] // row["repaired"]) if row["repaired"] else None,
                "downtime_hours": _hours(row["downtime"]),
                "cost": row["cost"],
            }
        )
    return result


def _days_in_service(by: str, now: dt.datetime) -> dict:
    """Total days in the register per model or asset (from purchase, else from registration)."""
    keys = ["manufacturer", "model_name"] if by == "model" else ["id"]
    totals: dict = defaultdict(float)
    today = timezone.localdate()
    for row in Asset.objects.values(*keys, "purchase_date", "created_at").iterator(chunk_size=5000):
        start = row["purchase_date"] or timezone.localtime(row["created_at"]).date()
        key = (row["manufacturer"], row["model_name"]) if by == "model" else row["id"]
        totals[key] += max((today - start).days, 1)
    return totals


def _asset_labels(ids: list[int]) -> dict[int, str]:
    return {a.pk: str(a) for a in Asset.objects.filter(pk__in=ids).only("manufacturer", "model_name", "serial_number")}


def _month_starts(months: int) -> list[dt.datetime]:
    """The first moments of the last `months` calendar months (local time), oldest first, and of the next one."""
    first = timezone.localdate().replace(day=1)
    starts = []
    for back in range(months - 1, -2, -1):
        index = first.year * 12 + first.month - 1 - back
        day = dt.date(index // 12, index % 12 + 1, 1)
        starts.append(timezone.make_aware(dt.datetime.combine(day, dt.time.min)))
    return starts


def pages_per_month(user: AbstractBaseUser, *, asset: Asset | None = None, months: int = 12) -> list[dict]:
    """Printed pages per calendar month: each counter's rise within the month; a counter reset in a month leaves
    that asset's month out. Read from the monthly summary kept as readings are recorded (equipment.monthly), one
    grouped query over at most (assets × months) rows instead of every reading."""
    _ensure_reader(user)
    starts = _month_starts(months)
    firsts = [timezone.localtime(start).date() for start in starts]
    rows = MeterMonth.objects.filter(month__gte=firsts[0], month__lt=firsts[-1], resets=0)
    if asset is not None:
        rows = rows.filter(asset=asset)
    pages = dict(
        rows.values("month").annotate(pages=Sum(F("high_pages") - F("low_pages"))).values_list("month", "pages")
    )
    return [{"month": first.strftime("%Y-%m"), "pages": int(pages.get(first) or 0)} for first in firsts[:-1]]


def expiring(user: AbstractBaseUser, *, days: int = 60) -> dict[str, list[Asset]]:
    """Warranties and service contracts that end within `days`."""
    _ensure_reader(user)
    today = timezone.localdate()
    until = today + dt.timedelta(days=days)
    current = Asset.objects.filter(archived_at__isnull=True)
    return {
        "warranties": list(current.filter(warranty_until__range=(today, until)).order_by("warranty_until")[:200]),
        "contracts": list(
            current.filter(contract_until__range=(today, until))
            .select_related("vendor")
            .order_by("contract_until")[:200]
        ),
    }


def asset_summary(asset: Asset) -> dict:
    """Downtime and cost of one asset (for its page)."""
    totals = asset.requests.aggregate(
        failures=Count("id", filter=Q(kind=RequestKind.FAULT)),
        downtime=Sum("down_seconds"),
        cost=Coalesce(Sum(F("parts_cost") + F("labour_cost")), Decimal("0")),
    )
    return {
        "failures": totals["failures"],
        "downtime_hours": _hours(totals["downtime"]),
        "cost": totals["cost"],
    }
