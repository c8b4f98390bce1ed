"""Where the benchmarks run: a fresh data directory and database, built the way a user builds theirs.

SQLite in a temporary data directory by default; with BENCH_DATABASE_URL=postgres://... a database of its own is
created on that server and dropped afterwards. The environment variables are set before Django is set up, the
data comes from the product's own commands (`migrate`, `demo --scale large`), and nobody runs ANALYZE by hand.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "benchmarks.settings"  # the product's settings plus the reference views' URLs
MARKER = "bench-demo.json"  # in a kept data directory: which modules' demo data it holds


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class Environment:
    """Owns the temporary data directory, the benchmark database, and a server process if one is started."""

    def __init__(self, postgres_url: str | None = None, kept_dir: Path | None = None):
        self.postgres_url = postgres_url or None
        if kept_dir is not None and self.postgres_url:
            raise ValueError("BENCH_DATA_DIR keeps an SQLite benchmark database; it cannot be used with PostgreSQL")
        self.kept_dir = kept_dir  # BENCH_DATA_DIR: built once, reused by later runs, never deleted
        self.data_dir: Path | None = None
        self.database_name: str | None = None
        self.database_url = ""
        self.setup_seconds: dict[str, float] = {}
        self.facts: dict[str, Any] = {}
        self._server = None

    # -- lifecycle --

    def __enter__(self) -> Environment:
        if self.kept_dir is not None:
            self.kept_dir.mkdir(parents=True, exist_ok=True)
            self.data_dir = self.kept_dir
        else:
            self.data_dir = Path(tempfile.mkdtemp(prefix="backoffice-bench-"))
        try:
            if self.postgres_url:
                self.database_name = f"backoffice_bench_{os.getpid()}"
                self._create_postgres_database()
                self.database_url = urlunsplit(urlsplit(self.postgres_url)._replace(path="/" + self.database_name))
            else:
                self.database_url = f"sqlite:///{self.data_dir / 'backoffice.sqlite3'}"
            os.environ.update(
                {
                    "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
                    "BACKOFFICE_DATA_DIR": str(self.data_dir),
                    "DATABASE_URL": self.database_url,
                    "BACKOFFICE_DEBUG": "0",  # measure the production configuration
                    "REDIS_URL": "",  # jobs queue in the data directory, as on a machine without Redis
                    # The scenarios sign in with force_login and measure the pages behind the log-in; the second
                    # factor of Administrator and HR is a log-in step (measured by the load test), not a page cost.
                    "BACKOFFICE_REQUIRE_2FA": "false",
                }
            )
            import django

            django.setup()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if "django" in sys.modules and self.data_dir is not None:
            from django.db import connections

            connections.close_all()
        if self.database_name:
            try:
                self._drop_postgres_database()
            except Exception as exc:  # report, but do not hide the original error
                print(f"warning: could not drop database {self.database_name}: {exc}", file=sys.stderr)
        if self.data_dir is not None and self.kept_dir is None:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _admin_connection(self):
        import psycopg

        return psycopg.connect(self.postgres_url, autocommit=True, connect_timeout=10)

    def _create_postgres_database(self) -> None:
        from psycopg import sql

        with self._admin_connection() as conn:
            name = sql.Identifier(self.database_name)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))  # left over by a killed run
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))

    def _drop_postgres_database(self) -> None:
        from psycopg import sql

        with self._admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.database_name)))

    # -- data --

    def build(self, modules: list[str] | None = None) -> None:
        """The database a user has after `backoffice migrate` and `backoffice demo --scale large [--only ...]`.

        `modules`: only these modules' demo data (and the people they build on); None builds every module's.
        """
        from django.core.management import call_command

        from backoffice.core import demo

        self.facts["load_average_at_start"] = self.load_average()
        wanted = list(modules if modules is not None else demo.modules())
        self.facts["demo_modules"] = ", ".join(wanted)
        only = {"only": ",".join(modules)} if modules is not None else {}
        out = io.StringIO()
        steps = [
            ("migrate", lambda: call_command("migrate", interactive=False, verbosity=0, stdout=out)),
            ("collectstatic", lambda: call_command("collectstatic", interactive=False, verbosity=0, stdout=out)),
        ]
        if self._kept_demo_covers(wanted):
            self.facts["demo_reused"] = str(self.data_dir)
        else:
            steps.append(("demo --scale large", lambda: call_command("demo", scale="large", stdout=out, **only)))
        for step, run in steps:
            start = time.perf_counter()
            run()
            self.setup_seconds[step] = time.perf_counter() - start
        if self.kept_dir is not None and "demo_reused" not in self.facts:
            (self.kept_dir / MARKER).write_text(json.dumps({"modules": wanted}))
        self.facts.update(self._describe_database())

    def _kept_demo_covers(self, wanted: list[str]) -> bool:
        """A kept data directory is reused when its demo has the modules wanted; any other content is refused."""
        if self.kept_dir is None:
            return False
        marker = self.kept_dir / MARKER
        if marker.exists():
            built = set(json.loads(marker.read_text())["modules"])
            if set(wanted) <= built:
                return True
            raise RuntimeError(
                f"{self.kept_dir} holds the demo data of {', '.join(sorted(built))}, not of {', '.join(wanted)}; "
                "give BENCH_DATA_DIR a new directory"
            )
        if (self.kept_dir / "backoffice.sqlite3").exists():
            raise RuntimeError(f"{self.kept_dir} has a database not built by the benchmarks; use an empty directory")
        return False

    def _describe_database(self) -> dict[str, Any]:
        from django.db import connection

        from backoffice.people.models import Employee

        facts: dict[str, Any] = {"employees": Employee.objects.count()}
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                facts["database"] = f"SQLite {cursor.fetchone()[0]}"
            else:
                cursor.execute("SHOW server_version")
                facts["database"] = f"PostgreSQL {cursor.fetchone()[0]}"
        return facts

    def planner_statistics(self) -> str:
        """Whether the database has statistics for the employee table right now (nobody ran ANALYZE by hand)."""
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                if not cursor.fetchone()[0]:
                    return "none (no sqlite_stat1)"
                cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'people_employee'")
                return f"sqlite_stat1 has {cursor.fetchone()[0]} rows for people_employee"
            cursor.execute(
                "SELECT last_analyze, last_autoanalyze, n_mod_since_analyze FROM pg_stat_user_tables "
                "WHERE relname = 'people_employee'"
            )
            row = cursor.fetchone()
            if row is None:
                return "unknown"
            analyzed = row[0] or row[1]
            when = f"analysed {analyzed:%H:%M:%S}" if analyzed else "not analysed yet"
            return f"{when}, {row[2]} rows changed since"

    def describe(self) -> dict[str, Any]:
        import django

        return {
            "database": self.facts.get("database", ""),
            "database_url": _redact(self.database_url),
            "employees": self.facts.get("employees"),
            "demo_modules": self.facts.get("demo_modules"),
            "setup_seconds": {step: round(seconds, 2) for step, seconds in self.setup_seconds.items()},
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "load_average_at_start": self.facts.get("load_average_at_start"),
        }

    @staticmethod
    def load_average() -> str:
        """Other work on the machine skews every figure; printed so that a reader can tell."""
        try:
            return " ".join(f"{value:.2f}" for value in os.getloadavg())
        except OSError:
            return "unknown"

    # -- processes --

    def subprocess_env(self) -> dict[str, str]:
        """The environment of this run, for a child process (the server), with `benchmarks` importable."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        return env

    def server(self):
        """The production server on a free loopback port, started on first use and stopped at the end."""
        if self._server is None:
            from benchmarks.loopback import Server

            self._server = Server(env=self.subprocess_env(), log_path=self.data_dir / "server.log")
            self._server.start()
        return self._server


