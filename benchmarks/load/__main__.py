"""The load test: `make load`, or `python -m benchmarks.load [--database sqlite|postgres] [--users N] [--seconds S]`.

A fresh data directory and database, built by `migrate` and the seed (benchmarks/load/seed.py); the production
server (`backoffice serve --no-worker`: gunicorn with the product's configuration) on a free port of 127.0.0.1; locust
headless against it for a bounded time (benchmarks/load/locustfile.py), then the invariants checked in the
database. Prints requests/s, p95 and the error rate, per kind of request and in total. Exits non-zero on any error or
broken invariant. Only loopback is ever contacted; the PostgreSQL database is created for the run and dropped after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--users", type=int, default=20, help="simultaneous people (locust users)")
    parser.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    parser.add_argument("--orders", type=int, default=400, help="purchase orders waiting for approval")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    return parser.parse_args(argv)


def _loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"the load test only talks to this machine's loopback, not to {host!r}")


class Run:
    """Owns the data directory, the database and the server of one load run."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data_dir = Path(tempfile.mkdtemp(prefix="backoffice-load-"))
        self.database_name = ""
        self.server = None
        self.phases: dict[str, float] = {}

    def prepare(self) -> dict:
        if self.args.database == "postgres":
            _loopback(self.args.postgres_url)
            self.database_name = os.environ.get("LOAD_DATABASE_NAME", f"backoffice_load_{os.getpid()}")
            self._postgres(f"DROP DATABASE IF EXISTS {self.database_name}")
            self._postgres(f"CREATE DATABASE {self.database_name}")
            database_url = urlunsplit(urlsplit(self.args.postgres_url)._replace(path="/" + self.database_name))
        else:
            database_url = f"sqlite:///{self.data_dir / 'backoffice.sqlite3'}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "BACKOFFICE_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": database_url,
            "BACKOFFICE_DEBUG": "0",
            "REDIS_URL": "",
            "BACKOFFICE_LOG_LEVEL": "ERROR",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        os.environ.update({k: self.env[k] for k in ("DJANGO_SETTINGS_MODULE", "BACKOFFICE_DATA_DIR", "DATABASE_URL")})
        os.environ.update({"BACKOFFICE_DEBUG": "0", "REDIS_URL": ""})
        collected = ROOT / "var" / "static"
        if (collected / "staticfiles.json").exists():  # the build's collected static files; else serve collects
            shutil.copytree(collected, self.data_dir / "static", symlinks=True)

        import django

        django.setup()
        from django.core.management import call_command

        from benchmarks.load.seed import seed

        began = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        self.phases["migrate"] = time.monotonic() - began
        began = time.monotonic()
        fixtures = seed(accounts_per_role=self.args.users, orders=self.args.orders, slots=40)
        self.phases["seed"] = time.monotonic() - began
        from django.db import connections

        connections.close_all()
        return fixtures

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.args.postgres_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    def start_server(self) -> int:
        from benchmarks.loopback import Server

        self.server = Server(env=self.env, log_path=self.data_dir / "server.log")
        began = time.monotonic()
        self.server.start(ready_path="/accounts/login/", timeout=120)
        self.phases["server_start"] = time.monotonic() - began
        return self.server.port

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.stop()

    def close(self) -> None:
        self.stop_server()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if self.database_name:
            try:
                self._postgres(f"DROP DATABASE IF EXISTS {self.database_name} WITH (FORCE)")
            except Exception as exc:  # report, but do not hide the run's own outcome
                print(f"warning: could not drop database {self.database_name}: {exc}", file=sys.stderr)
        shutil.rmtree(self.data_dir, ignore_errors=True)


def run_locust(port: int, fixtures_path: Path, prefix: Path, args: argparse.Namespace) -> None:
    env = {**os.environ, "LOAD_FIXTURES": str(fixtures_path), "LOAD_SAMPLES": f"{prefix}_samples.json"}
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", f"http://127.0.0.1:{port}", "-u", str(args.users), "-r", str(max(1, args.users // 2)),
        "-t", f"{args.seconds}s", "--stop-timeout", "5", "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, env=env, cwd=ROOT, timeout=args.seconds + 120, capture_output=True, check=False)


