"""The measuring part: timings, the scenario registry, goals, the printed table and the JSON file.

Nothing here imports Django, so a scenario module can be listed and the harness tested without a database.

A scenario is a function registered with ``@scenario("module.what")`` in ``benchmarks/scenarios/<file>.py``.
It receives a :class:`benchmarks.environment.Context` and returns a :class:`Report`: measured rows (each with an
optional reference row measured in the same run, for the ratio), free-form facts, and goals (pass/fail marks,
never assertions).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# --- timings ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Latencies of one target (milliseconds per request) and the wall time that produced them."""

    label: str
    samples_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    errors: int = 0
    concurrency: int = 1

    @property
    def count(self) -> int:
        return len(self.samples_ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    def percentile_ms(self, p: int) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0] if self.samples_ms else float("nan")
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[p - 1]

    @property
    def p95_ms(self) -> float:
        return self.percentile_ms(95)

    @property
    def throughput(self) -> float:
        """Completed requests per second of wall time (all concurrent clients together)."""
        return self.count / self.elapsed_s if self.elapsed_s > 0 else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "requests": self.count,
            "errors": self.errors,
            "concurrency": self.concurrency,
            "elapsed_s": round(self.elapsed_s, 4),
            "median_ms": _round(self.median_ms),
            "p95_ms": _round(self.p95_ms),
            "p99_ms": _round(self.percentile_ms(99)),
            "min_ms": _round(min(self.samples_ms, default=float("nan"))),
            "max_ms": _round(max(self.samples_ms, default=float("nan"))),
            "mean_ms": _round(statistics.fmean(self.samples_ms) if self.samples_ms else float("nan")),
            "throughput_rps": _round(self.throughput, 2),
        }


def _round(value: float, digits: int = 3) -> float | None:
    return None if value != value else round(value, digits)  # NaN becomes null in JSON


def measure(
    calls: dict[str, Callable[[], Any]],
    *,
    repetitions: int,
    warmup: int,
    rounds: int = 5,
    budget_s: float | None = None,
) -> dict[str, Timing]:
    """Time each call `repetitions` times, one after another in one thread, after `warmup` untimed calls each.

    The targets take turns in `rounds` blocks (A B C, A B C, ...) so that drift of the machine (another process,
    CPU frequency, caches) hits every target alike and the ratio between them stays fair.
    `budget_s` bounds the timed seconds per target: a slow target stops early (with fewer samples), so one slow
    endpoint cannot make the whole run take many minutes.
    A call raises if its response is wrong; that ends the scenario with an error rather than a wrong figure.
    """
    timings = {label: Timing(label) for label in calls}
    for call in calls.values():
        for _ in range(warmup):
            call()
    rounds = max(1, min(rounds, repetitions))
    per_round = [repetitions // rounds + (1 if i < repetitions % rounds else 0) for i in range(rounds)]
    clock = time.perf_counter_ns
    for number, count in enumerate(per_round, start=1):
        for label, call in calls.items():
            timing = timings[label]
            deadline = None if budget_s is None else budget_s * number / rounds - timing.elapsed_s
            gc.collect()
            block_start = clock()
            for done in range(count):
                start = clock()
                call()
                end = clock()
                timing.samples_ms.append((end - start) / 1e6)
                if deadline is not None and done >= 1 and (end - block_start) / 1e9 > deadline:
                    break
            timing.elapsed_s += (clock() - block_start) / 1e9
    return timings


# --- goals and reports ------------------------------------------------------------------------


@dataclass
class Goal:
    """A target from the issue, checked against a measured value. `passed` is a mark, not an assertion."""

    name: str
    passed: bool
    measured: str
    target: str
    subject: str = ""

    @property
    def mark(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "subject": self.subject,
            "passed": self.passed,
            "measured": self.measured,
            "target": self.target,
        }


def at_most(name: str, value: float, limit: float, unit: str = "", subject: str = "") -> Goal:
    return Goal(name, value <= limit, f"{value:.1f}{unit}", f"<= {limit:g}{unit}", subject)


def at_least(name: str, value: float, limit: float, unit: str = "", subject: str = "") -> Goal:
    return Goal(name, value >= limit, f"{value:.1f}{unit}", f">= {limit:g}{unit}", subject)


@dataclass
class Row:
    timing: Timing
    reference: Timing | None = None
    goals: list[Goal] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """Throughput as a share of the reference's (1.0 = as fast as the reference)."""
        if self.reference is None or not self.reference.throughput:
            return None
        return self.timing.throughput / self.reference.throughput

    def as_dict(self) -> dict[str, Any]:
        data = self.timing.as_dict()
        data["reference"] = self.reference.label if self.reference is not None else None
        data["ratio_to_reference"] = _round(self.ratio, 4) if self.ratio is not None else None
        data["goals"] = [goal.as_dict() for goal in self.goals]
        return data


@dataclass
class Report:
    scenario: str
    description: str
    setting: str = ""  # how it was measured, one line
    rows: list[Row] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # printed: str/int/float values; all go to JSON
    goals: list[Goal] = field(default_factory=list)  # goals that belong to no single row
    error: str | None = None
    seconds: float = 0.0

    def add(self, timing: Timing, reference: Timing | None = None, goals: list[Goal] | None = None) -> Row:
        row = Row(timing, reference, goals or [])
        for goal in row.goals:
            goal.subject = goal.subject or timing.label
        self.rows.append(row)
        return row

    def all_goals(self) -> list[Goal]:
        return [goal for row in self.rows for goal in row.goals] + self.goals

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "description": self.description,
            "setting": self.setting,
            "seconds": round(self.seconds, 2),
            "error": self.error,
            "rows": [row.as_dict() for row in self.rows],
            "facts": self.facts,
            "goals": [goal.as_dict() for goal in self.all_goals()],
        }