@dataclass
class Context:
    """What a scenario gets: run options, the environment, and helpers for authenticated clients."""

    environment: Environment
    quick: bool = False
    repetitions: int = 300
    warmup: int = 30
    budget_s: float = 15.0  # timed seconds per target at most, in-process
    duration: float = 10.0
    concurrency: int = 8
    _tokens: dict[str, str] = field(default_factory=dict)

    def api_token(self, role: str) -> str:
        """A real bearer token of a fresh user in `role` (one user per role per run)."""
        if role not in self._tokens:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.models import Group

            from backoffice.core.tokens import token_create

            slug = "".join(ch for ch in role.lower() if ch.isalnum())
            user, _created = get_user_model().objects.get_or_create(  # a kept data directory has it from before
                username=f"bench-{slug}", defaults={"email": f"bench-{slug}@example.cz"}
            )
            user.groups.add(Group.objects.get(name=role))
            _, key = token_create(user=user, name="benchmarks")
            self._tokens[role] = key
        return self._tokens[role]

    def api_client(self, role: str):
        """An in-process client (django.test.Client) that sends the role's bearer token, as programs do."""
        from django.test import Client

        return Client(HTTP_AUTHORIZATION=f"Bearer {self.api_token(role)}", HTTP_HOST="127.0.0.1")

    def server(self):
        return self.environment.server()
