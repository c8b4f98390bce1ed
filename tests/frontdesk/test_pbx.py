"""The PBX keeps the call log: signed events (forged or expired → 401, nothing stored) and Master.csv imports."""

import json
import time

import pytest

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.frontdesk import pbx
from backoffice.frontdesk.choices import CallOutcome, Direction
from backoffice.frontdesk.models import Call, CallEvent, CallTransfer
from tests.frontdesk.conftest import PBX_SECRET

pytestmark = pytest.mark.django_db
URL = "/api/v1/frontdesk/pbx/events"


def send(client, event: dict, *, secret: str = PBX_SECRET, at: float | None = None, signature: str | None = None):
    body = json.dumps(event).encode()
    timestamp = str(int(at if at is not None else time.time()))
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_X_PBX_TIMESTAMP=timestamp,
        HTTP_X_PBX_SIGNATURE=signature if signature is not None else pbx.sign(secret, timestamp, body),
    )


def event(kind: str, *, call_id="1700000000.1", frm="+420602111222", to="201", at="2026-11-27T09:00:00+01:00"):
    return {"call_id": call_id, "event": kind, "from": frm, "to": to, "timestamp": at}


def test_a_call_rings_is_answered_and_hung_up(client, pbx_secret, office):
    assert send(client, event("ringing")).status_code == 200
    call = Call.objects.get()
    assert call.direction == Direction.INCOMING and call.outcome == CallOutcome.RINGING
    assert call.number_e164 == "+420602111222" and call.for_person == office.absent
    send(client, event("answered", at="2026-11-27T09:00:05+01:00"))
    send(client, event("hungup", at="2026-11-27T09:02:05+01:00"))
    call.refresh_from_db()
    assert call.outcome == CallOutcome.CONNECTED and call.duration_seconds == 120


def test_an_unanswered_call_is_missed_and_a_transfer_is_logged(client, pbx_secret, office):
    send(client, event("ringing", call_id="a"))
    send(client, event("hungup", call_id="a", at="2026-11-27T09:00:30+01:00"))
    assert Call.objects.get(pbx_call_id="a").outcome == CallOutcome.MISSED
    send(client, event("ringing", call_id="b"))
    send(client, event("answered", call_id="b"))
    send(client, event("transferred", call_id="b", to="202", at="2026-11-27T09:01:00+01:00"))
    transfer = CallTransfer.objects.get()
    assert (transfer.from_person, transfer.to_person) == (office.absent, office.substitute)


def test_an_outgoing_call_from_an_extension(client, pbx_secret, office):
    send(client, event("ringing", frm="202", to="0602111222"))
    call = Call.objects.get()
    assert call.direction == Direction.OUTGOING and call.for_person == office.substitute
    assert call.number_e164 == "+420602111222"


def test_the_same_event_twice_changes_nothing(client, pbx_secret, office):
    for _ in range(2):
        assert send(client, event("ringing")).status_code == 200
    assert Call.objects.count() == 1 and CallEvent.objects.count() == 1


@pytest.mark.parametrize(
    "how",
    ["forged signature", "wrong secret", "expired", "from the future", "no timestamp", "body changed"],
)
def test_a_forged_or_expired_request_is_refused_and_nothing_stored(client, pbx_secret, how):
    body = json.dumps(event("ringing")).encode()
    timestamp = str(int(time.time()))
    headers = {"HTTP_X_PBX_TIMESTAMP": timestamp, "HTTP_X_PBX_SIGNATURE": pbx.sign(PBX_SECRET, timestamp, body)}
    if how == "forged signature":
        headers["HTTP_X_PBX_SIGNATURE"] = "0" * 64
    elif how == "wrong secret":
        headers["HTTP_X_PBX_SIGNATURE"] = pbx.sign("guessed", timestamp, body)
    elif how in ("expired", "from the future"):
        shifted = str(int(time.time()) + (-310 if how == "expired" else 310))
        headers = {"HTTP_X_PBX_TIMESTAMP": shifted, "HTTP_X_PBX_SIGNATURE": pbx.sign(PBX_SECRET, shifted, body)}
    elif how == "no timestamp":
        del headers["HTTP_X_PBX_TIMESTAMP"]
    elif how == "body changed":
        body = body.replace(b"ringing", b"hungup")
    response = client.post(URL, data=body, content_type="application/json", **headers)
    assert response.status_code == 401, response.content
    assert response.json()["code"] == "bad_signature"
    assert Call.objects.count() == 0 and CallEvent.objects.count() == 0


