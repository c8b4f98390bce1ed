"""The production server as a child process, and a bounded load generator that talks to it over 127.0.0.1 only.

The load comes from `wrk` (Debian package `wrk`) when it is installed: written in C, it leaves the two cores to the
server, so the figures are the server's. Without it, Python client threads do the same job but take much of the CPU
they are measuring; the reports name the generator used.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.harness import Timing

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`backoffice serve --no-worker` (gunicorn, the product's own configuration) on a free loopback port."""

    def __init__(self, *, env: dict[str, str], log_path: Path):
        self.env, self.log_path = env, log_path
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def command(self) -> list[str]:
        script = Path(sys.executable).with_name("backoffice")
        base = [str(script)] if script.exists() else [sys.executable, "-m", "backoffice.cli"]
        return [*base, "serve", "--no-worker", "--host", HOST, "--port", str(self.port)]

    def start(self, ready_path: str = "/bench/reference/employees", timeout: float = 60.0) -> None:
        self.port = free_port()
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (closed in stop())
        # A session of its own, so that stopping it also reaches gunicorn's workers and nothing else.
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", ready_path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of its workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group this run started, nothing else
                self.process.wait(timeout=5)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def hammer(
    port: int,
    path: str,
    *,
    label: str,
    headers: dict[str, str] | None = None,
    concurrency: int = 8,
    duration: float = 10.0,
    max_requests: int = 50_000,
    warmup: float = 1.0,
) -> Timing:
    """GET `path` from `concurrency` keep-alive connections for `duration` seconds (at most `max_requests`).

    Each client thread sends its next request when the previous answer is read (a closed loop), so the figures
    are the server's capacity at that concurrency and the latency the clients saw meanwhile.
    """
    headers = {"Host": f"{HOST}:{port}", **(headers or {})}
    timing = Timing(label, concurrency=concurrency)
    lock = threading.Lock()
    budget = [max_requests]

    def take() -> bool:
        with lock:
            budget[0] -= 1
            return budget[0] >= 0

    def client(record: bool, stop_at: float) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        samples: list[float] = []
        errors = 0
        while time.monotonic() < stop_at and (not record or take()):
            start = time.perf_counter_ns()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            if ok:
                samples.append((time.perf_counter_ns() - start) / 1e6)
            else:
                errors += 1
        conn.close()
        if record:
            with lock:
                timing.samples_ms.extend(samples)
                timing.errors += errors

    def run_phase(record: bool, seconds: float) -> float:
        stop_at = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(record, stop_at), daemon=True) for _ in range(concurrency)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        return time.perf_counter() - start

    if warmup > 0:
        run_phase(False, warmup)
    timing.elapsed_s = run_phase(True, duration)
    return timing


# wrk's report as one JSON line: latencies are in microseconds; errors.status counts answers other than 2xx/3xx.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "min": %d, "max": %d, "mean": %f, ' ..
    '"p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency.min, latency.max, latency.mean,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


class LoadTiming(Timing):
    """A timing from wrk, which reports percentiles of its own instead of every sample."""

    def __init__(self, label: str, report: dict, concurrency: int):
        super().__init__(label, elapsed_s=report["duration_us"] / 1e6, errors=report["errors"], concurrency=concurrency)
        self.requests = report["requests"] - report["errors"]
        self.report = report

    @property
    def count(self) -> int:
        return self.requests

    @property
    def median_ms(self) -> float:
        return self.report["p50"] / 1000

    def percentile_ms(self, p: int) -> float:
        if f"p{p}" not in self.report:
            raise ValueError(f"wrk reported p50, p95 and p99, not p{p}")
        return self.report[f"p{p}"] / 1000

    def as_dict(self) -> dict:
        data = super().as_dict()
        data.update(
            {
                "generator": "wrk",
                "min_ms": self.report["min"] / 1000,
                "max_ms": self.report["max"] / 1000,
                "mean_ms": round(self.report["mean"] / 1000, 3),
            }
        )
        return data


def generator() -> str:
    return "wrk" if shutil.which("wrk") else "Python threads"


def load(
    port: int,
    path: str,
    *,
    label: str,
    headers: dict[str, str] | None = None,
    concurrency: int = 8,
    duration: float = 10.0,
    max_requests: int = 50_000,
    warmup: float = 1.0,
) -> Timing:
    """`concurrency` keep-alive connections in a closed loop on `path`: wrk when installed, else `hammer`."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return hammer(
            port,
            path,
            label=label,
            headers=headers,
            concurrency=concurrency,
            duration=duration,
            max_requests=max_requests,
            warmup=warmup,
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = [
            wrk,
            "--threads",
            "1",
            "--connections",
            str(concurrency),
            "--timeout",
            "30s",
            "--script",
            script.name,
        ]
        for name, value in (headers or {}).items():
            command += ["--header", f"{name}: {value}"]
        url = f"http://{HOST}:{port}{path}"
        if warmup > 0:
            subprocess.run([*command, "--duration", f"{max(1, round(warmup))}s", url], capture_output=True, check=True)
        done = subprocess.run(
            [*command, "--duration", f"{max(1, round(duration))}s", url], capture_output=True, text=True
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return LoadTiming(label, report, concurrency)
