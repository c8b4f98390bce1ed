"""Front-desk fixtures: a colleague who is away and the one who covers, a PBX secret, the IMAP server."""

from __future__ import annotations

import pytest

from backoffice.core.roles import BACK_OFFICE
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from tests.builders import days, make_employee, make_user
from tests.conftest import need_program

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
