"""Candidates, applications and their stages, hiring, interviews and feedback, through the services."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry, OutboxMessage
from backoffice.core.roles import HR, INTERVIEWER
from backoffice.people.models import Employee
from backoffice.people.selectors import employee_of
from backoffice.recruitment import services
from backoffice.recruitment.choices import OfferStatus, Recommendation, Stage
from backoffice.recruitment.models import Application, Candidate, Feedback, Resume, StageChange
from tests.builders import make_user
from tests.recruitment.builders import make_application, make_position, next_weekday_at

pytestmark = pytest.mark.django_db


def test_contact_data_is_read_from_the_resume_and_the_candidate_is_found_again_by_phone():
    first = make_application(name="", email="")
    assert first.candidate.email.startswith("jana")
    assert first.candidate.phone_e164.startswith("+420777100")
    again = services.application_create(
        actor=None,
        position=make_position(),
        name="Jana Ú.",
        phone=first.candidate.phone.replace(" ", ""),
        resume=("cv.txt", ("Jana\n" + "účetnictví " * 5).encode()),
    )
    assert again.candidate == first.candidate
    assert Candidate.objects.count() == 1


def test_the_same_email_in_other_case_is_the_same_candidate():
    first = make_application(email="Petra@Example.cz")
    second = make_application(email="petra@example.CZ")
    assert second.candidate_id == first.candidate_id


def test_applying_twice_for_one_position_is_refused_and_writes_nothing():
    application = make_application()
    files_before = Resume.objects.count()
    with pytest.raises(InvalidInput) as caught:
        make_application(application.position, email=application.candidate.email)
    assert "email" in caught.value.fields
    assert Resume.objects.count() == files_before
    assert Application.objects.count() == 1


def test_a_refused_resume_names_the_field_and_leaves_nothing_behind(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    position = make_position()
    with pytest.raises(InvalidInput) as caught:
        services.application_create(
            actor=None,
            position=position,
            name="X",
            email="x@example.cz",
            resume=("cv.pdf", b"MZ\x90\x00" + b"\x00" * 500),
        )
    assert "resume" in caught.value.fields
    assert not Candidate.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_stages_move_forward_keep_their_history_and_rejection_needs_a_reason():
    hr = make_user(HR)
    application = make_application()
    services.application_move(actor=hr, application=application, stage=Stage.SCREENED)
    services.application_move(actor=hr, application=application, stage=Stage.SHORTLISTED)
    with pytest.raises(InvalidInput) as caught:
        services.application_move(actor=hr, application=application, stage=Stage.NEW)
    assert "stage" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.application_move(actor=hr, application=application, stage=Stage.REJECTED)
    assert "reason" in caught.value.fields
    services.application_move(actor=hr, application=application, stage=Stage.REJECTED, reason="Chybí praxe")
    application.refresh_from_db()
    assert application.rejection_reason == "Chybí praxe"
    assert list(StageChange.objects.filter(application=application).values_list("to_stage", flat=True)) == [
        Stage.NEW, Stage.SCREENED, Stage.SHORTLISTED, Stage.REJECTED
    ]  # fmt: skip
    assert services.allowed_moves(application) == []


def test_other_roles_cannot_move_applications():
    application = make_application()
    with pytest.raises(NotAllowed):
        services.application_move(actor=make_user(INTERVIEWER), application=application, stage=Stage.SCREENED)


def test_offer_accepted_and_hire_creates_the_employee_and_starts_onboarding():
    hr = make_user(HR)
    application = make_application(name="Eva Nová")
    services.application_move(actor=hr, application=application, stage=Stage.SHORTLISTED)
    services.application_offer(actor=hr, application=application)
    with pytest.raises(InvalidInput):
        services.application_hire(actor=hr, application=application)
    services.application_offer_answer(actor=hr, application=application, accepted=True)
    application.refresh_from_db()
    assert application.offer_status == OfferStatus.ACCEPTED
    services.application_hire(actor=hr, application=application)
    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    employee = Employee.objects.get(pk=application.employee_id)
    assert (employee.first_name, employee.last_name) == ("Eva", "Nová")
    assert employee.job_title == application.position.title
    from backoffice.staff.models import Onboarding

    assert Onboarding.objects.filter(employee=employee).exists()


def _interview(hr, application, interviewer):
    start = next_weekday_at(10)
    return services.interview_schedule(
        actor=hr,
        application=application,
        interviewers=[interviewer],
        start=start,
        end=start + dt.timedelta(hours=1),
        room="Zasedačka 2",
    )


def test_booking_an_interview_uses_the_meeting_service_and_invites_the_candidate():
    hr = make_user(HR)
    interviewer = employee_of(make_user(INTERVIEWER))
    application = make_application()
    interview = _interview(hr, application, interviewer)
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert interview.meeting.subject == application
    recipients = {address for message in OutboxMessage.objects.all() for address in message.to}
    assert application.candidate.email in recipients
    assert interviewer.email in recipients


def test_only_assigned_interviewers_give_feedback_and_it_is_aggregated():
    from backoffice.recruitment.selectors import feedback_summary

    hr = make_user(HR)
    assigned_user = make_user(INTERVIEWER)
    other_user = make_user(INTERVIEWER)
    application = make_application()
    interview = _interview(hr, application, employee_of(assigned_user))
    requirements = services.feedback_requirements(application.position)
    scores = dict.fromkeys(requirements, 4)
    with pytest.raises(NotAllowed):
        services.feedback_submit(
            actor=other_user, interview=interview, scores=scores, recommendation=Recommendation.HIRE
        )
    with pytest.raises(InvalidInput) as caught:
        services.feedback_submit(
            actor=assigned_user, interview=interview, scores={**scores, "Accounting": 9}, recommendation="hire"
        )
    assert "scores" in caught.value.fields
    assert not Feedback.objects.exists()
    services.feedback_submit(actor=assigned_user, interview=interview, scores=scores, recommendation="hire")
    with pytest.raises(InvalidInput):
        services.feedback_submit(actor=assigned_user, interview=interview, scores=scores, recommendation="hire")
    summary = feedback_summary(application)
    assert summary["count"] == 1 and summary["overall"] == 4.0 and summary["recommendations"] == {"hire": 1}


def test_erasure_anonymises_the_candidate_removes_the_file_and_is_audited():
    hr = make_user(HR)
    application = make_application(name="Tajná Osoba")
    services.application_note_add(actor=hr, application=application, text="Volala Tajná Osoba")
    resume_file = application.resume.file.name
    assert default_storage.exists(resume_file)
    with pytest.raises(NotAllowed):
        services.candidate_erase(actor=make_user(INTERVIEWER), candidate=application.candidate)
    from django.test.utils import CaptureQueriesContext  # noqa: F401  (on_commit runs in the test's transaction)

    services.candidate_erase(actor=hr, candidate=application.candidate, reason="žádost uchazeče")
    candidate = Candidate.objects.get(pk=application.candidate_id)
    assert candidate.anonymised_at is not None and candidate.email == "" and "Tajná" not in candidate.name
    resume = Resume.objects.get(pk=application.resume_id)
    assert resume.text == "" and resume.profile == {} and resume.index == {}  # the ranking index is erased too
    assert "Tajná" not in application.notes.get().text
    entry = AuditEntry.objects.filter(object_id=str(candidate.pk), reason="žádost uchazeče").get()
    assert "Tajná" not in str(entry.after)


def test_retention_job_erases_only_expired_rejected_candidates_without_consent_to_keep():
    hr = make_user(HR)
    expired = make_application()
    services.application_move(actor=hr, application=expired, stage=Stage.REJECTED, reason="jiný kandidát")
    kept = make_application(keep_for_future=True)
    services.application_move(actor=hr, application=kept, stage=Stage.REJECTED, reason="jiný kandidát")
    still_open = make_application()
    later = dt.date.today() + dt.timedelta(days=services.RETENTION_DAYS + 1)
    assert services.erase_expired(today=later) == 1
    assert Candidate.objects.get(pk=expired.candidate_id).anonymised_at is not None
    assert Candidate.objects.get(pk=kept.candidate_id).anonymised_at is None
    assert Candidate.objects.get(pk=still_open.candidate_id).anonymised_at is None
