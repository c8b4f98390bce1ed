"""The job worker for real: a `backoffice worker` process delivers the outbox, on SQLite and on Redis."""

import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import need
from tests.peers import SmtpServer

pytestmark = pytest.mark.standalone

ENQUEUE = (
    "from backoffice.core.outbox import enqueue_email; "
    "enqueue_email(to=['jana@firma.cz'], subject='Z fronty {marker}', body='Doručeno workerem.')"
)


def backoffice(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backoffice.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def run_worker_scenario(tmp_path, extra_env: dict) -> None:
    with SmtpServer() as smtp:
        env = {
            **os.environ,
            "BACKOFFICE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "BACKOFFICE_JOBS_NAME": f"test-{uuid.uuid4().hex[:8]}",
            **smtp.env(),
            **extra_env,
        }
        if "REDIS_URL" not in extra_env:
            env.pop("REDIS_URL", None)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        backoffice("migrate", "-v0", env=env)
        marker = uuid.uuid4().hex[:6]
        backoffice("shell", "-c", ENQUEUE.format(marker=marker), env=env)
        worker = subprocess.Popen(
            [sys.executable, "-m", "backoffice.cli", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while not smtp.messages and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(timeout=15)
        assert [m["Subject"] for m in smtp.messages] == [f"Z fronty {marker}"]
        status = backoffice(
            "shell",
            "-c",
            "from backoffice.core.models import OutboxMessage as O; print(O.objects.get().status)",
            env=env,
        )
        assert status.stdout.strip().splitlines()[-1] == "sent"


def test_the_worker_sends_mail_with_jobs_in_sqlite(tmp_path):
    run_worker_scenario(tmp_path, {})


def test_the_worker_sends_mail_with_jobs_in_redis(tmp_path):
    url = os.environ.get("TEST_REDIS_URL")
    need(bool(url), "Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (apt-get install redis-server)")
    run_worker_scenario(tmp_path, {"REDIS_URL": url})
