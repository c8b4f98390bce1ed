"""Front-desk fixtures: a colleague who is away and the one who covers, a PBX secret, the IMAP server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from backoffice.core.roles import BACK_OFFICE
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from tests.builders import days, make_employee, make_user
from tests.conftest import need, need_program
from tests.peers import free_port

PBX_SECRET = "sdilene-tajemstvi-ustredny"


class Office:
    """Reception, an absent colleague with a substitute, and a bystander who must see nothing."""

    def __init__(self):
        self.reception = make_user(BACK_OFFICE, first_name="Tereza", last_name="Kučerová")
        self.absent_user = make_user(None, first_name="Pavel", last_name="Novák", phone_extension="201")
        self.absent = self.absent_user.employee
        self.substitute_user = make_user(None, first_name="Kateřina", last_name="Pokorná", phone_extension="202")
        self.substitute = self.substitute_user.employee
        self.bystander_user = make_user(None, first_name="Roman", last_name="Zeman", phone_extension="203")
        self.bystander = self.bystander_user.employee
        people.absence_record(
            actor=None, employee=self.absent, kind=AbsenceKind.VACATION, start_date=days(-1), end_date=days(5)
        )
        people.substitution_create(
            actor=None,
            absent=self.absent,
            substitute=self.substitute,
            area=Area.FRONTDESK,
            start_date=days(-1),
            end_date=days(5),
        )


@pytest.fixture
def office(db):
    return Office()


@pytest.fixture
def pbx_secret(settings):
    settings.FRONTDESK_PBX_SECRET = PBX_SECRET
    settings.FRONTDESK_PBX_REPLAY_SECONDS = 300
    return PBX_SECRET


@pytest.fixture
def colleague(db):
    return make_employee(first_name="Jiří", last_name="Černý", phone_extension="301")


@pytest.fixture
def dovecot():
    need_program("dovecot", "apt-get install dovecot-imapd")
    from tests.peers import Dovecot

    with Dovecot() as server:
        yield server


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


class HylaFax:
    """A real HylaFAX server on loopback: hfaxd (the protocol sendfax speaks) and faxq (the scheduler), in a spool
    of their own. There is no modem, so accepted jobs wait in the send queue: the client-side transport is what is
    tested, not the dialling."""

    def __init__(self):
        self.port = free_port()
        self.spool = Path(tempfile.mkdtemp(prefix="hylafax-"))
        self.spool.chmod(0o755)
        shutil.copytree("/var/spool/hylafax", self.spool, dirs_exist_ok=True, symlinks=True)
        shutil.copytree("/etc/hylafax", self.spool / "etc", dirs_exist_ok=True, symlinks=True)
        (self.spool / "etc" / "hosts.hfaxd").write_text("127.0.0.1\n")  # loopback may submit without a password
        (self.spool / "etc" / "hosts.hfaxd").chmod(0o600)
        self.processes = []

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> HylaFax:
        shutil.chown(self.spool, "uucp", "uucp")
        for path in self.spool.rglob("*"):
            if not path.is_symlink():
                shutil.chown(path, "uucp", "uucp")
        self.processes = [
            subprocess.Popen(["faxq", "-D", "-q", str(self.spool)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE),
            subprocess.Popen(
                ["hfaxd", "-d", "-q", str(self.spool), "-l", "127.0.0.1", "-i", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            ),
        ]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("hfaxd did not start listening")

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.spool, ignore_errors=True)

    def jobs(self) -> dict[str, str]:
        """The send queue as the server keeps it: job id → its q-file (key:value lines)."""
        return {path.name[1:]: path.read_text() for path in (self.spool / "sendq").glob("q*")}


@pytest.fixture
def hylafax(settings):
    for program in ("sendfax", "hfaxd", "faxq"):
        need_program(program, "apt-get install hylafax-client hylafax-server")
    need(os.geteuid() == 0, "HylaFAX's faxq and hfaxd run as the spool's owner (uucp): the tests must run as root")
    with HylaFax() as server:
        settings.FRONTDESK_FAX_TRANSPORT = "hylafax"
        settings.FRONTDESK_HYLAFAX_SERVER = server.server
        yield server
