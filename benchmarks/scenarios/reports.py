"""Reports: each report's page and API over the large demo data, for the default year and for two years."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.core import roles
from backoffice.equipment.models import MaintenanceRequest, MeterReading
from backoffice.frontdesk.models import Call
from backoffice.reports.filters import month_start
from backoffice.reports.selectors import REPORTS
from backoffice.supplies.models import StockMovement
from benchmarks.environment import Context
from benchmarks.harness import EVERY_MODULE, Goal, Report, at_most, measure, scenario

REPORT_S = 2.0  # the issue: each report ≤ 2 s
MAX_QUERIES = 12  # session, user, permissions, the department list and the report's own grouped queries


def _get(client: Client, path: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")

    return call


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


@scenario(
    "reports.each_report",
    "each report (page and API) over the large demo data, one year and two years",
    needs=EVERY_MODULE,
)
def each_report(ctx: Context) -> Report:
    report = Report(
        "reports.each_report",
        "reports with charts",
        setting=f"in-process django.test.Client, {ctx.environment.facts.get('database')}, one thread",
    )
    report.facts["data"] = (
        f"{StockMovement.objects.count()} stock movements, {MaintenanceRequest.objects.count()} repair requests, "
        f"{MeterReading.objects.count()} meter readings, {Call.objects.count()} calls"
    )
    api = ctx.api_client(roles.ADMINISTRATOR)
    pages = Client(HTTP_HOST="127.0.0.1")
    pages.force_login(get_user_model().objects.get(username="bench-administrator"))
    today = timezone.localdate()
    two_years = f"since={month_start(today, 23).isoformat()}&until={today.isoformat()}"
    targets = {}
    for slug in REPORTS:
        targets[f"{slug}: API, last 12 months"] = f"/api/v1/reports/{slug}"
        targets[f"{slug}: API, last 24 months"] = f"/api/v1/reports/{slug}?{two_years}"
        targets[f"{slug}: page, last 12 months"] = f"/reports/{slug}/"
        targets[f"{slug}: XLSX, last 12 months"] = f"/reports/{slug}.xlsx"
    repetitions = 5 if ctx.quick else 11
    timings = measure(
        {label: _get(api if path.startswith("/api/") else pages, path) for label, path in targets.items()},
        repetitions=repetitions,
        warmup=1,
        rounds=repetitions,
        budget_s=ctx.budget_s * 4,
    )
    for timing in timings.values():
        report.add(timing, None, [at_most("p95", timing.p95_ms / 1000, REPORT_S, " s")])
    counts = {slug: _queries(api, f"/api/v1/reports/{slug}") for slug in REPORTS}
    report.facts["SQL queries per API request"] = ", ".join(f"{slug}: {n}" for slug, n in counts.items())
    report.goals.append(
        Goal(
            "bounded queries per report",
            max(counts.values()) <= MAX_QUERIES,
            "/".join(map(str, counts.values())),
            f"≤ {MAX_QUERIES}",
        )
    )
    return report
