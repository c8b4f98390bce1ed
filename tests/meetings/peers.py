"""Real calendar servers on loopback for the busy-time import: Radicale (CalDAV) and a plain HTTP server (ICS)."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.peers import free_port


class Radicale:
    """Radicale as a subprocess with a temporary storage folder; no authentication, or `users` (name -> password)
    checked against an htpasswd file."""

    def __init__(self, users: dict[str, str] | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="radicale-"))
        self.port = free_port()
        self.process = None
        self.users = users or {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> Radicale:
        radicale = Path(sys.executable).with_name("radicale")
        auth = ["--auth-type", "none"]
        if self.users:
            htpasswd = self.folder / "users"
            htpasswd.write_text("".join(f"{name}:{password}\n" for name, password in self.users.items()))
            auth = ["--auth-type", "htpasswd", "--auth-htpasswd-filename", str(htpasswd)]
            auth += ["--auth-htpasswd-encryption", "plain"]
        self.process = subprocess.Popen(
            [
                str(radicale),
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder",
                str(self.folder / "collections"),
                *auth,
                "--logging-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("radicale did not start")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class IcsServer:
    """Serves one ICS text (changeable) at http://127.0.0.1:<port>/calendar.ics; other paths 404."""

    def __init__(self, text: str = ""):
        self.text = text
        self.port = free_port()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/calendar.ics":
                    self.send_error(404)
                    return
                body = server.text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/calendar.ics"

    def __enter__(self) -> IcsServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
