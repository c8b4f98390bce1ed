"""Training: sessions without double-booked trainers, enrolment up to capacity, attendance → certificates, the
matrix and its export, reminders before expiry."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import Notification
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.staff import matrix, services
from backoffice.staff.choices import EnrolmentStatus, Standing
from backoffice.staff.models import Certificate, Enrolment, TrainingSession
from tests.builders import days, make_department, make_employee, make_user
from tests.staff.builders import make_course, make_session

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_overlapping_session_for_one_trainer_is_refused():
    trainer = make_employee()
    course = make_course()
    make_session(course, trainer=trainer, start=_at(days(3), 9), hours=3)
    with pytest.raises(InvalidInput) as error:
        make_session(course, trainer=trainer, start=_at(days(3), 11), hours=2)
    assert "trainer" in error.value.fields
    assert trainer.full_name in error.value.fields["trainer"][0]
    assert TrainingSession.objects.count() == 1
    make_session(course, trainer=trainer, start=_at(days(3), 12), hours=2)  # back to back is fine
    make_session(course, trainer=make_employee(), start=_at(days(3), 10), hours=2)  # another trainer is fine


def test_session_ending_before_it_starts_is_refused():
    with pytest.raises(InvalidInput) as error:
        make_session(make_course(), trainer=make_employee(), hours=-1)
    assert "ends_at" in error.value.fields


def test_enrolment_over_capacity_is_refused_and_nothing_written():
    session = make_session(make_course(), capacity=2)
    for _ in range(2):
        services.enrol(actor=None, session=session, employee=make_employee())
    with pytest.raises(InvalidInput) as error:
        services.enrol(actor=None, session=session, employee=make_employee())
    assert "capacity 2" in error.value.fields["employee"][0]
    assert Enrolment.objects.count() == 2


def test_enrolling_twice_is_refused():
    session = make_session(make_course())
    person = make_employee()
    services.enrol(actor=None, session=session, employee=person)
    with pytest.raises(InvalidInput):
        services.enrol(actor=None, session=session, employee=person)


def test_employee_may_not_plan_sessions():
    with pytest.raises(NotAllowed):
        services.session_create(
            actor=make_user(EMPLOYEE),
            course=make_course(),
            starts_at=_at(days(1), 9),
            ends_at=_at(days(1), 10),
            place="X",
            external_trainer="Y",
        )


def test_attendance_issues_certificates_with_expiry():
    course = make_course(months=24)
    session = make_session(course, start=timezone.now() - dt.timedelta(hours=3), hours=2)
    came, missed = make_employee(), make_employee()
    for person in (came, missed):
        services.enrol(actor=None, session=session, employee=person)
    made = services.attendance_record(actor=make_user(BACK_OFFICE), session=session, attended={came.pk})
    assert [c.employee for c in made] == [came]
    issued = made[0].issued_on
    assert made[0].valid_until == issued.replace(year=issued.year + 2)
    assert Enrolment.objects.get(employee=missed).status == EnrolmentStatus.ABSENT
    assert services.attendance_record(actor=None, session=session, attended={came.pk}) == []  # no duplicate


def test_attendance_before_the_session_is_refused():
    session = make_session(make_course())
    with pytest.raises(InvalidInput):
        services.attendance_record(actor=None, session=session, attended=set())


def test_uploaded_scan_must_be_a_pdf_or_image():
    with pytest.raises(InvalidInput) as error:
        services.certificate_record(
            actor=None, employee=make_employee(), course=make_course(), issued_on=days(-1), document=b"MZ\x90\x00exe"
        )
    assert "document" in error.value.fields
    assert not Certificate.objects.exists()


@pytest.fixture
def catalogue():
    sales = make_department()
    everyone = make_course("BOZP", 24)
    services.course_require(actor=None, course=everyone)
    drivers = make_course("RID", 12)
    services.course_require(actor=None, course=drivers, department=sales)
    make_course("EXCEL", None)  # not mandatory: not in the matrix
    return sales, everyone, drivers


def test_matrix_standings(catalogue, django_assert_max_num_queries):
    sales, bozp, rid = catalogue
    on = days(0)
    valid, expiring, expired, missing = (make_employee(department=sales) for _ in range(4))
    outsider = make_employee()
    services.certificate_record(actor=None, employee=valid, course=bozp, issued_on=days(-10))
    services.certificate_record(
        actor=None, employee=expiring, course=bozp, issued_on=on.replace(year=on.year - 2) + dt.timedelta(days=20)
    )
    services.certificate_record(actor=None, employee=expired, course=bozp, issued_on=days(-800))
    services.certificate_record(actor=None, employee=expired, course=bozp, issued_on=days(-900))
    services.certificate_record(actor=None, employee=valid, course=rid, issued_on=days(-300))
    user = make_user(HR)
    with django_assert_max_num_queries(6):
        courses, rows = matrix.matrix(user)
    assert [c.code for c in courses] == ["BOZP", "RID"]
    by_person = {row.employee.pk: [cell.standing for cell in row.cells] for row in rows}
    assert by_person[valid.pk] == [Standing.VALID, Standing.EXPIRING_90]
    assert by_person[expiring.pk] == [Standing.EXPIRING_30, Standing.MISSING]
    assert by_person[expired.pk] == [Standing.EXPIRED, Standing.MISSING]
    assert by_person[missing.pk] == [Standing.MISSING, Standing.MISSING]
    assert by_person[outsider.pk][1] is None  # RID is not mandatory outside sales
    _, only_expired = matrix.matrix(user, standing=Standing.EXPIRED)
    assert {row.employee.pk for row in only_expired} == {expired.pk}


def test_matrix_is_empty_for_those_without_permission(catalogue):
    make_employee()
    assert matrix.matrix(make_user(EMPLOYEE))[1] == []


def test_matrix_export_xlsx_and_csv(catalogue, client_for):
    sales, bozp, rid = catalogue
    person = make_employee(department=sales, last_name="Exportová")
    services.certificate_record(actor=None, employee=person, course=bozp, issued_on=days(-10))
    client = client_for(HR)
    response = client.get("/staff/training/matrix/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3:] == ("BOZP", "RID")
    line = next(r for r in rows if r[0] and "Exportová" in r[0])
    assert line[3].startswith("valid") and line[4] == "missing"
    csv_text = client.get("/staff/training/matrix/export.csv?standing=missing").content.decode("utf-8-sig")
    assert "Exportová" in csv_text and csv_text.splitlines()[0].startswith("Employee;")
    assert client_for(BACK_OFFICE).get("/staff/training/matrix/export.csv").status_code == 200
    assert client_for(EMPLOYEE).get("/staff/training/matrix/export.csv").status_code == 403


def test_reminders_before_expiry_go_to_the_employee_and_manager(catalogue):
    sales, bozp, rid = catalogue
    manager = make_user(EMPLOYEE).employee
    holder = make_user(EMPLOYEE, manager=manager).employee
    today = days(0)
    certificate = services.certificate_record(
        actor=None, employee=holder, course=bozp, issued_on=days(-700), valid_until=days(25)
    )
    assert services.remind_expiring_certificates() == 2
    assert Notification.objects.filter(recipient=holder.user, title__contains=bozp.name).exists()
    assert Notification.objects.filter(recipient=manager.user).count() == 1
    assert services.remind_expiring_certificates() == 0  # once per threshold
    certificate.refresh_from_db()
    assert certificate.reminded_days == 30
    renewed = make_user(EMPLOYEE).employee
    services.certificate_record(actor=None, employee=renewed, course=bozp, issued_on=days(-700), valid_until=days(20))
    services.certificate_record(actor=None, employee=renewed, course=bozp, issued_on=today)
    assert services.remind_expiring_certificates() == 0  # renewed already
