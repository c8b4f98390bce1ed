"""Attendees' answers to invitations (iTIP METHOD:REPLY): uploaded, through the API, or arriving by e-mail in a
front-desk mailbox of a real Dovecot; matched by UID and attendee, SEQUENCE respected, audited, shown."""

from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.roles import BACK_OFFICE, HR
from backoffice.meetings import services
from backoffice.meetings.choices import ResponseSource
from backoffice.meetings.models import MeetingResponse
from tests.builders import make_employee, make_user
from tests.conftest import need_program
from tests.meetings.builders import at, book, reply_to

pytestmark = pytest.mark.django_db
GUEST = "jan.novak@example.com"


@pytest.fixture
def meeting():
    director = make_employee(first_name="Hana", last_name="Dvořáková", email="hana@firma.cz")
    colleague = make_employee(first_name="Petr", last_name="Svoboda", email="petr@firma.cz")
    return book([director, colleague], at(2027, 3, 30, 10), title="Pohovor", guests=[("Jan Novák", GUEST)])


def answer(meeting, email):
    return MeetingResponse.objects.filter(meeting=meeting, email=email).first()


def test_an_answer_is_recorded_changed_by_a_newer_one_and_audited(meeting):
    [outcome] = services.meeting_reply_import(actor=None, data=reply_to(meeting, GUEST, "ACCEPTED"))
    assert outcome.applied and answer(meeting, GUEST).status == "ACCEPTED"
    assert answer(meeting, GUEST).source == ResponseSource.UPLOAD and answer(meeting, GUEST).name == "Jan Novák"
    later = reply_to(meeting, GUEST, "DECLINED", stamp="20270102T080000Z")
    services.meeting_reply_import(actor=None, data=later)
    assert answer(meeting, GUEST).status == "DECLINED"
    older = reply_to(meeting, GUEST, "TENTATIVE", stamp="20270101T130000Z")  # sent before the decline
    [outcome] = services.meeting_reply_import(actor=None, data=older)
    assert not outcome.applied and "newer" in outcome.note and answer(meeting, GUEST).status == "DECLINED"
    trail = AuditEntry.objects.filter(content_type__model="meetingresponse").order_by("id")
    assert [e.action for e in trail] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    assert trail[1].after["status"] == "DECLINED"


