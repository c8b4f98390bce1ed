"""The worker killed (SIGKILL) in the middle of sending the outbox: after a restart every e-mail reaches the server.

Delivery is at-least-once with a stable Message-ID per outbox row: a worker killed after the server accepted a
message and before the row was marked sent leaves that one row claimed; when its lease runs out it is sent again
with the same Message-ID (a receiver can drop the duplicate). So the test asserts every row arrived, each distinct
Message-ID exactly the rows', and at most one extra copy per worker thread that was killed mid-send.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from aiosmtpd.controller import Controller

from tests.peers import Mailbox, SmtpServer

pytestmark = pytest.mark.standalone

COUNT = 120
WORKER_THREADS = 2  # settings.HUEY["consumer"]["workers"]

ENQUEUE = f"""
from django.db import transaction
from backoffice.core.outbox import enqueue_email
for number in range({COUNT}):
    with transaction.atomic():
        enqueue_email(to=[f"kolega{{number}}@firma.cz"], subject=f"Zpráva {{number}}", body="Text zprávy.")
"""

STATUS = """
from backoffice.core.models import OutboxMessage as O
import json
print(json.dumps({
    "status": dict(collections.Counter(O.objects.values_list("status", flat=True))),
    "ids": list(O.objects.values_list("message_id", flat=True)),
}))
""".replace("import json", "import json, collections")

# The lease of a message claimed by the killed worker runs out (5 minutes); the test moves the clock instead.
LEASE_OVER = """
import datetime as dt
from django.utils import timezone
from backoffice.core.models import OutboxMessage as O
O.objects.filter(status="pending").update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
"""


class SlowMailbox(Mailbox):
    """A server that takes its time with each message, so the kill lands in the middle of the run."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def backoffice(*args: str, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backoffice.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes every thread and child with it
    )


def outbox_state(env: dict) -> dict:
    import json

    result = backoffice("shell", "-c", STATUS, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_worker_killed_mid_send_loses_nothing_and_repeats_at_most_the_message_in_flight(tmp_path):
    server = SmtpServer()
    server.mailbox = SlowMailbox()
    server.controller = Controller(server.mailbox, hostname="127.0.0.1", port=server.port)
    with server as smtp:
        env = {
            **os.environ,
            "BACKOFFICE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "BACKOFFICE_JOBS_NAME": f"test-kill-{uuid.uuid4().hex[:8]}",
            **smtp.env(),
        }
        env.pop("REDIS_URL", None)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        assert backoffice("migrate", "-v0", env=env).returncode == 0
        queued = backoffice("shell", "-c", ENQUEUE, env=env)
        assert queued.returncode == 0, queued.stderr

        worker = start_worker(env)
        try:
            deadline = time.monotonic() + 120
            while len(smtp.messages) < COUNT // 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(smtp.messages) >= COUNT // 4, "the worker did not start sending"
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        at_kill = len(smtp.messages)
        assert at_kill < COUNT, "the kill came too late to be in the middle"
        state = outbox_state(env)
        assert state["status"].get("pending", 0) > 0

        assert backoffice("shell", "-c", LEASE_OVER, env=env).returncode == 0
        worker = start_worker(env)
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                state = outbox_state(env)
                if state["status"] == {"sent": COUNT}:
                    break
                time.sleep(1)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)

    assert state["status"] == {"sent": COUNT}, state["status"]
    received = collections.Counter(message["Message-ID"] for message in smtp.messages)
    assert set(received) == set(state["ids"])  # every row arrived, nothing else did
    repeated = sum(copies - 1 for copies in received.values())
    assert repeated <= WORKER_THREADS, received.most_common(3)
    print(f"\noutbox kill: {at_kill} of {COUNT} sent before SIGKILL, {repeated} sent twice (same Message-ID)")
