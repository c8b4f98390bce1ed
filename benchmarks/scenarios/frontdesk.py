"""Front desk: searching 1,000,000 calls by number or name, and syncing a big mailbox from a real Dovecot."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import time
from collections.abc import Callable

from django.db import transaction
from django.test import Client
from django.utils import timezone

from backoffice.core import roles
from backoffice.core.database import optimize
from backoffice.core.text import fold
from backoffice.frontdesk.choices import CallOutcome, Direction
from backoffice.frontdesk.models import Call, Mailbox, MailMessage, name_search_keys
from benchmarks.environment import Context
from benchmarks.harness import Goal, Report, Timing, at_most, measure, scenario

API = "/api/v1/frontdesk/calls"
CALLS = int(os.environ.get("BENCH_FRONTDESK_CALLS", "1000000"))
MAILS = int(os.environ.get("BENCH_FRONTDESK_MAILS", "10000"))
P95_MS = 100.0
SYNC_S = 60.0

FIRST = ["Jan", "Petr", "Jana", "Eva", "Tomáš", "Lucie", "Martin", "Hana", "Pavel", "Marie", "Jiří", "Tereza"]
LAST = [
    "Novák",
    "Svoboda",
    "Novotný",
    "Dvořák",
    "Černý",
    "Procházka",
    "Kučera",
    "Veselý",
    "Horák",
    "Němec",
    "Marek",
    "Pospíšil",
    "Hájek",
    "Jelínek",
    "Král",
    "Růžička",
    "Beneš",
    "Fiala",
    "Sedláček",
    "Doležal",
]
COMPANIES = ["Stavby", "Toner", "Kancelář", "Servis", "Doprava", "Účetnictví", "Úklid", "Tiskárny", None]


def _load_calls(count: int) -> dict[str, str]:
    """A year of calls, inserted in bulk the way an import does (audit rows left out: this is volume, not history)."""
    if Call.objects.count() >= count:
        return {}
    rng = random.Random(1)
    prefixes = ["602", "603", "604", "605", "606", "607", "608", "720", "721", "724", "731", "732", "736", "777"]
    numbers = [f"+420{rng.choice(prefixes)}{n:06d}" for n in rng.sample(range(10**6), 50_000)]
    now = timezone.now()
    names = [f"{last} {first}" for first in FIRST for last in LAST] + [
        f"{first} {last}" for first in FIRST for last in LAST
    ]
    batch: list[Call] = []
    for index in range(count):
        name = rng.choice(names)
        company = rng.choice(COMPANIES)
        company = f"{company} {rng.randint(1, 999)} s.r.o." if company else ""
        batch.append(
            Call(
                direction=Direction.INCOMING,
                started_at=now - dt.timedelta(seconds=rng.randint(0, 365 * 24 * 3600)),
                caller_name=name,
                company=company,
                number=numbers[index % len(numbers)],
                number_e164=numbers[index % len(numbers)],
                **name_search_keys(name),
                company_key=fold(company),
                outcome=CallOutcome.CONNECTED,
            )
        )
        if len(batch) == 20_000:
            with transaction.atomic():
                Call.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            Call.objects.bulk_create(batch)
    optimize()  # what the product does after a bulk load
    return {"number": numbers[123], "name": "novak", "company": "toner 12"}


def _get(client: Client, path: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")

    return call


@scenario("frontdesk.call_search", "GET /api/v1/frontdesk/calls over 1,000,000 calls: by number, by name, page 1")
def call_search(ctx: Context) -> Report:
    count = 20_000 if ctx.quick else CALLS
    started = time.perf_counter()
    probes = _load_calls(count) or {
        "number": Call.objects.values_list("number_e164", flat=True).first(),
        "name": "novak",
        "company": "toner 12",
    }
    report = Report(
        "frontdesk.call_search",
        "call log search",
        setting=(
            f"in-process django.test.Client, {ctx.environment.facts.get('database')}, {count:,} calls, "
            f"{ctx.repetitions} timed requests per target (at most {ctx.budget_s:g} s)"
        ),
    )
    report.facts["load seconds"] = round(time.perf_counter() - started, 1)
    client = ctx.api_client(roles.BACK_OFFICE)
    variants = {
        "first page (50 of all)": API,
        "by number": f"{API}?q={probes['number'].replace('+', '%2B')}",
        "by name (prefix)": f"{API}?q={probes['name']}",
        "by company (prefix)": f"{API}?company={probes['company'].replace(' ', '%20')}",
        "by name, page 20": f"{API}?q={probes['name']}&page=20",
    }
    found = {label: client.get(path).json().get("count") for label, path in variants.items()}
    report.facts["matches"] = ", ".join(f"{label}: {n}" for label, n in found.items())
    timings = measure(
        {label: _get(client, path) for label, path in variants.items()},
        repetitions=ctx.repetitions,
        warmup=ctx.warmup,
        budget_s=ctx.budget_s,
    )
    for label in variants:
        report.add(timings[label], None, [at_most("p95", timings[label].p95_ms, P95_MS, " ms")])
    return report


def _raw_mail(index: int) -> bytes:
    body = f"Dobrý den, posíláme objednávku č. {index}. Děkujeme, Účtárna\r\n".encode()
    return (
        f"From: Odesilatel {index % 97} <odesilatel{index % 97}@example.cz>\r\n"
        f"To: info@firma.cz\r\nSubject: Objednavka {index}\r\n"
        f"Message-ID: <bench-{index}@example.cz>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0100\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + body


# A mailbox of its own: the sync reads no other front-desk data (threading looks up Message-IDs by index), so it needs
# only the people (the PostgreSQL run then builds in minutes instead of loading a million calls first).
@scenario(
    "frontdesk.imap_sync",
    "sync a mailbox of 10,000 messages from a real Dovecot; a second sync fetches none",
    needs=("people",),
)
def imap_sync(ctx: Context) -> Report:
    from tests.peers import Dovecot

    from backoffice.frontdesk import inbox

    count = 500 if ctx.quick else MAILS
    report = Report(
        "frontdesk.imap_sync",
        "IMAP sync",
        setting=f"Dovecot {shutil.which('dovecot') or '(missing)'} on 127.0.0.1, {count:,} messages, "
        f"{ctx.environment.facts.get('database')}",
    )
    if shutil.which("dovecot") is None:
        report.error = "dovecot is not installed (apt-get install dovecot-imapd)"
        return report
    with Dovecot() as server:
        client = server.client("bench")
        appended = time.perf_counter()
        for index in range(count):
            client.append("INBOX", _raw_mail(index))
        client.logout()
        report.facts["APPEND seconds"] = round(time.perf_counter() - appended, 1)
        mailbox = Mailbox.objects.create(
            name=f"bench-{time.time_ns()}",
            address="info@firma.cz",
            host="127.0.0.1",
            port=server.port,
            use_ssl=False,
            username="bench",
            password=server.password,
        )
        first, second = Timing("first sync"), Timing("second sync (nothing new)")
        start = time.perf_counter()
        fetched = inbox.sync_mailbox(mailbox).fetched
        first.samples_ms.append((time.perf_counter() - start) * 1000)
        first.elapsed_s = first.samples_ms[0] / 1000
        mailbox.refresh_from_db()
        start = time.perf_counter()
        again = inbox.sync_mailbox(mailbox).fetched
        second.samples_ms.append((time.perf_counter() - start) * 1000)
        second.elapsed_s = second.samples_ms[0] / 1000
    stored = MailMessage.objects.filter(mailbox=mailbox).count()
    report.facts["fetched / stored / second sync fetched"] = f"{fetched} / {stored} / {again}"
    report.add(first, None, [at_most("duration", first.elapsed_s, SYNC_S * count / 10_000, " s")])
    report.add(second)
    report.goals.append(Goal("second sync fetches nothing", again == 0, str(again), "0"))
    report.goals.append(Goal("every message stored", stored == count, f"{stored}", f"{count}"))
    return report