def test_without_a_configured_secret_every_request_is_refused(client, settings):
    settings.FRONTDESK_PBX_SECRET = ""
    assert send(client, event("ringing"), secret="").status_code == 401
    assert Call.objects.count() == 0


def test_a_signed_but_malformed_event_is_a_422_naming_the_field(client, pbx_secret):
    response = send(client, {"call_id": "", "event": "exploded", "timestamp": "yesterday"})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"call_id", "event", "timestamp"}
    not_json = b"{nope"
    timestamp = str(int(time.time()))
    response = client.post(
        URL,
        data=not_json,
        content_type="application/json",
        HTTP_X_PBX_TIMESTAMP=timestamp,
        HTTP_X_PBX_SIGNATURE=pbx.sign(PBX_SECRET, timestamp, not_json),
    )
    assert response.status_code == 422 and CallEvent.objects.count() == 0


MASTER_CSV = (
    '"","602111222","201","from-pstn","""Jan Novák"" <602111222>","SIP/trunk-0001","SIP/201-0002","Dial",'
    '"SIP/201","2026-11-26 09:00:00","2026-11-26 09:00:05","2026-11-26 09:02:05",125,120,"ANSWERED",'
    '"DOCUMENTATION","1764144000.1",""\n'
    '"","733444555","202","from-pstn","""Petra"" <733444555>","SIP/trunk-0003","","Dial","SIP/202",'
    '"2026-11-26 10:00:00","","2026-11-26 10:00:30",30,0,"NO ANSWER","DOCUMENTATION","1764147600.2",""\n'
    '"","201","0541222333","from-internal","""Pavel"" <201>","SIP/201-0004","SIP/trunk-0005","Dial",'
    '"SIP/trunk/0541222333","2026-11-26 11:00:00","2026-11-26 11:00:10","2026-11-26 11:05:10",310,300,'
    '"ANSWERED","DOCUMENTATION","1764151200.3",""\n'
    '"broken line"\n'
    '"","602111222","201","x","","","","","","not a date","","",0,0,"ANSWERED","DOCUMENTATION","9.9",""\n'
)


def test_a_master_csv_import_fills_the_log_reports_bad_lines_and_skips_what_it_knows(api_for, office):
    api = api_for(BACK_OFFICE)
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload():
        return api.post("/api/v1/frontdesk/pbx/cdr", {"file": SimpleUploadedFile("Master.csv", MASTER_CSV.encode())})

    report = upload().json()
    assert report["created"] == 3 and report["skipped"] == 0
    assert [e["line"] for e in report["errors"]] == [4, 5]
    answered = Call.objects.get(pbx_call_id="1764144000.1")
    assert answered.caller_name == "Jan Novák" and answered.duration_seconds == 120
    assert answered.for_person == office.absent and answered.number_e164 == "+420602111222"
    assert Call.objects.get(pbx_call_id="1764147600.2").outcome == CallOutcome.MISSED
    outgoing = Call.objects.get(pbx_call_id="1764151200.3")
    assert outgoing.direction == Direction.OUTGOING and outgoing.number_e164 == "+420541222333"
    again = upload().json()
    assert again["created"] == 0 and again["skipped"] == 3
    assert Call.objects.count() == 3
    denied = api_for(EMPLOYEE).post(
        "/api/v1/frontdesk/pbx/cdr", {"file": SimpleUploadedFile("Master.csv", MASTER_CSV.encode())}
    )
    assert denied.status_code == 403 and Call.objects.count() == 3
