"""A short form of the load test (`make load`): the production server under a mixed back-office workload from
locust on loopback answers without a single error, and the invariants hold afterwards (stock never negative and
equal to its movements, nobody booked twice at once, no purchase order approved twice)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
SHORT = ["--users", "6", "--seconds", "12", "--orders", "30"]


def run_load(tmp_path: Path, *options: str, **extra_env: str) -> dict:
    need(importlib.util.find_spec("locust") is not None, "locust (pip install -r requirements.lock)")
    figures = tmp_path / "load.json"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"} | extra_env
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", *SHORT, *options, "--json", str(figures)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert figures.exists(), completed.stdout[-3000:] + completed.stderr[-3000:]
    result = json.loads(figures.read_text())
    result["output"] = completed.stdout
    return result


def check(result: dict) -> None:
    assert result["total"]["errors"] == 0, result["output"]
    assert result["invariants_broken"] == {}, result["output"]
    done = result["work_done"]
    assert done["calls_logged"] and done["stock_issues"] and done["meetings_booked"], result["output"]
    assert done["orders_approved"] > 0, result["output"]
    logins = result["by_request"]["log in (second factor)"]  # HR logs in with the code of an authenticator app
    assert logins["requests"] > 0 and logins["errors"] == 0


@pytest.mark.standalone
def test_a_short_mixed_load_on_sqlite_has_no_errors_and_keeps_the_invariants(tmp_path):
    check(run_load(tmp_path, "--database", "sqlite"))


@pytest.mark.postgres
def test_a_short_mixed_load_on_postgres_has_no_errors_and_keeps_the_invariants(tmp_path):
    from django.db import connection

    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")
    db = connection.settings_dict
    login = db["USER"] + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    server = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    name = f"backoffice_load_test_{os.getpid()}"  # a database of its own, dropped afterwards
    check(run_load(tmp_path, "--database", "postgres", "--postgres-url", server, LOAD_DATABASE_NAME=name))
