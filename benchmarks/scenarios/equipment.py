"""Equipment: the asset list API (20,000 assets), the MTBF/MTTR report over everything, polling 200 devices."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backoffice.core import roles
from backoffice.equipment import polling, reports
from backoffice.equipment.models import Asset
from benchmarks.environment import Context
from benchmarks.harness import Goal, Report, Timing, at_most, measure, scenario

API = "/api/v1/equipment/assets"
P95_MS = 100.0
REPORT_S = 2.0
POLL_S = 30.0
DEVICES, DEAD = 200, 20
RECORDINGS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "snmp"

VARIANTS = {
    "page 1 (50 rows)": API,
    "page=200": f"{API}?page=200",
    "q=bench00001 (100 matches)": f"{API}?q=bench00001",
    "status + sort by location": f"{API}?status=in_service&ordering=-location",
}


def _get(client: Client, path: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")

    return call


def _query_count(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


@scenario("equipment.asset_list_api", "GET /api/v1/equipment/assets over 20,000 assets: page, search, filter, sort")
def asset_list_api(ctx: Context) -> Report:
    report = Report(
        "equipment.asset_list_api",
        "asset list API",
        setting=f"in-process django.test.Client, {ctx.environment.facts.get('database')}, one thread, "
        f"{ctx.repetitions} timed requests (at most {ctx.budget_s:g} s) per target after {ctx.warmup} warm-up",
    )
    client = ctx.api_client(roles.BACK_OFFICE)
    first = client.get(API).json()
    if len(first["items"]) != 50:
        raise RuntimeError(f"expected a page of 50 assets, got {len(first['items'])}")
    report.facts["rows"] = f"{first['count']} assets in the register"
    timings = measure(
        {label: _get(client, path) for label, path in VARIANTS.items()},
        repetitions=ctx.repetitions,
        warmup=ctx.warmup,
        budget_s=ctx.budget_s,
    )
    for label in VARIANTS:
        report.add(timings[label], None, [at_most("p95", timings[label].p95_ms, P95_MS, " ms")])
    counts = {
        label: _query_count(client, path)
        for label, path in {**VARIANTS, "page_size=200": f"{API}?page_size=200"}.items()
    }
    report.facts["SQL queries per request"] = ", ".join(f"{label}: {n}" for label, n in counts.items())
    report.goals.append(
        Goal("constant query count", len(set(counts.values())) == 1, "/".join(map(str, counts.values())), "equal")
    )
    return report


def _timed(label: str, call: Callable[[], object]) -> Timing:
    timing = Timing(label)
    start = time.perf_counter()
    call()
    timing.elapsed_s = time.perf_counter() - start
    timing.samples_ms.append(timing.elapsed_s * 1000)
    return timing


@scenario("equipment.reliability_report", "MTBF / MTTR / downtime / cost over 200,000 repair requests")
def reliability_report(ctx: Context) -> Report:
    report = Report(
        "equipment.reliability_report",
        "MTBF/MTTR report over everything",
        setting=f"{ctx.environment.facts.get('database')}, one call each, service functions in-process",
    )
    ctx.api_token(roles.BACK_OFFICE)
    user = get_user_model().objects.get(username="bench-backoffice")
    for label, run in (
        ("by model", lambda: reports.reliability(user, by="model")),
        ("by asset", lambda: reports.reliability(user, by="asset")),
        ("pages per month (fleet)", lambda: reports.pages_per_month(user)),
    ):
        timing = _timed(label, run)
        report.add(timing, None, [at_most("time", timing.elapsed_s, REPORT_S, " s")])
    return report


@scenario("equipment.snmp_poll", "polling 200 devices served by snmpsim on loopback, 20 of them dead", tags=("snmp",))
def snmp_poll(ctx: Context) -> Report:
    from tests.peers import SnmpSimulator, free_udp_port

    recordings = sorted(RECORDINGS.glob("*.snmprec"))
    if len(recordings) != 3:
        raise RuntimeError(f"the three recordings are missing in {RECORDINGS}")
    live = DEVICES - DEAD
    copies = {f"device-{n:03d}": recordings[n % 3] for n in range(live)}
    report = Report(
        "equipment.snmp_poll",
        "SNMP polling of 200 devices",
        setting=f"snmpsim on 127.0.0.1 ({live} live communities), {DEAD} addresses where nobody answers, "
        f"per-device timeout {polling.poll_timeout():g} s",
    )
    with SnmpSimulator([], copies=copies) as agent:
        dead_port = free_udp_port()
        assets = Asset.objects.bulk_create(
            [
                Asset(
                    category="printer",
                    manufacturer="Bench",
                    model_name="SNMP",
                    serial_number=f"SNMP-BENCH-{n:03d}",
                    ip_address="127.0.0.1",
                    snmp_version="2c",
                    snmp_community=f"device-{n:03d}" if n < live else "nobody",
                    snmp_port=agent.port if n < live else dead_port,
                )
                for n in range(DEVICES)
            ]
        )
        start, cpu = time.perf_counter(), time.process_time()
        results = polling.assets_poll(actor=None, assets=assets)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    timing = Timing("poll 200 devices", samples_ms=[elapsed * 1000], elapsed_s=elapsed)
    read = sum(1 for r in results if r.ok)
    report.facts["devices read"] = f"{read} of {DEVICES} ({DEAD} dead by design)"
    report.facts["SNMP requests"] = (
        f"{sum(r.requests for r in results if r.ok)} GETBULKs for the {read} devices read "
        f"(one each unless the supplies table is longer than 16 rows)"
    )
    report.facts["limits"] = (
        f"{polling.poll_concurrency()} in flight per agent address, {polling.poll_in_flight()} overall"
    )
    report.facts["CPU of this process"] = f"{cpu:.1f} s (decoding and storing; the rest is waiting for snmpsim)"
    report.add(timing, None, [at_most("time", elapsed, POLL_S, " s")])
    report.goals.append(Goal("every live device read", read == live, str(read), str(live)))
    return report
