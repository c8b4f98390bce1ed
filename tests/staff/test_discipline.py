"""Disciplinary records: HR records them with an escalation history and a warning letter in Czech or English;
nobody else is told, and they appear in no one else's search, export or notifications."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.roles import ADMINISTRATOR, HR, ROLES
from backoffice.staff import selectors, services
from backoffice.staff.choices import DisciplineKind
from backoffice.staff.documents import warning_letter_pdf
from backoffice.staff.models import DisciplinaryEvidence, DisciplinaryRecord
from tests.builders import days, make_employee, make_user
from tests.staff.builders import png_image

pytestmark = pytest.mark.django_db

PNG = png_image()


def _record(employee, kind=DisciplineKind.WRITTEN, ago=10, **values):
    return services.discipline_record(
        actor=None, employee=employee, kind=kind, incident_date=days(-ago), description="Pozdní příchody", **values
    )


def test_record_counts_six_months_by_default_and_tells_nobody():
    employee = make_user("Employee").employee
    before = (Notification.objects.count(), OutboxMessage.objects.count())
    record = services.discipline_record(
        actor=make_user(HR),
        employee=employee,
        kind=DisciplineKind.VERBAL,
        incident_date=dt.date(2026, 1, 15),
        description="Neomluvená absence",
    )
    assert record.counts_until == dt.date(2026, 7, 15)
    assert (Notification.objects.count(), OutboxMessage.objects.count()) == before


def test_bad_input_names_the_field_and_writes_nothing():
    with pytest.raises(InvalidInput) as error:
        services.discipline_record(
            actor=None,
            employee=make_employee(),
            kind=DisciplineKind.WRITTEN,
            incident_date=days(3),
            description="Budoucí",
        )
    assert "incident_date" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        services.discipline_record(
            actor=None,
            employee=make_employee(),
            kind=DisciplineKind.WRITTEN,
            incident_date=days(-3),
            description="",
            counts_until=days(-10),
        )
    assert "description" in error.value.fields
    assert "stop counting before the incident" in error.value.message
    assert not DisciplinaryRecord.objects.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != HR])
def test_no_other_role_may_record_or_see(role):
    employee = make_employee()
    _record(employee)
    user = make_user(role)
    with pytest.raises(NotAllowed):
        services.discipline_record(
            actor=user, employee=employee, kind=DisciplineKind.VERBAL, incident_date=days(-1), description="x"
        )
    assert not selectors.discipline_visible_to(user).exists()


def test_manager_without_hr_sees_none_of_the_reports_records_but_the_employee_sees_own():
    manager = make_user(ADMINISTRATOR).employee
    report = make_user("Employee", manager=manager).employee
    record = _record(report)
    assert not selectors.discipline_visible_to(manager.user).exists()
    assert list(selectors.discipline_visible_to(report.user)) == [record]
    other = make_user("Employee")
    assert not selectors.discipline_visible_to(other).exists()


def test_escalation_history_lists_earlier_records_in_order():
    employee = make_employee()
    first = _record(employee, DisciplineKind.VERBAL, ago=300)
    second = _record(employee, DisciplineKind.WRITTEN, ago=60)
    third = _record(employee, DisciplineKind.FINAL, ago=5)
    _record(make_employee(), DisciplineKind.NOTICE, ago=1)
    assert selectors.escalation_of(third) == [first, second, third]
    assert selectors.escalation_of(second) == [first, second]


@pytest.mark.parametrize(("language", "words"), [("cs", "Písemné upozornění"), ("en", "Written warning")])
def test_warning_letter_in_czech_and_english(language, words):
    record = _record(make_employee(first_name="Řehoř", last_name="Žluťoučký"), witnesses="Jan Doležal")
    text = PdfReader(io.BytesIO(warning_letter_pdf(record, language))).pages[0].extract_text()
    assert "Řehoř Žluťoučký" in text
    assert "Jan Doležal" in text
    if language == "en":
        assert words in text


def test_evidence_must_be_pdf_or_image():
    record = _record(make_employee())
    with pytest.raises(InvalidInput) as error:
        services.evidence_add(actor=None, record=record, filename="virus.exe", data=b"MZ\x90\x00" * 10)
    assert "document" in error.value.fields
    evidence = services.evidence_add(actor=None, record=record, filename="../foto.png", data=PNG)
    assert evidence.name == "foto.png" and evidence.content_type == "image/png"
    assert DisciplinaryEvidence.objects.count() == 1


def test_acknowledged_once():
    record = _record(make_employee())
    services.discipline_acknowledge(actor=make_user(HR), record=record)
    from backoffice.core.errors import Conflict

    with pytest.raises(Conflict):
        services.discipline_acknowledge(actor=make_user(HR), record=record)
