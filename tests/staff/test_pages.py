"""The pages: forms show the service's error next to the field and save nothing; detail pages and the matrix."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.staff import services
from backoffice.staff.choices import TaskKind
from backoffice.staff.models import Certificate, DisciplinaryRecord, Enrolment, Offboarding, Onboarding
from tests.builders import days, make_employee, make_user
from tests.staff.builders import make_course, make_laptop, make_session, make_template, pdf_scan

pytestmark = pytest.mark.django_db


def test_start_onboarding_and_complete_the_hand_over_in_pages(client_for):
    client = client_for(BACK_OFFICE)
    it = make_user(BACK_OFFICE).employee
    make_template(owner=it)
    hire = make_employee(manager=it, start_date=days(2))
    response = client.post("/staff/onboarding/new/", {"employee": hire.pk})
    onboarding = Onboarding.objects.get(employee=hire)
    assert response.status_code == 302 and response["Location"].endswith(f"/onboarding/{onboarding.pk}/")
    again = client.post("/staff/onboarding/new/", {"employee": hire.pk})
    assert "already in progress" in again.content.decode()
    laptop = make_laptop()
    task = onboarding.tasks.get(kind=TaskKind.EQUIPMENT)
    page = client.post(f"/staff/onboarding/tasks/{task.pk}/done/", {"asset": ""}, follow=True)
    assert "Choose the asset handed over." in page.content.decode()
    client.post(f"/staff/onboarding/tasks/{task.pk}/done/", {"asset": laptop.pk})
    laptop.refresh_from_db()
    assert laptop.assignee == hire
    detail = client.get(f"/staff/onboarding/{onboarding.pk}/")
    assert "1 / 3" in detail.content.decode()
    history = client_for(HR).get(f"/staff/onboarding/{onboarding.pk}/?tab=history")
    assert history.status_code == 200


def test_session_form_refuses_overlap_next_to_the_trainer(client_for):
    trainer = make_employee()
    course = make_course()
    start = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    make_session(course, trainer=trainer, start=start, hours=3)
    response = client_for(BACK_OFFICE).post(
        "/staff/training/sessions/new/",
        {
            "course": course.pk,
            "starts_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "trainer": trainer.pk,
            "place": "B",
            "capacity": 5,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["trainer"][0].startswith(trainer.full_name)


def test_enrol_over_capacity_in_pages(client_for):
    session = make_session(make_course(), capacity=1)
    client = client_for(BACK_OFFICE)
    client.post(f"/staff/training/sessions/{session.pk}/", {"employee": make_employee().pk})
    response = client.post(f"/staff/training/sessions/{session.pk}/", {"employee": make_employee().pk})
    assert "The session is full (capacity 1)." in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_certificate_upload_then_download(client_for):
    import io

    client = client_for(BACK_OFFICE)
    person, course = make_employee(), make_course()
    bad = io.BytesIO(b"not a pdf at all")
    bad.name = "scan.pdf"
    response = client.post(
        "/staff/training/certificates/new/",
        {"employee": person.pk, "course": course.pk, "issued_on": "2026-01-05", "document": bad},
    )
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    assert not Certificate.objects.exists()
    good = io.BytesIO(pdf_scan())
    good.name = "scan.pdf"
    client.post(
        "/staff/training/certificates/new/",
        {"employee": person.pk, "course": course.pk, "issued_on": "2026-01-05", "document": good},
    )
    certificate = Certificate.objects.get()
    assert certificate.valid_until == dt.date(2028, 1, 5)
    assert b"".join(client.get(f"/staff/training/certificates/{certificate.pk}/file/").streaming_content).startswith(
        b"%PDF"
    )


def test_generated_certificate_for_the_holder_only(client_for):
    holder = make_user(EMPLOYEE)
    certificate = services.certificate_record(
        actor=None, employee=holder.employee, course=make_course(), issued_on=days(-3)
    )
    from django.test import Client

    own = Client()
    own.force_login(holder)
    assert own.get(f"/staff/training/certificates/{certificate.pk}/file/").content.startswith(b"%PDF")
    assert client_for(EMPLOYEE).get(f"/staff/training/certificates/{certificate.pk}/file/").status_code == 404


def test_discipline_form_names_the_field(client_for):
    response = client_for(HR).post(
        "/staff/discipline/new/",
        {"employee": make_employee().pk, "kind": "written", "incident_date": days(2).isoformat(), "description": "x"},
    )
    assert response.context["form"].errors["incident_date"]
    assert not DisciplinaryRecord.objects.exists()


def test_offboarding_form_last_day_before_start(client_for):
    person = make_employee(manager=make_employee(), start_date=dt.date(2025, 6, 1))
    response = client_for(HR).post(
        "/staff/offboarding/new/", {"employee": person.pk, "reason": "agreement", "last_day": "2025-05-31"}
    )
    assert "cannot be before the start date" in response.context["form"].errors["last_day"][0]
    assert not Offboarding.objects.exists()


def test_matrix_page_queries_do_not_grow_with_people(client_for):
    client = client_for(HR)
    for code in ("BOZP", "PO"):
        services.course_require(actor=None, course=make_course(code))
    counts = []
    for _ in range(2):
        for _ in range(10):
            make_employee()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/staff/training/matrix/")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "BOZP" in response.content.decode()
    filtered = client.get("/staff/training/matrix/?standing=missing")
    assert filtered.status_code == 200 and "missing" in filtered.content.decode()
