"""Page counters and downtime per asset and local calendar month (MeterMonth, DowntimeMonth): the summaries the
equipment report reads instead of millions of readings.

A reading adds to its month with one `UPDATE` of counters, lowest/highest and first/last (the row lock makes
concurrent readings add up). Downtime can be taken back (a reopened request), so its month is recounted from the
asset's requests of that month under the summary row's lock. `rebuild` recomputes both from history in the
database, for data written in bulk (the demo, a migration) or to check the summaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, Count, DateField, DateTimeField, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Greatest, Least, TruncMonth
from django.utils import timezone

from backoffice.equipment.models import DowntimeMonth, MaintenanceRequest, MeterMonth, MeterReading


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the local calendar month of a moment."""
    return timezone.localtime(moment).date().replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of a local month and of the next one (a DST month is an hour shorter or longer)."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        timezone.make_aware(dt.datetime.combine(month, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min)),
    )


def count_reading(reading: MeterReading) -> None:
    """Add a recorded page counter to its asset's month."""
    month = month_of(reading.taken_at)
    row = MeterMonth.objects.filter(month=month, asset_id=reading.asset_id)
    at = Value(reading.taken_at, output_field=DateTimeField())
    pages = Value(reading.pages, output_field=BigIntegerField())
    added = {
        "readings": F("readings") + 1,
        "low_pages": Least("low_pages", pages),
        "high_pages": Greatest("high_pages", pages),
        "resets": F("resets") + int(reading.is_reset),
        "first_at": Least("first_at", at),
        "last_at": Greatest("last_at", at),
    }
    if row.update(**added):
        return
    try:
        with transaction.atomic():
            MeterMonth.objects.create(
                asset_id=reading.asset_id,
                month=month,
                readings=1,
                low_pages=reading.pages,
                high_pages=reading.pages,
                resets=int(reading.is_reset),
                first_at=reading.taken_at,
                last_at=reading.taken_at,
            )
    except IntegrityError:  # another reading of the month created the row a moment ago: add to it
        row.update(**added)


def recount_downtime(asset_id: int, moments: Iterable[dt.datetime | None]) -> None:
    """Recount the resolved outages of an asset that began in the months of these moments (call it with the
    request's `down_from` before and after a change, in the change's transaction)."""
    for month in sorted({month_of(moment) for moment in moments if moment is not None}):
        start, end = month_bounds(month)
        with transaction.atomic():
            # The lock first: a concurrent recount of the same month waits and then counts this change too.
            row, _created = DowntimeMonth.objects.select_for_update().get_or_create(
                month=month, asset_id=asset_id, defaults={"first_at": start, "last_at": start}
            )
            found = MaintenanceRequest.objects.filter(
                asset_id=asset_id, down_from__gte=start, down_from__lt=end, down_seconds__isnull=False
            ).aggregate(outages=Count("id"), seconds=Sum("down_seconds"), first=Min("down_from"), last=Max("down_from"))
            if not found["outages"]:
                row.delete()
                continue
            row.outages, row.seconds = found["outages"], found["seconds"]
            row.first_at, row.last_at = found["first"], found["last"]
            row.save(update_fields=["outages", "seconds", "first_at", "last_at"])


def _local_month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=DateField(), tzinfo=timezone.get_current_timezone())


def meters_from_readings(readings=None):
    """MeterMonth's rows as the readings give them."""
    readings = MeterReading.objects.all() if readings is None else readings
    return (
        readings.annotate(month=_local_month("taken_at"))
        .values("asset_id", "month")
        .annotate(
            counted=Count("id"),
            low=Min("pages"),
            high=Max("pages"),
            resets=Count("id", filter=Q(is_reset=True)),
            first=Min("taken_at"),
            last=Max("taken_at"),
        )
        .order_by()
    )


def downtime_from_requests(requests=None):
    """DowntimeMonth's rows as the maintenance requests give them: resolved outages by the month they began."""
    requests = MaintenanceRequest.objects.all() if requests is None else requests
    return (
        requests.filter(down_from__isnull=False, down_seconds__isnull=False)
        .annotate(month=_local_month("down_from"))
        .values("asset_id", "month")
        .annotate(outages=Count("id"), seconds=Sum("down_seconds"), first=Min("down_from"), last=Max("down_from"))
        .order_by()
    )


def _insert_from(model, columns: list[str], rows) -> None:
    select, params = rows.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) {select}", params)  # noqa: S608


def rebuild() -> None:
    """Recompute both summaries from history, each in one INSERT … SELECT run by the database."""
    with transaction.atomic():
        MeterMonth.objects.all().delete()
        _insert_from(
            MeterMonth,
            ["asset", "month", "readings", "low_pages", "high_pages", "resets", "first_at", "last_at"],
            meters_from_readings(),
        )
        DowntimeMonth.objects.all().delete()
        _insert_from(
            DowntimeMonth, ["asset", "month", "outages", "seconds", "first_at", "last_at"], downtime_from_requests()
        )