# --- registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    run: Callable[..., Report]
    tags: frozenset[str] = frozenset()
    needs: frozenset[str] | None = None  # modules whose demo data it reads; None = all of them


REGISTRY: dict[str, Scenario] = {}
EVERY_MODULE = ("*",)


def scenario(
    name: str, description: str, *, tags: tuple[str, ...] = (), needs: tuple[str, ...] | None = None
) -> Callable:
    """Register a scenario. `name` is "<module>.<what>", e.g. "people.employee_list_api".

    `needs` names the modules whose large demo data the scenario reads (default: the module in its name);
    `needs=EVERY_MODULE` for one that reads across modules (the home page, search, reports). A run builds the
    demo data of the chosen scenarios' modules only, so measuring one module does not wait for all the others.
    """

    def register(func: Callable[..., Report]) -> Callable[..., Report]:
        if name in REGISTRY:
            raise ValueError(f"benchmark scenario {name!r} is registered twice")
        wanted = needs if needs is not None else (name.split(".")[0],)
        modules = None if "*" in wanted else frozenset(wanted)
        REGISTRY[name] = Scenario(name, description, func, frozenset(tags), modules)
        return func

    return register


def modules_needed(chosen: list[Scenario]) -> list[str] | None:
    """The demo modules the chosen scenarios read together; None when one of them needs every module."""
    if any(found.needs is None for found in chosen):
        return None
    return sorted(set().union(*(found.needs for found in chosen)))


def select(names: list[str] | None) -> list[Scenario]:
    """All scenarios, or those named: an exact name wins, otherwise every name that contains the text."""
    everything = sorted(REGISTRY.values(), key=lambda s: s.name)
    if not names:
        return everything
    chosen: list[Scenario] = []
    for wanted in names:
        exact = [s for s in everything if s.name == wanted]
        for found in exact or [s for s in everything if wanted in s.name]:
            if found not in chosen:
                chosen.append(found)
    return chosen


# --- printing ---------------------------------------------------------------------------------


def _fmt_ms(value: float) -> str:
    return "-" if value != value else f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def format_report(report: Report) -> str:
    lines = [f"== {report.scenario}: {report.description}"]
    if report.setting:
        lines.append(f"   {report.setting}")
    if report.rows:
        width = max(len(row.timing.label) for row in report.rows)
        header = f"   {'target':<{width}}  {'median':>9}  {'p95':>9}  {'req/s':>8}  {'vs ref':>7}  n/err  goals"
        lines.append(header)
        for row in report.rows:
            t = row.timing
            ratio = "ref" if row.reference is None else f"{row.ratio:.0%}"
            marks = ", ".join(f"{goal.name} {goal.mark}" for goal in row.goals)
            lines.append(
                f"   {t.label:<{width}}  {_fmt_ms(t.median_ms):>9}  {_fmt_ms(t.p95_ms):>9}  {t.throughput:>8.1f}"
                f"  {ratio:>7}  {t.count}/{t.errors}  {marks}"
            )
    for key, value in report.facts.items():
        if isinstance(value, (str, int, float)):
            lines.append(f"   {key}: {value}")
    goals = report.all_goals()
    if goals:
        lines.append("   goals:")
        for goal in goals:
            subject = f" ({goal.subject})" if goal.subject else ""
            lines.append(f"     [{goal.mark}] {goal.name}{subject}: {goal.measured}, target {goal.target}")
    if report.error:
        lines.append(f"   ERROR: {report.error}")
    lines.append(f"   ({report.seconds:.1f} s)")
    return "\n".join(lines)
