"""Real network peers for tests, on loopback only: an SMTP server (aiosmtpd)."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What the SMTP server received, parsed."""

    def __init__(self):
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Try again later"
        with self._lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            raw = envelope.original_content or envelope.content
            self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Message]:
        return self.mailbox.messages

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 5,
        }

    def env(self) -> dict[str, str]:
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}


class SnmpSimulator:
    """snmpsim serving .snmprec recordings on a random UDP port of 127.0.0.1 (community = a file's base name).

    The recordings are copied into a fresh directory of its own. snmpsim refuses to run as root, so then it drops
    to nobody, and the directory is made readable for that user.
    """

    def __init__(self, recordings: list, *, copies: dict | None = None, options: list[str] | None = None):
        """`copies`: extra community names served from a recording ({"printer-017": path}), for many devices.
        `options`: more snmpsim-command-responder options, e.g. an SNMP v3 user (--v3-user, --v3-auth-key, …)."""
        import os
        import pathlib
        import shutil
        import tempfile

        self.root = pathlib.Path(tempfile.mkdtemp(prefix="snmpsim-"))
        self.data_dir = self.root / "data"
        self.data_dir.mkdir()
        (self.root / "cache").mkdir()
        for recording in recordings:
            shutil.copy(recording, self.data_dir / pathlib.Path(recording).name)
        for community, recording in (copies or {}).items():
            shutil.copy(recording, self.data_dir / f"{community}.snmprec")
        os.chmod(self.root, 0o755)
        os.chmod(self.data_dir, 0o755)
        os.chmod(self.root / "cache", 0o777)
        for copied in self.data_dir.iterdir():
            os.chmod(copied, 0o644)
        self.port = free_udp_port()
        self.process = None
        self.log_path = self.root / "snmpsim.log"
        self.options = list(options or [])

    def __enter__(self) -> SnmpSimulator:
        import os
        import subprocess
        import sys
        import time

        command = [
            sys.executable,
            "-c",
            RESPONDER,
            f"--data-dir={self.data_dir}",
            f"--agent-udpv4-endpoint=127.0.0.1:{self.port}",
            f"--cache-dir={self.root / 'cache'}",
            *self.options,
        ]
        if os.geteuid() == 0:
            command += ["--process-user=nobody", "--process-group=nogroup"]
        self._log = open(self.log_path, "w")  # noqa: SIM115 — closed in __exit__
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120  # it indexes every recording before it answers
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.close()
                raise RuntimeError(f"snmpsim exited: {self.log_path.read_text()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("snmpsim did not start answering within 120 s")

    def _answers(self) -> bool:
        from backoffice.equipment.snmp import Target, read_device

        community = next(self.data_dir.glob("*.snmprec")).stem
        return read_device(Target(key=0, host="127.0.0.1", port=self.port, community=community), timeout=1).ok

    def __exit__(self, *exc) -> None:
        import shutil
        import subprocess

        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)


# After dropping to nobody the responder cannot read a Python installed under /root: import what it loads lazily first.
RESPONDER = (
    "import sys, codecs, dbm, dbm.dumb, encodings.latin_1, encodings.ascii, encodings.utf_8, encodings.hex_codec\n"
    "from snmpsim.commands.responder import main\n"
    "sys.argv[0] = 'snmpsim-command-responder'\n"
    "sys.exit(main())"
)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    """A real IMAP server (Debian's dovecot-imapd) on loopback, with its mail, state and config in a temp dir.

    Every user logs in with `password`; mail lives in Maildirs under the temp dir. Start it with `with Dovecot()`.
    """

    password = "tajne-heslo"
    mail_owner = "dovecot"  # Dovecot refuses to give mail to root; its own system user exists wherever it is installed

    def __init__(self):
        import tempfile

        self.port = free_port()
        self.root = tempfile.mkdtemp(prefix="dovecot-")
        self.process = None

    def _config(self) -> str:
        return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{self.root}/mail/%u
mail_uid = {self.mail_owner}
mail_gid = {self.mail_owner}
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
passdb {{
  driver = static
  args = password={self.password}
}}
userdb {{
  driver = static
  args = uid={self.mail_owner} gid={self.mail_owner} home={self.root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

    def __enter__(self) -> Dovecot:
        import os
        import shutil
        import subprocess
        import time

        for sub in ("run", "state", "mail", "home"):
            os.makedirs(f"{self.root}/{sub}", exist_ok=True)
        shutil.chown(f"{self.root}/mail", self.mail_owner, self.mail_owner)
        shutil.chown(f"{self.root}/home", self.mail_owner, self.mail_owner)
        os.chmod(self.root, 0o755)
        config = f"{self.root}/dovecot.conf"
        with open(config, "w") as handle:
            handle.write(self._config())
        self.process = subprocess.Popen(
            ["dovecot", "-F", "-c", config], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self.process.stderr.read().decode()} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def __exit__(self, *exc) -> None:
        import shutil

        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:  # noqa: BLE001
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        try:
            with open(f"{self.root}/dovecot.log") as handle:
                return handle.read()[-3000:]
        except OSError:
            return ""

    def client(self, user: str):
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(user, self.password)
        return client

    def append(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        """Put mail into a user's mailbox the way a mail server would: IMAP APPEND."""
        client = self.client(user)
        try:
            for raw in messages:
                client.append(folder, raw)
        finally:
            client.logout()


class TcpProxy:
    """A loopback TCP relay to a real server that a test can cut and restore: the server "goes away" for the
    program under test (open connections drop, new ones are refused) and comes back on the same port."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):  # shutdown wakes the thread blocked in accept(), frees the port
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update({client, server})
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
