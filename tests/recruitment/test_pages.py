"""The recruitment pages as HR and an assigned interviewer use them; the public careers form."""

import datetime as dt

import pytest
from django.urls import reverse

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import HR, INTERVIEWER
from backoffice.people.selectors import employee_of
from backoffice.recruitment import services
from backoffice.recruitment.choices import IntakeFileStatus, Source, Stage
from backoffice.recruitment.models import Application, Candidate, IntakeBatch
from backoffice.recruitment.samples import resume_docx, resume_pdf
from tests.builders import make_user
from tests.recruitment.builders import accountant_resume, make_application, make_position, next_weekday_at

pytestmark = pytest.mark.django_db


def test_ranking_page_explains_scores_flags_missing_must_haves_and_shortlists(client):
    client.force_login(make_user(HR))
    position = make_position()
    good = make_application(position, name="Dobrá Účetní")
    weak = make_application(position, name="Jen Skladník", text="Jen Skladník\nskladník, VZV, Pohoda\n2010 - 2020")
    page = client.get(reverse("recruitment:position_ranking", args=[position.pk])).content.decode()
    assert page.index("Dobrá Účetní") < page.index("Jen Skladník")
    assert "Accounting" in page and 'data-testid="missing-must"' in page
    response = client.post(reverse("recruitment:application_shortlist", args=[weak.pk]))
    assert response.status_code == 302
    weak.refresh_from_db()
    assert weak.stage == Stage.SHORTLISTED
    good.refresh_from_db()
    assert good.stage == Stage.NEW  # nothing is decided automatically


