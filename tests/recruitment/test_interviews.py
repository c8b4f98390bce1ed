"""Self-scheduling through the meetings module, the API, and query counts of the lists."""

import base64
import datetime as dt

import pytest
from django.urls import reverse

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import HR, INTERVIEWER
from backoffice.meetings import services as meetings
from backoffice.meetings.slots import best_slots
from backoffice.people.selectors import employee_of
from backoffice.recruitment import services
from backoffice.recruitment.choices import Stage
from backoffice.recruitment.samples import resume_pdf
from tests.builders import make_user
from tests.meetings.builders import reply_to
from tests.recruitment.builders import accountant_resume, make_application, make_position, next_weekday_at

pytestmark = pytest.mark.django_db


def test_the_candidate_picks_an_offered_slot_and_the_interview_points_at_the_meeting(
    django_capture_on_commit_callbacks, client_for
):
    hr = make_user(HR)
    interviewer = employee_of(make_user(INTERVIEWER))
    application = make_application()
    day = next_weekday_at(9).date()
    slots = best_slots(
        participants=[interviewer], duration=dt.timedelta(hours=1), start=day, end=day + dt.timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.interview_offer_slots(
            actor=hr, application=application, interviewers=[interviewer], slots=slots, duration=dt.timedelta(hours=1)
        )
    assert interview.booked_meeting is None
    assert any(application.candidate.email in m.to for m in OutboxMessage.objects.all())  # the private link
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meetings.slot_offer_pick(offer=interview.slot_offer, start=slots[0].start)
    interview.refresh_from_db()
    assert interview.meeting == meeting and interview.booked_meeting == meeting
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    page = client_for(HR).get(reverse("recruitment:application_detail", args=[application.pk])).content.decode()
    assert "No answers to the invitation yet." in page
    meetings.meeting_reply_import(actor=None, data=reply_to(meeting, application.candidate.email, "ACCEPTED"))
    page = client_for(HR).get(reverse("recruitment:application_detail", args=[application.pk])).content.decode()
    assert f"{application.candidate.name}: accepted" in page  # the candidate's answer on the interview


def test_api_application_with_a_pdf_resume_then_ranking_with_explanations(api_for):
    api = api_for(HR)
    position = make_position()
    body = {
        "resume_filename": "cv.pdf",
        "resume_base64": base64.b64encode(resume_pdf(accountant_resume(7))).decode(),
        "consent": True,
    }
    created = api.post(
        f"/api/v1/recruitment/positions/{position.pk}/applications", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["candidate"]["email"] == "jana7@example.cz"
    bad = api.post(
        f"/api/v1/recruitment/positions/{position.pk}/applications",
        {"resume_filename": "cv.pdf", "resume_base64": base64.b64encode(b"MZ" + b"\0" * 300).decode()},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "resume" in bad.json()["fields"]
    ranking = api.get(f"/api/v1/recruitment/positions/{position.pk}/ranking").json()
    assert ranking[0]["findings"][0]["name"] == "Accounting" and ranking[0]["findings"][0]["matched"]


def test_list_endpoints_do_not_grow_queries_with_rows(api_for, django_assert_max_num_queries):
    api = api_for(HR)
    position = make_position()
    for _ in range(3):
        make_application(position)
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/recruitment/applications").status_code == 200
    for _ in range(10):
        make_application(position)
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/recruitment/applications").json()["items"]) == 13
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/recruitment/positions").status_code == 200
