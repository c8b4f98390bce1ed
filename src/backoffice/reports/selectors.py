"""The reports' figures, each computed by the database in a few grouped queries and shown only to those
who may see the module's own data (the same permission as the module's pages)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.errors import NotAllowed
from backoffice.core.permissions import can
from backoffice.equipment.models import Asset, DowntimeMonth, MaintenanceRequest, MeterMonth, MeterReading
from backoffice.frontdesk.choices import CallOutcome, Direction
from backoffice.frontdesk.models import Call
from backoffice.recruitment.choices import PIPELINE, Stage
from backoffice.recruitment.models import Application, StageChange
from backoffice.reports.figures import (
    DAY,
    HOURS,
    INTEGER,
    MONEY,
    MONTH,
    NUMBER,
    Chart,
    Column,
    Figures,
    Series,
    Table,
    shade,
)
from backoffice.reports.filters import Period
from backoffice.staff.choices import Standing
from backoffice.staff.matrix import employees_for_matrix, matrix
from backoffice.supplies.models import ConsumptionDay

TOP_SERIES = 8  # departments drawn one by one in a stacked chart; the rest together
TOP_ASSETS = 20


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    permission: str
    icon: str
    build: Callable[[Period], Figures]

    def allowed(self, user: AbstractBaseUser) -> bool:
        return can(user, self.permission)


def _month_label(month: dt.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _hours(seconds: int | None) -> Decimal:
    return (Decimal(seconds or 0) / 3600).quantize(Decimal("0.1"))


def _money(value: Decimal | None) -> Decimal:
    return (value or Decimal("0")).quantize(Decimal("0.01"))


def _quantity(value: Decimal | None) -> Decimal:
    """Without trailing zeros (PostgreSQL keeps the column's three places): 3.000 → 3, 2.500 → 2.5."""
    value = value or Decimal("0")
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _percent(part: int, whole: int | None) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _average(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.1")) if values else None


def _median(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(Decimal("0.1")) if values else None


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# --- supplies: consumption and cost ------------------------------------------------------------


def supplies_consumption(period: Period) -> Figures:
    """Issues from stock (what departments took), per local month and department: one grouped query over the
    consumption per day and department (supplies.ConsumptionDay), which the issues keep as they are posted."""
    days = ConsumptionDay.objects.filter(day__range=(period.since, period.until))
    if period.department:
        days = days.filter(department=period.department)
    grouped = (
        days.annotate(bucket=period.month_of("day", day_field=True))
        .values("bucket", "department_id", "department__name")
        .annotate(used=Sum("quantity"), spent=Sum("cost"), lines=Sum("issues"))
        .order_by()
    )
    zero = Decimal("0")
    no_department = _("no department")
    cells: dict[tuple[dt.date, str], dict] = {}
    by_department: dict[str, dict] = defaultdict(lambda: {"quantity": zero, "cost": zero, "issues": 0})
    for row in grouped:
        name = row["department__name"] or no_department
        month = period.months[row["bucket"]]
        cell = {"issues": row["lines"], "quantity": _quantity(row["used"]), "cost": _money(row["spent"])}
        cells[(month, name)] = cell
        for key, value in cell.items():
            by_department[name][key] += value
    months = []
    for month in period.months:
        found = [cell for (m, _name), cell in cells.items() if m == month]
        months.append(
            {
                "month": month,
                "issues": sum(c["issues"] for c in found),
                "quantity": sum((c["quantity"] for c in found), zero),
                "cost": sum((c["cost"] for c in found), zero),
            }
        )
    departments = sorted(
        ({"department": name, **totals} for name, totals in by_department.items()),
        key=lambda r: (-r["cost"], r["department"]),
    )
    detail = [
        {"month": month, "department": name, **cell}
        for (month, name), cell in sorted(cells.items(), key=lambda pair: (pair[0][0], pair[0][1]))
    ]
    figures = [
        Column("issues", _("Issues"), INTEGER),
        Column("quantity", _("Quantity"), NUMBER),
        Column("cost", _("Cost"), MONEY),
    ]
    drawn = [d["department"] for d in departments[:TOP_SERIES]]
    series = [
        Series(name, [float(cells.get((m, name), {}).get("cost", zero)) for m in period.months]) for name in drawn
    ]
    rest = [d["department"] for d in departments[TOP_SERIES:]]
    if rest:
        series.append(
            Series(
                _("other departments"),
                [float(sum((cells.get((m, n), {}).get("cost", zero) for n in rest), zero)) for m in period.months],
            )
        )
    return Figures(
        slug="supplies",
        title=_("Supplies consumption and cost"),
        period=period,
        tables=[
            Table("months", _("By month"), [Column("month", _("Month"), MONTH), *figures], months),
            Table("departments", _("By department"), [Column("department", _("Department")), *figures], departments),
            Table(
                "detail",
                _("By month and department"),
                [Column("month", _("Month"), MONTH), Column("department", _("Department")), *figures],
                detail,
            ),
        ],
        charts=[
            Chart(
                "cost",
                _("Cost per month and department"),
                "bar",
                [_month_label(m) for m in period.months],
                series,
                stacked=True,
            ),
        ],
        notes=[_("Consumption is what was issued from stock; cost is the quantity times its unit cost.")],
    )


# --- equipment: downtime and pages printed ----------------------------------------------------


def _per_model(grouped_by_asset, sums: str, where: str = "") -> list[tuple]:
    """Sum a query grouped by asset per model: the database groups by asset first and joins each asset's model
    only to the grouped rows (not to every reading), then sums around it."""
    sql, params = grouped_by_asset.query.sql_with_params()
    asset = connection.ops.quote_name(Asset._meta.db_table)
    group = "asset.manufacturer, asset.model_name"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {group}, {sums} FROM ({sql}) per_asset JOIN {asset} asset ON asset.id = per_asset.asset_id "  # noqa: S608
            f"{where} GROUP BY {group}",
            params,
        )
        return cursor.fetchall()


def _months_cut(period: Period) -> set[dt.date]:
    """The months the period cuts (its first and last) whose summaries also hold readings or outages outside it:
    those are counted from the readings and requests themselves. A period up to today cuts nothing that way."""
    outside = Q()
    for month, start, end, whole in period.month_spans():
        if not whole:
            outside |= Q(month=month) & (Q(first_at__lt=start) | Q(last_at__gte=end))
    if not outside:
        return set()
    found = []
    for summary in (MeterMonth, DowntimeMonth):
        rows = summary.objects.filter(outside)
        if period.department:
            rows = rows.filter(asset__department=period.department)
        found.append(rows.values_list("month", flat=True).order_by())
    return set(found[0].union(found[1]))


@dataclass
class _Fleet:
    """What the equipment report adds up: per (month index, manufacturer, model) and per asset."""

    pages: dict[tuple[int, str, str], int]
    down: dict[tuple[int, str, str], list[int]]  # [outages, seconds]
    assets: dict[int, dict]

    def add_down(self, n: int, maker: str, model: str, outages: int, seconds: int | None) -> None:
        cell = self.down.setdefault((n, maker, model), [0, 0])
        cell[0] += outages
        cell[1] += seconds or 0


def _asset_label(row: dict) -> str:
    return str(
        Asset(
            manufacturer=row["asset__manufacturer"],
            model_name=row["asset__model_name"],
            serial_number=row["asset__serial_number"],
        )
    )


def _from_summaries(period: Period, months: list[dt.date], fleet: _Fleet, *, top: int | None) -> None:
    """Whole months (or cut ones holding nothing outside the period) from the monthly summaries."""
    bucket = {month: n for n, month in enumerate(period.months)}
    meters = MeterMonth.objects.filter(month__in=months, resets=0)
    downtime = DowntimeMonth.objects.filter(month__in=months)
    if period.department:
        meters = meters.filter(asset__department=period.department)
        downtime = downtime.filter(asset__department=period.department)
    model = ("asset__manufacturer", "asset__model_name")
    for row in meters.values("month", *model).annotate(printed=Sum(F("high_pages") - F("low_pages"))).order_by():
        key = (bucket[row["month"]], row["asset__manufacturer"], row["asset__model_name"])
        fleet.pages[key] = fleet.pages.get(key, 0) + int(row["printed"] or 0)
    for row in downtime.values("month", *model).annotate(count=Sum("outages"), total=Sum("seconds")).order_by():
        fleet.add_down(bucket[row["month"]], *(row[k] for k in model), row["count"], row["total"])
    per_asset = (
        downtime.values("asset_id", *model, "asset__serial_number")
        .annotate(count=Sum("outages"), total=Sum("seconds"))
        .order_by("-total", "asset_id")
    )
    for row in per_asset[:top] if top else per_asset:
        fleet.assets[row["asset_id"]] = {"asset": _asset_label(row), "outages": row["count"], "seconds": row["total"]}


def _from_history(period: Period, n: int, start: dt.datetime, end: dt.datetime, fleet: _Fleet) -> None:
    """A cut month from the readings and requests within the period's part of it."""
    readings = MeterReading.objects.filter(taken_at__gte=start, taken_at__lt=end)
    outages = MaintenanceRequest.objects.filter(down_from__gte=start, down_from__lt=end, down_seconds__isnull=False)
    if period.department:
        readings = readings.filter(asset__department=period.department)
        outages = outages.filter(asset__department=period.department)
    per_asset = (
        readings.values("asset_id")
        .annotate(low=Min("pages"), high=Max("pages"), resets=Count("id", filter=Q(is_reset=True)))
        .order_by()
    )
    for maker, model, printed in _per_model(per_asset, "SUM(per_asset.high - per_asset.low)", "WHERE resets = 0"):
        fleet.pages[(n, maker, model)] = fleet.pages.get((n, maker, model), 0) + int(printed or 0)
    for row in (
        outages.values("asset_id", "asset__manufacturer", "asset__model_name", "asset__serial_number")
        .annotate(count=Count("id"), total=Sum("down_seconds"))
        .order_by()
    ):
        fleet.add_down(n, row["asset__manufacturer"], row["asset__model_name"], row["count"], row["total"])
        known = fleet.assets.setdefault(row["asset_id"], {"asset": _asset_label(row), "outages": 0, "seconds": 0})
        known["outages"] += row["count"]
        known["seconds"] += row["total"] or 0


def equipment_downtime(period: Period) -> Figures:
    """Time out of service (counted in the month the outage began) and pages printed, per month and model: read
    from the monthly summaries per asset (equipment.MeterMonth, DowntimeMonth) in three grouped queries."""
    cut = _months_cut(period)
    fleet = _Fleet(pages={}, down={}, assets={})
    kept = [month for month in period.months if month not in cut]
    _from_summaries(period, kept, fleet, top=None if cut else TOP_ASSETS)
    for n, (month, start, end, _whole) in enumerate(period.month_spans()):
        if month in cut:
            _from_history(period, n, start, end, fleet)
    months = [
        {
            "month": month,
            "outages": sum(cell[0] for (b, *_model), cell in fleet.down.items() if b == n),
            "downtime_hours": _hours(sum(cell[1] for (b, *_model), cell in fleet.down.items() if b == n)),
            "pages": sum(pages for (b, *_model), pages in fleet.pages.items() if b == n),
        }
        for n, month in enumerate(period.months)
    ]
    per_model: dict[tuple[str, str], dict] = defaultdict(lambda: {"outages": 0, "seconds": 0, "pages": 0})
    for (_n, maker, model), (count, seconds) in fleet.down.items():
        per_model[(maker, model)]["outages"] += count
        per_model[(maker, model)]["seconds"] += seconds
    for (_n, maker, model), pages in fleet.pages.items():
        per_model[(maker, model)]["pages"] += pages
    models = sorted(
        (
            {
                "model": f"{maker} {model}",
                "outages": totals["outages"],
                "downtime_hours": _hours(totals["seconds"]),
                "pages": totals["pages"],
            }
            for (maker, model), totals in per_model.items()
        ),
        key=lambda r: (-r["downtime_hours"], -r["pages"], r["model"]),
    )
    longest = sorted(fleet.assets.items(), key=lambda pair: (-(pair[1]["seconds"] or 0), pair[0]))[:TOP_ASSETS]
    assets = [
        {"asset": row["asset"], "outages": row["outages"], "downtime_hours": _hours(row["seconds"])}
        for _pk, row in longest
    ]
    downtime = [Column("outages", _("Outages"), INTEGER), Column("downtime_hours", _("Downtime (hours)"), HOURS)]
    pages = Column("pages", _("Pages printed"), INTEGER)
    return Figures(
        slug="equipment",
        title=_("Equipment downtime and pages printed"),
        period=period,
        tables=[
            Table("months", _("By month"), [Column("month", _("Month"), MONTH), *downtime, pages], months),
            Table("models", _("By model"), [Column("model", _("Model")), *downtime, pages], models),
            Table("assets", _("Assets with the most downtime"), [Column("asset", _("Asset")), *downtime], assets),
        ],
        charts=[
            Chart(
                "months",
                _("Downtime and pages per month"),
                "bar",
                [_month_label(m) for m in period.months],
                [
                    Series(_("Downtime (hours)"), [float(m["downtime_hours"]) for m in months]),
                    Series(_("Pages printed"), [m["pages"] for m in months], kind="line", axis="right"),
                ],
            )
        ],
        notes=[
            _("Downtime counts in the month the outage began."),
            _("Pages: the rise of each counter within the month; a month with a counter reset is left out."),
        ],
    )


# --- front desk: calls per day and hour ---------------------------------------------------------


def calls_activity(period: Period) -> Figures:
    """Calls per local day, and a week-day × hour heat map; two grouped queries."""
    calls = Call.objects.filter(started_at__gte=period.starts_at, started_at__lt=period.ends_before)
    if period.department:
        calls = calls.filter(for_person__department=period.department)
    zone = timezone.get_current_timezone()
    per_day = {
        _as_date(r["day"]): r
        for r in calls.annotate(day=TruncDate("started_at", tzinfo=zone))
        .values("day")
        .annotate(
            calls=Count("id"),
            incoming=Count("id", filter=Q(direction=Direction.INCOMING)),
            missed=Count("id", filter=Q(outcome=CallOutcome.MISSED)),
        )
        .order_by()
    }
    days = [
        {
            "day": day,
            "calls": per_day.get(day, {}).get("calls", 0),
            "incoming": per_day.get(day, {}).get("incoming", 0),
            "outgoing": per_day.get(day, {}).get("calls", 0) - per_day.get(day, {}).get("incoming", 0),
            "missed": per_day.get(day, {}).get("missed", 0),
        }
        for day in period.days
    ]
    heat = {
        (r["weekday"], r["hour"]): r["calls"]
        for r in calls.annotate(
            weekday=ExtractIsoWeekDay("started_at", tzinfo=zone), hour=ExtractHour("started_at", tzinfo=zone)
        )
        .values("weekday", "hour")
        .annotate(calls=Count("id"))
        .order_by()
    }
    highest = max(heat.values(), default=0)
    hours = [Column(f"h{hour}", f"{hour}", INTEGER) for hour in range(24)]
    weekdays = []
    for weekday in range(1, 8):
        row: dict = {"weekday": str(WEEKDAYS_ABBR[weekday - 1]), "_shade": {}}
        for hour in range(24):
            row[f"h{hour}"] = heat.get((weekday, hour), 0)
            row["_shade"][f"h{hour}"] = shade(row[f"h{hour}"], highest)
        row["total"] = sum(row[f"h{hour}"] for hour in range(24))
        weekdays.append(row)
    return Figures(
        slug="calls",
        title=_("Calls per day and hour"),
        period=period,
        tables=[
            Table(
                "heatmap",
                _("Calls by week day and hour"),
                [Column("weekday", _("Day")), *hours, Column("total", _("Total"), INTEGER)],
                weekdays,
                heat=True,
            ),
            Table(
                "days",
                _("By day"),
                [
                    Column("day", _("Day"), DAY),
                    Column("calls", _("Calls"), INTEGER),
                    Column("incoming", _("Incoming"), INTEGER),
                    Column("outgoing", _("Outgoing"), INTEGER),
                    Column("missed", _("Missed"), INTEGER),
                ],
                days,
            ),
        ],
        charts=[
            Chart(
                "days",
                _("Calls per day"),
                "bar",
                [date_format(d["day"], "SHORT_DATE_FORMAT") for d in days],
                [
                    Series(_("Incoming"), [d["incoming"] for d in days]),
                    Series(_("Outgoing"), [d["outgoing"] for d in days]),
                ],
                stacked=True,
            )
        ],
        notes=[_("Days and hours are in the company's time zone.")],
    )


# --- recruitment: hiring funnel and time to hire -------------------------------------------------


def _days(delta: dt.timedelta) -> Decimal:
    return (Decimal(delta.total_seconds()) / 86400).quantize(Decimal("0.1"))


def _funnel_counts() -> dict:
    """How many applications reached each stage of the pipeline: the stage they are in now, or one in their
    history (a rejected application still counts for the stages it passed)."""
    counts = {}
    for n, stage in enumerate(PIPELINE):
        later = PIPELINE[n:]
        counts[stage] = Count("id", filter=Q(stage__in=later) | Q(stage_changes__to_stage__in=later), distinct=True)
    counts[Stage.REJECTED] = Count("id", filter=Q(stage=Stage.REJECTED), distinct=True)
    counts[Stage.WITHDRAWN] = Count("id", filter=Q(stage=Stage.WITHDRAWN), distinct=True)
    return counts


def hiring_funnel(period: Period) -> Figures:
    """Applications received in the period and how far they got; hires in the period and how long each took
    from application to hire (days)."""
    applications = Application.objects.filter(created_at__gte=period.starts_at, created_at__lt=period.ends_before)
    hires = StageChange.objects.filter(to_stage=Stage.HIRED, at__gte=period.starts_at, at__lt=period.ends_before)
    if period.department:
        applications = applications.filter(position__department=period.department)
        hires = hires.filter(application__position__department=period.department)
    totals = applications.aggregate(**_funnel_counts())
    received = totals[Stage.NEW] or 0
    funnel = []
    previous = None
    for stage in [*PIPELINE, Stage.REJECTED, Stage.WITHDRAWN]:
        count = totals[stage] or 0
        in_pipeline = stage in PIPELINE
        funnel.append(
            {
                "stage": str(Stage(stage).label),
                "applications": count,
                "share": _percent(count, received),
                "from_previous": _percent(count, previous) if in_pipeline and previous is not None else None,
            }
        )
        previous = count if in_pipeline else previous
    per_department = [
        {
            "department": r["position__department__name"] or _("no department"),
            **{f"s{n}": r[stage] for n, stage in enumerate(PIPELINE)},
        }
        for r in applications.values("position__department__name")
        .annotate(**_funnel_counts())
        .order_by("position__department__name")
    ]
    took: dict[int, list[Decimal]] = defaultdict(list)
    for bucket, hired_at, applied_at in hires.annotate(bucket=period.month_of("at")).values_list(
        "bucket", "at", "application__created_at"
    ):
        took[bucket].append(_days(hired_at - applied_at))
    everyone = sorted(d for days in took.values() for d in days)
    months = [
        {
            "month": month,
            "hires": len(took.get(n, [])),
            "average_days": _average(took.get(n, [])),
            "median_days": _median(took.get(n, [])),
        }
        for n, month in enumerate(period.months)
    ]
    summary = [{"hires": len(everyone), "average_days": _average(everyone), "median_days": _median(everyone)}]
    time_columns = [
        Column("hires", _("Hires"), INTEGER),
        Column("average_days", _("Average (days)"), NUMBER),
        Column("median_days", _("Median (days)"), NUMBER),
    ]
    stage_columns = [Column(f"s{n}", str(Stage(stage).label), INTEGER) for n, stage in enumerate(PIPELINE)]
    return Figures(
        slug="hiring",
        title=_("Hiring funnel and time to hire"),
        period=period,
        tables=[
            Table(
                "funnel",
                _("Funnel"),
                [
                    Column("stage", _("Stage")),
                    Column("applications", _("Applications"), INTEGER),
                    Column("share", _("Share of applications"), NUMBER),
                    Column("from_previous", _("Share of the previous stage"), NUMBER),
                ],
                funnel,
            ),
            Table(
                "departments",
                _("By department"),
                [Column("department", _("Department")), *stage_columns],
                per_department,
            ),
            Table(
                "time_to_hire",
                _("Time to hire by month of hire"),
                [Column("month", _("Month"), MONTH), *time_columns],
                months,
            ),
            Table("summary", _("Time to hire over the period"), time_columns, summary),
        ],
        charts=[
            Chart(
                "funnel",
                _("Applications reaching each stage"),
                "bar",
                [row["stage"] for row in funnel[: len(PIPELINE)]],
                [Series(_("Applications"), [row["applications"] for row in funnel[: len(PIPELINE)]])],
            )
        ],
        notes=[
            _(
                "The funnel counts applications received in the period; a stage counts every application that "
                "reached it, also those rejected later."
            ),
            _("Time to hire: from the application to the move to hired, for hires in the period."),
        ],
    )


# --- staff: training compliance -----------------------------------------------------------------

EXPIRING = {Standing.EXPIRING_30, Standing.EXPIRING_60, Standing.EXPIRING_90}


def _standing_counts() -> dict:
    return {"required": 0, "valid": 0, "expiring": 0, "expired": 0, "missing": 0}


def _tally(counts: dict, standing: str) -> None:
    counts["required"] += 1
    if standing == Standing.VALID:
        counts["valid"] += 1
    elif standing in EXPIRING:
        counts["expiring"] += 1
    elif standing == Standing.EXPIRED:
        counts["expired"] += 1
    else:
        counts["missing"] += 1


def training_compliance(period: Period) -> Figures:
    """The training matrix (staff.matrix) as of the period's last day, counted per department and course:
    mandatory trainings held and valid (or expiring within 90 days), expired, missing."""
    employees = employees_for_matrix(None)
    if period.department:
        employees = employees.filter(department=period.department)
    courses, rows = matrix(None, employees=employees, on=period.until)
    departments: dict[str, dict] = defaultdict(_standing_counts)
    per_course: dict[str, dict] = {f"{c.code} {c.name}": _standing_counts() for c in courses}
    people: dict[str, set] = defaultdict(set)
    for row in rows:
        name = row.employee.department.name if row.employee.department_id else _("no department")
        for cell in row.cells:
            if cell.standing is None:
                continue
            _tally(departments[name], cell.standing)
            _tally(per_course[f"{cell.course.code} {cell.course.name}"], cell.standing)
            if cell.standing in (Standing.EXPIRED, Standing.MISSING):
                people[name].add(row.employee.pk)

    def finish(key: str, label: str, counts: dict) -> dict:
        held = counts["valid"] + counts["expiring"]
        return {key: label, **counts, "compliance": _percent(held, counts["required"])}

    by_department = [finish("department", name, counts) for name, counts in sorted(departments.items())]
    for row in by_department:
        row["people_behind"] = len(people.get(row["department"], ()))
    by_course = [finish("course", name, counts) for name, counts in per_course.items() if counts["required"]]
    figures = [
        Column("required", _("Required"), INTEGER),
        Column("valid", _("Valid"), INTEGER),
        Column("expiring", _("Expiring within 90 days"), INTEGER),
        Column("expired", _("Expired"), INTEGER),
        Column("missing", _("Missing"), INTEGER),
        Column("compliance", _("Compliance (%)"), NUMBER),
    ]
    labels = [row["department"] for row in by_department]
    return Figures(
        slug="training",
        title=_("Training compliance"),
        period=period,
        tables=[
            Table(
                "departments",
                _("By department"),
                [Column("department", _("Department")), *figures, Column("people_behind", _("People behind"), INTEGER)],
                by_department,
            ),
            Table("courses", _("By course"), [Column("course", _("Course")), *figures], by_course),
        ],
        charts=[
            Chart(
                "departments",
                _("Mandatory trainings by department"),
                "bar",
                labels,
                [
                    Series(_("Valid"), [row["valid"] for row in by_department]),
                    Series(_("Expiring within 90 days"), [row["expiring"] for row in by_department]),
                    Series(_("Expired"), [row["expired"] for row in by_department]),
                    Series(_("Missing"), [row["missing"] for row in by_department]),
                ],
                stacked=True,
            )
        ],
        notes=[_("Standing on the last day of the period; compliance counts valid and expiring trainings.")],
    )


REPORTS: dict[str, ReportKind] = {
    kind.slug: kind
    for kind in (
        ReportKind(
            "supplies",
            gettext_lazy("Supplies consumption and cost"),
            "supplies.view_stock",
            "box-seam",
            supplies_consumption,
        ),
        ReportKind(
            "equipment",
            gettext_lazy("Equipment downtime and pages printed"),
            "equipment.view_maintenancerequest",
            "printer",
            equipment_downtime,
        ),
        ReportKind("calls", gettext_lazy("Calls per day and hour"), "frontdesk.view_call", "telephone", calls_activity),
        ReportKind(
            "hiring",
            gettext_lazy("Hiring funnel and time to hire"),
            "recruitment.view_application",
            "funnel",
            hiring_funnel,
        ),
        ReportKind(
            "training",
            gettext_lazy("Training compliance"),
            "staff.view_certificate",
            "mortarboard",
            training_compliance,
        ),
    )
}


def reports_for(user: AbstractBaseUser) -> list[ReportKind]:
    return [kind for kind in REPORTS.values() if kind.allowed(user)]


def report_figures(user: AbstractBaseUser, slug: str, period: Period) -> Figures:
    """The figures of one report, if the user may see the module's data behind it."""
    kind = REPORTS[slug]
    if not kind.allowed(user):
        raise NotAllowed()
    return kind.build(period)
