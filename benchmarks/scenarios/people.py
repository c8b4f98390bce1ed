"""People: the employee list of the API, with 10,000 employees, against a bare Django view of the same rows."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backoffice.core import roles
from backoffice.people.models import Employee
from benchmarks.environment import Context
from benchmarks.harness import Goal, Report, Timing, at_least, at_most, measure, scenario
from benchmarks.loopback import generator, load

API = "/api/v1/people/employees"
REFERENCE = "/bench/reference/employees"
REFERENCE_LABEL = "reference: bare view, 50 rows"

# Goals from the issue.
P95_MS = 50.0
SHARE_OF_REFERENCE = 40.0  # percent of the bare view's throughput

VARIANTS = {
    "API page 1 (default, 50 rows)": API,
    "API page=100": f"{API}?page=100",
    "API q=novak": f"{API}?q=novak",
}
QUERY_PROBES = {
    "page_size=10": f"{API}?page_size=10",
    "page_size=50": f"{API}?page_size=50",
    "page_size=200": f"{API}?page_size=200",
    "page=100": f"{API}?page=100",
    "q=novak": f"{API}?q=novak",
}


def _get(client: Client, path: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")

    return call


def _json(client: Client, path: str) -> dict:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
    return response.json()


def _check_answers(client: Client, report: Report) -> None:
    """Before timing anything: the API and the reference answer with the same rows, and every variant with data."""
    active = Employee.objects.filter(archived_at__isnull=True).count()
    first = _json(client, API)
    reference = _json(client, REFERENCE)
    if first["count"] != active or len(first["items"]) != 50:
        raise RuntimeError(f"expected 50 of {active} employees, got {len(first['items'])} of {first['count']}")
    if [row["id"] for row in first["items"]] != [row["id"] for row in reference["items"]]:
        raise RuntimeError(
            "the reference view does not return the same rows as the API's first page: the API's default order "
            f"is no longer Employee.Meta.ordering {Employee._meta.ordering}; align benchmarks/reference.py"
        )
    page_100 = _json(client, VARIANTS["API page=100"])
    if len(page_100["items"]) != 50:
        raise RuntimeError(f"page=100 has {len(page_100['items'])} rows, not 50")
    found = _json(client, VARIANTS["API q=novak"])["count"]
    if not found:
        raise RuntimeError("q=novak finds nobody")
    report.facts["rows"] = f"{active} active employees; q=novak matches {found}"


def _queries(client: Client, path: str) -> list[str]:
    client.get(path)  # also refreshes the token's last-used time, so the capture sees the steady state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    # The statements go to the JSON file; the token's hash in them is of no use there.
    return [re.sub(r"'[0-9a-f]{64}'", "'<token hash>'", query["sql"]) for query in captured.captured_queries]


def _goals(timing: Timing, reference: Timing) -> list[Goal]:
    share = 100 * timing.throughput / reference.throughput
    return [
        at_most("p95", timing.p95_ms, P95_MS, " ms"),
        at_least("throughput", share, SHARE_OF_REFERENCE, "% of reference"),
    ]


@scenario(
    "people.employee_list_api",
    "GET /api/v1/people/employees (bearer token, 10,000 employees) vs a bare Django view of the same rows",
)
def employee_list_api(ctx: Context) -> Report:
    report = Report(
        "people.employee_list_api",
        "employee list API vs bare Django view",
        setting=(
            f"in-process django.test.Client, {ctx.environment.facts.get('database')}, one thread, "
            f"{ctx.repetitions} timed requests (at most {ctx.budget_s:g} s) per target after {ctx.warmup} warm-up, "
            "targets interleaved"
        ),
    )
    client = ctx.api_client(roles.BACK_OFFICE)
    _check_answers(client, report)
    report.facts["planner statistics before"] = ctx.environment.planner_statistics()

    calls = {REFERENCE_LABEL: _get(client, REFERENCE)}
    calls.update({label: _get(client, path) for label, path in VARIANTS.items()})
    timings = measure(calls, repetitions=ctx.repetitions, warmup=ctx.warmup, budget_s=ctx.budget_s)
    report.facts["planner statistics after"] = ctx.environment.planner_statistics()
    reference = timings[REFERENCE_LABEL]
    report.add(reference)
    for label in VARIANTS:
        report.add(timings[label], reference, _goals(timings[label], reference))

    queries = {label: _queries(client, path) for label, path in QUERY_PROBES.items()}
    counts = {label: len(sql) for label, sql in queries.items()}
    report.facts["SQL queries per request"] = ", ".join(f"{label}: {n}" for label, n in counts.items())
    report.facts["sql"] = queries  # JSON only: the statements themselves
    report.goals.append(
        Goal(
            "constant query count",
            len(set(counts.values())) == 1,
            "/".join(str(n) for n in counts.values()),
            "the same for every page size, page and filter",
            "page_size 10/50/200, page=100, q=novak",
        )
    )
    return report


@scenario(
    "people.employee_list_server",
    "the same list over loopback HTTP against `backoffice serve` (gunicorn), vs the bare view",
    tags=("server",),
)
def employee_list_server(ctx: Context) -> Report:
    workers = os.environ.get("BACKOFFICE_WEB_WORKERS", "2")
    threads = os.environ.get("BACKOFFICE_WEB_THREADS", "4")
    report = Report(
        "people.employee_list_server",
        "employee list over HTTP, production server",
        setting=(
            f"`backoffice serve --no-worker` (gunicorn {workers} workers x {threads} threads), "
            f"{ctx.environment.facts.get('database')}, {ctx.concurrency} keep-alive clients ({generator()}) "
            "on 127.0.0.1, "
            f"{ctx.duration:g} s per target after 1 s warm-up"
        ),
    )
    token = ctx.api_token(roles.BACK_OFFICE)
    server = ctx.server()
    bounds = {"concurrency": ctx.concurrency, "duration": ctx.duration, "max_requests": 50_000}
    reference = load(server.port, REFERENCE, label=REFERENCE_LABEL, **bounds)
    api = load(
        server.port,
        API,
        label="API page 1 (default, 50 rows)",
        headers={"Authorization": f"Bearer {token}"},
        **bounds,
    )
    report.facts["planner statistics"] = ctx.environment.planner_statistics()
    report.add(reference)
    report.add(api, reference, _goals(api, reference))
    if reference.errors or api.errors:
        report.goals.append(Goal("no failed requests", False, f"{reference.errors + api.errors}", "0"))
    return report