def test_an_assigned_interviewer_sees_that_application_only_and_gives_feedback(client):
    user = make_user(INTERVIEWER)
    position = make_position()
    mine = make_application(position)
    other = make_application(position)
    start = next_weekday_at(10)
    interview = services.interview_schedule(
        actor=None, application=mine, interviewers=[employee_of(user)], start=start, end=start + dt.timedelta(hours=1)
    )
    client.force_login(user)
    assert client.get(reverse("recruitment:application_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("recruitment:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("recruitment:resume_download", args=[other.resume_id])).status_code == 404
    assert client.get(reverse("recruitment:resume_download", args=[mine.resume_id])).status_code == 200
    assert client.get(reverse("recruitment:candidate_detail", args=[mine.candidate_id])).status_code == 404
    requirements = services.feedback_requirements(position)
    data = {f"score_{i}": "4" for i in range(len(requirements))} | {"recommendation": "hire", "comment": "Dobrá"}
    response = client.post(reverse("recruitment:feedback", args=[interview.pk]), data)
    assert response.status_code == 302
    assert mine.interviews.get().feedback.get().scores == dict.fromkeys(requirements, 4)


def test_hr_logs_a_call_and_sees_it_on_the_application(client):
    client.force_login(make_user(HR))
    application = make_application()
    client.post(
        reverse("recruitment:application_call", args=[application.pk]), {"direction": "out", "purpose": "Pozvánka"}
    )
    page = client.get(reverse("recruitment:application_detail", args=[application.pk])).content.decode()
    assert "Pozvánka" in page


def test_front_desk_lookup_shows_candidates_to_hr_only():
    from backoffice.core.contacts import who_is
    from backoffice.core.roles import BACK_OFFICE

    application = make_application()
    number = application.candidate.phone_e164
    assert [c.name for c in who_is(number, make_user(HR))] == [application.candidate.name]
    assert who_is(number, make_user(BACK_OFFICE)) == []


def test_bulk_intake_creates_candidates_and_reports_bad_files_without_stopping(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(HR))
    position = make_position()
    files = [
        ("a.pdf", resume_pdf(accountant_resume(1))),
        ("b.docx", resume_docx(accountant_resume(2))),
        ("virus.pdf", b"MZ\x90\x00" + b"\0" * 400),
        ("c.txt", accountant_resume(3).encode()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruitment:intake_create", args=[position.pk]),
            {"files": [_upload(name, data) for name, data in files]},
        )
    assert response.status_code == 302
    batch = IntakeBatch.objects.get()
    assert (batch.processed, batch.total, batch.status) == (4, 4, "done")
    statuses = dict(batch.files.values_list("filename", "status"))
    assert statuses == {
        "a.pdf": IntakeFileStatus.CREATED,
        "b.docx": IntakeFileStatus.CREATED,
        "virus.pdf": IntakeFileStatus.REFUSED,
        "c.txt": IntakeFileStatus.CREATED,
    }
    assert set(Candidate.objects.values_list("email", flat=True)) == {
        "jana1@example.cz", "jana2@example.cz", "jana3@example.cz"
    }  # fmt: skip
    assert Application.objects.filter(source=Source.BULK).count() == 3
    progress = client.get(reverse("recruitment:intake_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in progress.content.decode()  # finished: the page stops polling


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _apply(client, position, **values):
    data = {
        "name": "Eva Veřejná",
        "email": "eva@example.cz",
        "phone": "777 999 111",
        "consent": "on",
        "resume": _upload("cv.txt", accountant_resume(9).encode()),
    } | values
    return client.post(reverse("careers:apply", args=[position.pk]), data)


def test_careers_application_sends_a_confirmation_and_keeps_the_consent(client):
    position = make_position()
    response = _apply(client, position, keep_for_future="on")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source == Source.CAREERS
    assert application.candidate.consent_at is not None and application.candidate.keep_for_future
    message = OutboxMessage.objects.get()
    assert message.to == ["eva@example.cz"] and position.title in message.subject


def test_careers_honeypot_and_rate_limit_and_bad_files(client, settings):
    position = make_position()
    assert _apply(client, position, website="http://spam.example").status_code == 302
    assert not Application.objects.exists()
    bad = _apply(client, position, resume=_upload("cv.pdf", b"MZ\x90\x00" + b"\0" * 400))
    assert bad.status_code == 422 and "not a PDF" in bad.content.decode()
    assert not Candidate.objects.exists()
    for n in range(services.CAREERS_PER_HOUR - 1):
        _apply(client, position, email=f"e{n}@example.cz", phone="")
    limited = _apply(client, position, email="last@example.cz", phone="")
    assert limited.status_code == 429
    assert not Candidate.objects.filter(email="last@example.cz").exists()


def test_closed_positions_are_not_on_the_careers_page(client):
    open_position = make_position(title="Skladník")
    closed = make_position(title="Archivář", status="closed")
    page = client.get(reverse("careers:position_list")).content.decode()
    assert open_position.title in page and closed.title not in page
    assert client.get(reverse("careers:apply", args=[closed.pk])).status_code == 404


def test_position_form_saves_requirements_and_history(client):
    client.force_login(make_user(HR))
    response = client.post(
        reverse("recruitment:position_create"),
        {
            "title": "Skladník",
            "status": "open",
            "headcount": 1,
            "min_years": "1",
            "skills_text": "Warehouse; 5; must\nVZV; 3",
            "languages_text": "English; XX",
        },
    )
    assert response.status_code == 200 and "CEFR" in response.content.decode()
    response = client.post(
        reverse("recruitment:position_create"),
        {
            "title": "Skladník",
            "status": "open",
            "headcount": 1,
            "min_years": "1",
            "skills_text": "Warehouse; 5; must\nVZV; 3",
        },
    )
    assert response.status_code == 302
    from backoffice.recruitment.models import Position

    position = Position.objects.get()
    assert [(s.name, s.weight, s.must_have) for s in position.skills.all()] == [
        ("Warehouse", 5, True),
        ("VZV", 3, False),
    ]
    history = client.get(reverse("recruitment:position_detail", args=[position.pk]) + "?tab=history")
    assert history.status_code == 200