def test_a_reply_to_the_old_time_does_not_count_after_rescheduling(meeting):
    old_reply = reply_to(meeting, "petr@firma.cz", "ACCEPTED")  # SEQUENCE 0
    services.meeting_reschedule(actor=None, meeting=meeting, start=at(2027, 3, 31, 10), end=at(2027, 3, 31, 11))
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    [outcome] = services.meeting_reply_import(actor=None, data=old_reply)
    assert not outcome.applied and "older" in outcome.note and answer(meeting, "petr@firma.cz") is None
    [outcome] = services.meeting_reply_import(actor=None, data=reply_to(meeting, "petr@firma.cz", "TENTATIVE"))
    assert outcome.applied and answer(meeting, "petr@firma.cz").sequence == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"this is not a calendar", "not an iCalendar"),
        (b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "METHOD:REPLY"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(meeting, data, message):
    with pytest.raises(InvalidInput) as caught:
        services.meeting_reply_import(actor=None, data=data)
    assert message in caught.value.fields["file"][0]
    assert not MeetingResponse.objects.exists()


def test_strangers_unknown_meetings_and_odd_answers_are_refused_and_nothing_is_written(meeting):
    stranger = reply_to(meeting, GUEST, "ACCEPTED").replace(GUEST.encode(), b"someone@else.com")
    with pytest.raises(InvalidInput) as caught:
        services.meeting_reply_import(actor=None, data=stranger)
    assert "someone@else.com is not invited" in caught.value.fields["file"][0]
    unknown = reply_to(meeting, GUEST, "ACCEPTED").replace(meeting.uid.encode(), b"nobody@elsewhere")
    with pytest.raises(InvalidInput) as caught:
        services.meeting_reply_import(actor=None, data=unknown)
    assert "UID" in caught.value.fields["file"][0]
    with pytest.raises(InvalidInput) as caught:
        services.meeting_reply_import(actor=None, data=reply_to(meeting, GUEST, "DELEGATED"))
    assert "DELEGATED" in caught.value.fields["file"][0]
    with pytest.raises(InvalidInput):  # by e-mail, only one's own answer counts
        services.meeting_reply_import(actor=None, data=reply_to(meeting, GUEST, "DECLINED"), sender="x@spam.com")
    assert not MeetingResponse.objects.exists()


def test_only_who_manages_the_meeting_records_answers(meeting):
    with pytest.raises(NotAllowed):
        services.meeting_reply_import(actor=make_user(BACK_OFFICE), data=reply_to(meeting, GUEST, "ACCEPTED"))
    assert not MeetingResponse.objects.exists()


def test_upload_on_the_meeting_page_and_the_answers_shown(client_for, meeting):
    hr = client_for(HR)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    page = hr.get(url).content.decode()
    assert "no answer yet" in page and "Record an answer" in page
    upload = SimpleUploadedFile("reply.ics", reply_to(meeting, GUEST, "TENTATIVE"), "text/calendar")
    response = hr.post(reverse("meetings:meeting_reply_upload", args=[meeting.pk]), {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{GUEST}: maybe." in page and 'data-testid="answers"' in page
    other = book([make_employee(email="x@firma.cz")], at(2027, 4, 1, 9), guests=[("Eva", "eva@example.com")])
    upload = SimpleUploadedFile("reply.ics", reply_to(other, "eva@example.com", "ACCEPTED"), "text/calendar")
    response = hr.post(reverse("meetings:meeting_reply_upload", args=[meeting.pk]), {"file": upload}, follow=True)
    assert "another meeting" in response.content.decode() and answer(other, "eva@example.com") is None
    denied = client_for(BACK_OFFICE).post(
        reverse("meetings:meeting_reply_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile("reply.ics", reply_to(meeting, GUEST, "DECLINED"), "text/calendar")},
    )
    assert denied.status_code in (403, 404) and answer(meeting, GUEST).status == "TENTATIVE"


def test_api_records_and_lists_answers(api_for, meeting):
    api = api_for(HR)
    url = f"/api/v1/meetings/meetings/{meeting.pk}"
    body = {"ics": reply_to(meeting, "hana@firma.cz", "ACCEPTED").decode()}
    [outcome] = api.post(f"{url}/replies", body, content_type="application/json").json()
    assert outcome == {"meeting_id": meeting.pk, "email": "hana@firma.cz", "status": "ACCEPTED", "applied": True,
                       "note": ""}  # fmt: skip
    answers = {a["email"]: a for a in api.get(f"{url}/answers").json()}
    assert answers["hana@firma.cz"]["status"] == "ACCEPTED" and answers[GUEST]["status"] is None
    bad = api.post(f"{url}/replies", {"ics": "garbage"}, content_type="application/json")
    assert bad.status_code == 422 and "file" in bad.content.decode()
    assert api_for(BACK_OFFICE).post(f"{url}/replies", body, content_type="application/json").status_code == 404


def _reply_mail(meeting, sender: str, status: str) -> bytes:
    message = MIMEMultipart("alternative")
    message["From"] = sender
    message["To"] = "recepce@firma.cz"
    message["Subject"] = f"Přijato: {meeting.title}"
    message["Message-ID"] = f"<reply-{status}@example.com>"
    message.attach(MIMEText("Jan Novák přijal pozvání.", "plain", "utf-8"))
    calendar = MIMEText(reply_to(meeting, GUEST, status).decode(), "calendar", "utf-8")
    calendar.set_param("method", "REPLY")
    message.attach(calendar)
    return message.as_bytes()


def test_a_reply_arriving_in_a_front_desk_mailbox_is_recorded(meeting, settings, tmp_path):
    need_program("dovecot", "apt-get install dovecot-imapd")
    from backoffice.core.records import create_record
    from backoffice.frontdesk import inbox
    from backoffice.frontdesk.models import Mailbox, MailMessage
    from tests.peers import Dovecot

    settings.MEDIA_ROOT = tmp_path / "files"
    with Dovecot() as dovecot:
        mailbox = create_record(
            Mailbox, name="Recepce", address="recepce@firma.cz", host="127.0.0.1", port=dovecot.port, use_ssl=False,
            username="recepce", password=dovecot.password,
        )  # fmt: skip
        dovecot.append("recepce", _reply_mail(meeting, f"Jan Novák <{GUEST}>", "ACCEPTED"))
        dovecot.append("recepce", _reply_mail(meeting, "Podvodník <x@spam.com>", "DECLINED"))  # not his answer
        assert inbox.sync_mailbox(mailbox).fetched == 2
    recorded = answer(meeting, GUEST)
    assert recorded.status == "ACCEPTED" and recorded.source == ResponseSource.EMAIL
    assert MailMessage.objects.filter(mailbox=mailbox).count() == 2  # both stay in the inbox as messages
