"""Supplies: reorder suggestions for every item, the item list API at 50,000 items, and a 50,000-row import."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backoffice.core import roles
from backoffice.supplies import imports, planning
from backoffice.supplies.models import Item, StockMovement, Unit
from benchmarks.environment import Context
from benchmarks.harness import Goal, Report, Timing, at_least, at_most, measure, scenario
from benchmarks.loopback import generator, load

API = "/api/v1/supplies/items"
REFERENCE = "/bench/reference/employees"
REFERENCE_LABEL = "reference: bare view, 50 rows"
VARIANTS = {
    "API page 1 (default, 50 rows)": API,
    "API page=100": f"{API}?page=100",
    "API q=papir": f"{API}?q=papir",
}
QUERY_PROBES = {
    "page_size=10": f"{API}?page_size=10",
    "page_size=50": f"{API}?page_size=50",
    "page_size=200": f"{API}?page_size=200",
    "page=100": f"{API}?page=100",
    "q=papir": f"{API}?q=papir",
}
# Goals from the issue.
SUGGESTIONS_S = 5.0
SUGGESTIONS_RATIO = 3.0
P95_MS = 50.0
SERVER_RPS = 190.0
MAX_QUERIES = 5
IMPORT_S = 60.0
IMPORT_ROWS = 50_000


def _bare_aggregate() -> None:
    """The reference: one GROUP BY over the whole movements table, as a database does it at best."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT item_id, SUM(quantity) FROM {StockMovement._meta.db_table} GROUP BY item_id")
        cursor.fetchall()


@scenario("supplies.reorder_suggestions", "reorder suggestions for all items vs one bare aggregate over movements")
def reorder_suggestions(ctx: Context) -> Report:
    items = Item.objects.count()
    movements = StockMovement.objects.count()
    report = Report(
        "supplies.reorder_suggestions",
        "reorder suggestions for all items",
        setting=f"{ctx.environment.facts.get('database')}, {items} items, {movements} movements, in process",
    )
    found: list = []
    calls: dict[str, Callable[[], None]] = {
        "reference: SELECT item_id, SUM(quantity) … GROUP BY item_id": _bare_aggregate,
        "planning.suggestions() for all items": lambda: found.append(len(planning.suggestions())),
    }
    repetitions = 3 if ctx.repetitions < 100 else 5
    timings = measure(calls, repetitions=repetitions, warmup=1, rounds=repetitions)
    reference, suggestions = timings.values()
    report.add(reference)
    seconds = suggestions.median_ms / 1000
    report.add(
        suggestions,
        reference,
        [
            at_most("median", seconds, SUGGESTIONS_S, " s"),
            at_most("ratio to the bare aggregate", suggestions.median_ms / reference.median_ms, SUGGESTIONS_RATIO, "×"),
        ],
    )
    report.facts["suggestions"] = str(found[-1] if found else 0)
    return report


