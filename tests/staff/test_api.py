"""The API: bad input answers 422 naming the field and writes nothing; lists keep a constant query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.core.roles import BACK_OFFICE, HR
from backoffice.staff import services
from backoffice.staff.models import AssetReturn, Enrolment, Offboarding, TrainingSession
from tests.builders import days, make_employee
from tests.staff.builders import make_course, make_laptop, make_session

pytestmark = pytest.mark.django_db


def _post(api, path, body):
    return api.post(path, data=body, content_type="application/json")


def test_overlapping_session_over_the_api(api_for):
    api = api_for(BACK_OFFICE)
    trainer = make_employee()
    course = make_course()
    body = {
        "course_id": course.pk,
        "trainer_id": trainer.pk,
        "place": "A",
        "starts_at": "2030-05-01T09:00:00+02:00",
        "ends_at": "2030-05-01T12:00:00+02:00",
    }
    assert _post(api, "/api/v1/staff/sessions", body).status_code == 201
    clash = _post(
        api,
        "/api/v1/staff/sessions",
        {**body, "starts_at": "2030-05-01T11:00:00+02:00", "ends_at": "2030-05-01T13:00:00+02:00"},
    )
    assert clash.status_code == 422 and "trainer" in clash.json()["fields"]
    assert TrainingSession.objects.count() == 1


def test_full_session_over_the_api(api_for):
    api = api_for(BACK_OFFICE)
    session = make_session(make_course(), capacity=1)
    assert (
        _post(api, f"/api/v1/staff/sessions/{session.pk}/enrolments", {"employee_id": make_employee().pk}).status_code
        == 201
    )
    full = _post(api, f"/api/v1/staff/sessions/{session.pk}/enrolments", {"employee_id": make_employee().pk})
    assert full.status_code == 422 and "capacity 1" in full.json()["fields"]["employee"][0]
    assert Enrolment.objects.count() == 1


def test_unknown_employee_is_a_field_error(api_for):
    response = _post(api_for(HR), "/api/v1/staff/onboardings", {"employee_id": 999999})
    assert response.status_code == 422 and "employee_id" in response.json()["fields"]


def test_offboarding_bad_last_day_and_double_return(api_for):
    api = api_for(HR)
    boss = make_employee()
    person = make_employee(manager=boss, start_date=dt.date(2024, 3, 1))
    early = _post(
        api, "/api/v1/staff/offboardings", {"employee_id": person.pk, "reason": "agreement", "last_day": "2024-02-28"}
    )
    assert early.status_code == 422 and "last_day" in early.json()["fields"]
    notice = _post(
        api,
        "/api/v1/staff/offboardings",
        {
            "employee_id": person.pk,
            "reason": "resignation",
            "notice_delivered_on": "2026-03-15",
            "last_day": "2026-04-30",
        },
    )
    assert notice.status_code == 422 and "2026" in notice.json()["fields"]["last_day"][0]
    assert not Offboarding.objects.exists()
    laptop = make_laptop(assignee=person)
    created = _post(
        api,
        "/api/v1/staff/offboardings",
        {"employee_id": person.pk, "reason": "agreement", "last_day": days(30).isoformat()},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["outstanding_asset_ids"] == [laptop.pk] and body["handover_to_id"] == boss.pk
    path = f"/api/v1/staff/offboardings/{body['id']}/returns"
    assert _post(api, path, {"asset_id": laptop.pk}).status_code == 201
    twice = _post(api, path, {"asset_id": laptop.pk})
    assert twice.status_code == 422 and "already returned" in twice.json()["fields"]["asset"][0]
    assert AssetReturn.objects.count() == 1


def test_matrix_api_query_count_does_not_grow(api_for):
    api = api_for(HR)
    course = make_course()
    services.course_require(actor=None, course=course)
    counts = []
    for _ in range(2):
        for _ in range(5):
            person = make_employee()
            services.certificate_record(actor=None, employee=person, course=course, issued_on=days(-10))
        api.get("/api/v1/staff/matrix")
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/staff/matrix")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    row = response.json()["items"][0]
    assert row["cells"][0]["standing"] in ("valid", "missing")


def test_attendance_over_the_api_issues_certificates(api_for):
    api = api_for(BACK_OFFICE)
    session = make_session(make_course(), start=timezone.now() - dt.timedelta(hours=4))
    person = make_employee()
    services.enrol(actor=None, session=session, employee=person)
    response = _post(api, f"/api/v1/staff/sessions/{session.pk}/attendance", {"attended": [person.pk]})
    assert response.status_code == 200 and response.json()[0]["employee_id"] == person.pk
    stranger = _post(api, f"/api/v1/staff/sessions/{session.pk}/attendance", {"attended": [make_employee().pk]})
    assert stranger.status_code == 422 and "attended" in stranger.json()["fields"]