def read_figures(prefix: Path) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))  # noqa: SIM115

    def figures(row: dict) -> dict:
        count = int(row["Request Count"])
        return {
            "requests": count,
            "errors": int(row["Failure Count"]),
            "error_rate": int(row["Failure Count"]) / count if count else 0.0,
            "requests_per_s": float(row["Requests/s"]),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]) if row["95%"] != "N/A" else 0.0,
        }

    return {
        "steady": steady_figures(json.loads(Path(f"{prefix}_samples.json").read_text())),
        "total": figures(next(r for r in rows if r["Name"] == "Aggregated")),
        "by_request": {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"},
        "failures": [f"{f['Occurrences']}× {f['Method']} {f['Name']}: {f['Error']}" for f in failures],
    }


def steady_figures(samples: list) -> dict:
    """The work once everybody has logged in (log-ins hash passwords on purpose slowly): requests/s, p95, errors."""
    logins = [finished for finished, name, _, _ in samples if name.startswith("log in")]
    work = [(finished, ms, ok) for finished, name, ms, ok in samples if not name.startswith("log in")]
    if not work:
        return {"requests": 0, "errors": 0, "error_rate": 0.0, "requests_per_s": 0.0, "p95_ms": 0.0, "seconds": 0.0}
    end = max(finished for finished, _, _ in work)
    since = max(logins, default=min(finished for finished, _, _ in work))
    if end - since < 5:  # the log-ins took (almost) the whole run: take all of it
        since = min(finished for finished, _, _ in work)
    window = [(ms, ok) for finished, ms, ok in work if finished >= since]
    times = sorted(ms for ms, _ in window)
    errors = sum(1 for _, ok in window if not ok)
    seconds = max(end - since, 1e-9)
    return {
        "requests": len(window),
        "errors": errors,
        "error_rate": errors / len(window) if window else 0.0,
        "requests_per_s": len(window) / seconds,
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0,
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    run = Run(args)
    started = time.monotonic()
    try:
        fixtures = run.prepare()
        fixtures_path = run.data_dir / "fixtures.json"
        fixtures_path.write_text(json.dumps(fixtures))
        port = run.start_server()
        load_before = os.getloadavg()
        began = time.monotonic()
        run_locust(port, fixtures_path, run.data_dir / "locust", args)
        run.phases["locust"] = time.monotonic() - began
        load_after = os.getloadavg()
        run.stop_server()
        figures = read_figures(run.data_dir / "locust")
        if figures["total"]["errors"]:
            figures["server_log"] = run.server.log_tail(30) if run.server else ""
        from benchmarks.load import invariants

        broken = {
            "stock": invariants.stock_problems(),
            "meetings": invariants.meeting_problems(fixtures["team"]),
            "approvals": invariants.approval_problems(fixtures["orders"]),
        }
        result = {
            "database": args.database,
            "users": args.users,
            "seconds": args.seconds,
            "web_workers": os.environ.get("BACKOFFICE_WEB_WORKERS", "2"),
            "web_threads": os.environ.get("BACKOFFICE_WEB_THREADS", "4"),
            "cpus": os.cpu_count(),
            "load_average_before": round(load_before[0], 2),
            "load_average_after": round(load_after[0], 2),
            **figures,
            "work_done": invariants.work_done(fixtures["orders"]),
            "invariants_broken": {name: problems for name, problems in broken.items() if problems},
            "phase_seconds": {name: round(seconds, 1) for name, seconds in run.phases.items()},
            "wall_seconds": round(time.monotonic() - started, 1),
        }
    finally:
        run.close()
    report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 1 if result["total"]["errors"] or result["invariants_broken"] else 0


def report(result: dict) -> None:
    total = result["total"]
    print(
        f"\n== load: {result['database']}, {result['users']} users for {result['seconds']} s, "
        f"gunicorn {result['web_workers']}×{result['web_threads']} on {result['cpus']} cores "
        f"(load average {result['load_average_before']} before, {result['load_average_after']} after) =="
    )
    print(f"{'request':<62} {'count':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7}")
    for name, row in sorted(result["by_request"].items()):
        print(
            f"{name[:62]:<62} {row['requests']:>7} {row['requests_per_s']:>7.1f} {row['median_ms']:>7.0f} "
            f"{row['p95_ms']:>7.0f} {row['errors']:>7}"
        )
    print(
        f"whole run, log-ins included: {total['requests_per_s']:.1f} req/s, p95 {total['p95_ms']:.0f} ms, "
        f"error rate {total['error_rate']:.2%} ({total['errors']} of {total['requests']})"
    )
    steady = result["steady"]
    print(
        f"SUSTAINED (the {steady['seconds']} s after everyone had logged in): {steady['requests_per_s']:.1f} req/s, "
        f"p95 {steady['p95_ms']:.0f} ms, error rate {steady['error_rate']:.2%} "
        f"({steady['errors']} of {steady['requests']})"
    )
    print("took: " + ", ".join(f"{k} {v} s" for k, v in result["phase_seconds"].items()))
    print("work done: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result["work_done"].items()))
    for line in result["failures"][:10]:
        print("error: " + line)
    if result.get("server_log"):
        print("server log (end):\n" + result["server_log"])
    if result["invariants_broken"]:
        for name, problems in result["invariants_broken"].items():
            for problem in problems[:10]:
                print(f"INVARIANT BROKEN ({name}): {problem}")
    else:
        print("invariants hold: stock never negative and equal to its movements, no double booking, no double approval")


if __name__ == "__main__":
    raise SystemExit(main())