def _get(client: Client, path: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")

    return call


def _queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


@scenario("supplies.item_list_api", "GET /api/v1/supplies/items at 50,000 items vs a bare Django view of 50 rows")
def item_list_api(ctx: Context) -> Report:
    report = Report(
        "supplies.item_list_api",
        "item list and search API vs bare Django view",
        setting=(
            f"in-process django.test.Client, {ctx.environment.facts.get('database')}, one thread, "
            f"{ctx.repetitions} timed requests per target after {ctx.warmup} warm-up"
        ),
    )
    client = ctx.api_client(roles.BACK_OFFICE)
    first = client.get(API).json()
    if len(first["items"]) != 50:
        raise RuntimeError(f"the item list answered {len(first['items'])} rows, not 50")
    report.facts["rows"] = f"{first['count']} active items"
    calls = {REFERENCE_LABEL: _get(client, REFERENCE)}
    calls.update({label: _get(client, path) for label, path in VARIANTS.items()})
    timings = measure(calls, repetitions=ctx.repetitions, warmup=ctx.warmup, budget_s=ctx.budget_s)
    reference = timings[REFERENCE_LABEL]
    report.add(reference)
    for label in VARIANTS:
        report.add(timings[label], reference, [at_most("p95", timings[label].p95_ms, P95_MS, " ms")])
    counts = {label: _queries(client, path) for label, path in QUERY_PROBES.items()}
    report.facts["SQL queries per request"] = ", ".join(f"{label}: {n}" for label, n in counts.items())
    by_size = {n for label, n in counts.items() if label.startswith("page_size=")}  # the same list, 10 to 200 rows
    report.goals.append(
        Goal(
            "at most 5 queries, whatever the page size",
            max(counts.values()) <= MAX_QUERIES and len(by_size) == 1,
            "/".join(str(n) for n in counts.values()),
            f"≤ {MAX_QUERIES}, the same for every page size",
        )
    )
    return report


@scenario("supplies.item_list_server", "the item list over loopback HTTP against `backoffice serve`", tags=("server",))
def item_list_server(ctx: Context) -> Report:
    workers = os.environ.get("BACKOFFICE_WEB_WORKERS", "2")
    report = Report(
        "supplies.item_list_server",
        "item list over HTTP, production server",
        setting=(
            f"`backoffice serve --no-worker` (gunicorn {workers} workers), {ctx.concurrency} keep-alive clients "
            f"from {generator()}"
        ),
    )
    token = ctx.api_token(roles.BACK_OFFICE)
    server = ctx.server()
    bounds = {"concurrency": ctx.concurrency, "duration": ctx.duration, "max_requests": 50_000}
    reference = load(server.port, REFERENCE, label=REFERENCE_LABEL, **bounds)
    report.add(reference)
    headers = {"Authorization": f"Bearer {token}"}
    for label, path in VARIANTS.items():
        timing: Timing = load(server.port, path, label=label, headers=headers, **bounds)
        report.add(
            timing,
            reference,
            [
                at_most("p95", timing.p95_ms, P95_MS, " ms"),
                at_least("throughput", timing.throughput, SERVER_RPS, " req/s"),
            ],
        )
        if timing.errors:
            report.goals.append(Goal("no failed requests", False, str(timing.errors), "0", label))
    return report


PAGES = {
    "item list page": "/supplies/",
    "item list page, page 100": "/supplies/?page=100",
    "item search page q=papir": "/supplies/?q=papir",
    "item search as you type (htmx partial)": "/supplies/?q=papir",
}
PAGE_P95_MS = 100.0


def _page_client(ctx: Context, role: str, **headers) -> Client:
    from django.contrib.auth import get_user_model

    ctx.api_token(role)  # makes the role's benchmark user
    slug = "".join(ch for ch in role.lower() if ch.isalnum())
    client = Client(HTTP_HOST="127.0.0.1", **headers)
    client.force_login(get_user_model().objects.get(username=f"bench-{slug}"))
    return client


@scenario("supplies.item_list_pages", "the item list and search pages (HTML) at 50,000 items")
def item_list_pages(ctx: Context) -> Report:
    report = Report(
        "supplies.item_list_pages",
        "item list and search pages",
        setting=(
            f"in-process django.test.Client with a session, {ctx.environment.facts.get('database')}, one thread, "
            f"{ctx.repetitions} timed requests per target after {ctx.warmup} warm-up"
        ),
    )
    page = _page_client(ctx, roles.BACK_OFFICE)
    partial = _page_client(ctx, roles.BACK_OFFICE, HTTP_HX_REQUEST="true")
    calls = {label: _get(partial if "htmx" in label else page, path) for label, path in PAGES.items()}
    timings = measure(calls, repetitions=ctx.repetitions, warmup=ctx.warmup, budget_s=ctx.budget_s)
    for label in PAGES:
        report.add(timings[label], None, [at_most("p95", timings[label].p95_ms, PAGE_P95_MS, " ms")])
    return report


class _RolledBack(Exception):
    """Leaves the benchmark database as it was after timing the import."""


@scenario("supplies.import_items", "import 50,000 item rows from a Windows-1250 CSV, checked and all or nothing")
def import_items(ctx: Context) -> Report:
    report = Report("supplies.import_items", "CSV import of 50,000 items", setting="in process, rolled back afterwards")
    unit = Unit.objects.first()
    lines = ["sku;name;unit;category"] + [
        f"IMP-{n:06d};Importovaná položka č. {n} – kancelářský papír;{unit.code};Papír" for n in range(IMPORT_ROWS)
    ]
    raw = "\n".join(lines).encode("cp1250")
    timing = Timing("import of 50,000 rows")
    start = time.perf_counter()
    try:
        with transaction.atomic():
            result = imports.import_commit(actor=None, kind="items", raw=raw, filename="items.csv")
            timing.samples_ms.append((time.perf_counter() - start) * 1000)
            timing.elapsed_s = timing.samples_ms[0] / 1000
            report.facts["created"] = str(result.created)
            raise _RolledBack
    except _RolledBack:
        pass
    report.add(timing, None, [at_most("duration", timing.samples_ms[0] / 1000, IMPORT_S, " s")])
    return report
