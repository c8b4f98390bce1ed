"""`python -m benchmarks [-k NAME] [--quick]`: build the database, run the scenarios, print and save the figures.

Environment: BENCH_DATABASE_URL=postgres://... runs on PostgreSQL (a database of its own is created and dropped),
otherwise SQLite in a temporary data directory; BENCH_DATA_DIR=path keeps the SQLite data directory and reuses its
demo data in later runs (built once, e.g. while the machine is busy; measured later when it is quiet);
BENCH_JSON=path also writes every result as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import traceback
from pathlib import Path

from benchmarks.environment import Context, Environment
from benchmarks.harness import Goal, Report, at_most, format_report, modules_needed, select

DEMO_BUILD_LIMIT_S = 60.0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "-k",
        dest="names",
        action="append",
        metavar="NAME",
        help="run only this scenario (repeatable; an exact name, else every scenario whose name contains NAME)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter load phases")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--no-server", action="store_true", help="skip scenarios that start the production server")
    parser.add_argument("--repetitions", type=int, help="timed requests per target (default 300, quick 50)")
    parser.add_argument("--duration", type=float, help="seconds of load per target over HTTP (default 10, quick 3)")
    parser.add_argument("--concurrency", type=int, default=8, help="parallel HTTP clients (default 8)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    postgres_url = None if args.list else os.environ.get("BENCH_DATABASE_URL") or None
    json_path = os.environ.get("BENCH_JSON") or None
    kept = os.environ.get("BENCH_DATA_DIR") or None
    started = time.perf_counter()

    with Environment(postgres_url, Path(kept) if kept and not args.list else None) as environment:
        from benchmarks import scenarios

        scenarios.load()
        chosen = select(args.names)
        if args.no_server:
            chosen = [s for s in chosen if "server" not in s.tags]
        if args.list:
            for found in chosen:
                print(f"{found.name:<32} {found.description}")
            return 0
        if not chosen:
            print(f"no scenario matches {args.names}; see `python -m benchmarks --list`", file=sys.stderr)
            return 2

        modules = modules_needed(chosen)
        what = "every module" if modules is None else ", ".join(modules)
        print(f"building the benchmark database (migrate, collectstatic, demo --scale large of {what}) ...", flush=True)
        environment.build(modules)
        info = environment.describe()
        demo_seconds = environment.setup_seconds.get("demo --scale large")
        if demo_seconds is None:  # BENCH_DATA_DIR held it already: built by an earlier run, not timed now
            setup_goal = Goal("demo build", True, "reused", f"built earlier in {kept}", f"demo --scale large of {what}")
        else:
            setup_goal = at_most("demo build", demo_seconds, DEMO_BUILD_LIMIT_S, " s", f"demo --scale large of {what}")
        print(f"database: {info['database']}, {info['employees']} employees; demo data of {info['demo_modules']}")
        print(f"machine: {info['machine']}, load average {info['load_average_at_start']} (1/5/15 min)")
        print("setup: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in environment.setup_seconds.items()))
        print(f"   [{setup_goal.mark}] {setup_goal.name}: {setup_goal.measured}, target {setup_goal.target}\n")

        context = Context(
            environment,
            quick=args.quick,
            repetitions=args.repetitions or (50 if args.quick else 300),
            warmup=10 if args.quick else 30,
            budget_s=5.0 if args.quick else 15.0,
            duration=args.duration or (3.0 if args.quick else 10.0),
            concurrency=args.concurrency,
        )
        reports = [run_one(found, context) for found in chosen]

    goals = [setup_goal] + [goal for report in reports for goal in report.all_goals()]
    failed = [report.scenario for report in reports if report.error]
    info["load_average_at_end"] = Environment.load_average()
    print(
        f"goals: {sum(g.passed for g in goals)} of {len(goals)} met; scenarios with errors: {len(failed)}; "
        f"total {time.perf_counter() - started:.0f} s; load average now {info['load_average_at_end']}"
    )
    if json_path:
        write_json(Path(json_path), info, args, setup_goal, reports)
        print(f"results written to {json_path}")
    return 1 if failed else 0


def run_one(found, context) -> Report:
    start = time.perf_counter()
    try:
        report = found.run(context)
    except Exception as exc:
        report = Report(found.name, found.description, error=f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
    report.seconds = time.perf_counter() - start
    print(format_report(report) + "\n", flush=True)
    return report


def write_json(path: Path, info: dict, args: argparse.Namespace, setup_goal: Goal, reports: list[Report]) -> None:
    data = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": info,
        "options": {"quick": args.quick, "names": args.names, "concurrency": args.concurrency},
        "setup_goal": setup_goal.as_dict(),
        "scenarios": [report.as_dict() for report in reports],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
