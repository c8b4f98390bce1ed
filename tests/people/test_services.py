"""People services: bad input gets a clear message by the field, nothing is half-written, every change is audited."""

import pytest
from django.core import mail

from backoffice.core.context import acting_as, job_actor, user_actor
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry, Notification
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.people import services
from backoffice.people.choices import AbsenceKind, AbsenceStatus, Area
from backoffice.people.models import Absence, Employee, Substitution
from tests.builders import days, make_department, make_employee, make_user

pytestmark = pytest.mark.django_db


def test_creating_an_employee_is_audited_with_the_acting_user():
    hr = make_user(HR)
    with acting_as(user_actor(hr, "req-1")):
        employee = services.employee_create(actor=hr, first_name="Věra", last_name="Šťastná", email="vera@firma.cz")
    entry = AuditEntry.objects.get(object_id=str(employee.pk), action="create", object_repr="Věra Šťastná")
    assert entry.actor == hr
    assert entry.request_id == "req-1"
    assert entry.after["last_name"] == "Šťastná"
    assert employee.search_text == "vera stastna vera@firma.cz"


def test_a_change_records_before_and_after_and_the_reason():
    employee = make_employee(job_title="Účetní")
    with acting_as(job_actor("import")):
        services.employee_update(actor=None, employee=employee, job_title="Hlavní účetní", reason="povýšení")
    entry = AuditEntry.objects.filter(object_id=str(employee.pk), action="update").get()
    assert entry.actor_label == "system:import"
    assert ("job_title", "Účetní", "Hlavní účetní") in entry.changed_fields()
    assert entry.reason == "povýšení"


def test_an_unchanged_save_writes_no_history():
    employee = make_employee(job_title="Skladník")
    services.employee_update(actor=None, employee=employee, job_title="Skladník")
    assert not AuditEntry.objects.filter(object_id=str(employee.pk), action="update").exists()


def test_without_permission_nothing_is_created():
    clerk = make_user(EMPLOYEE)
    before = Employee.objects.count()
    with pytest.raises(NotAllowed):
        services.employee_create(actor=clerk, first_name="A", last_name="B")
    assert Employee.objects.count() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"first_name": "", "last_name": "Novák"}, "first_name"),
        ({"first_name": "Jan", "last_name": "Novák", "email": "not-an-address"}, "email"),
        ({"first_name": "Jan", "last_name": "Novák", "phone_extension": "12a"}, "phone_extension"),
        ({"first_name": "Jan", "last_name": "Novák", "weekly_hours": 80}, "weekly_hours"),
        ({"first_name": "Jan", "last_name": "Novák", "start_date": days(5), "end_date": days(1)}, "__all__"),
        ({"first_name": "Jan", "last_name": "Novák", "salary": 1}, "salary"),
    ],
)
def test_bad_employee_input_names_the_field_and_writes_nothing(values, field):
    before = (Employee.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as caught:
        services.employee_create(actor=None, **values)
    error = caught.value
    assert field in error.fields or (field == "__all__" and "end date" in error.message)
    assert (Employee.objects.count(), AuditEntry.objects.count()) == before


def test_a_manager_loop_is_refused():
    boss = make_employee()
    clerk = make_employee(manager=boss)
    with pytest.raises(InvalidInput) as caught:
        services.employee_update(actor=None, employee=boss, manager=clerk)
    assert "manager" in caught.value.fields


def test_duplicate_department_code_is_a_field_error():
    make_department(name="Sklad")
    services.department_create(actor=None, name="Účtárna", code="UCT")
    with pytest.raises(InvalidInput) as caught:
        services.department_create(actor=None, name="Účetnictví", code="uct")
    assert "code" in caught.value.fields


def test_absence_ending_before_it_starts_is_refused():
    person = make_employee()
    with pytest.raises(InvalidInput) as caught:
        services.absence_record(
            actor=None, employee=person, kind=AbsenceKind.VACATION, start_date=days(3), end_date=days(1)
        )
    assert "end_date" in caught.value.fields
    assert not Absence.objects.exists()


def test_overlapping_absences_are_refused_with_the_clash_named():
    person = make_employee(first_name="Eva", last_name="Marková")
    services.absence_record(
        actor=None, employee=person, kind=AbsenceKind.VACATION, start_date=days(1), end_date=days(5)
    )
    with pytest.raises(InvalidInput) as caught:
        services.absence_record(
            actor=None, employee=person, kind=AbsenceKind.SICK_LEAVE, start_date=days(4), end_date=days(8)
        )
    assert "Eva Marková" in caught.value.fields["start_date"][0]
    assert Absence.objects.count() == 1


def test_unknown_absence_kind_is_refused():
    person = make_employee()
    with pytest.raises(InvalidInput) as caught:
        services.absence_record(
            actor=None, employee=person, kind="holiday-on-mars", start_date=days(1), end_date=days(1)
        )
    assert "kind" in caught.value.fields


def test_an_employee_asks_for_their_own_absence_and_the_manager_is_told(django_capture_on_commit_callbacks):
    boss_user = make_user(EMPLOYEE)
    clerk_user = make_user(EMPLOYEE, manager=boss_user.employee)
    with django_capture_on_commit_callbacks(execute=True):
        absence = services.absence_record(
            actor=clerk_user,
            employee=clerk_user.employee,
            kind=AbsenceKind.VACATION,
            start_date=days(10),
            end_date=days(12),
        )
    assert absence.status == AbsenceStatus.REQUESTED
    assert Notification.objects.filter(recipient=boss_user).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [boss_user.email]


def test_an_employee_cannot_record_someone_elses_absence():
    clerk = make_user(EMPLOYEE)
    other = make_employee()
    with pytest.raises(NotAllowed):
        services.absence_record(
            actor=clerk, employee=other, kind=AbsenceKind.VACATION, start_date=days(1), end_date=days(2)
        )


def test_whoever_covers_the_manager_decides_and_the_employee_hears():
    boss_user = make_user(EMPLOYEE)
    deputy_user = make_user(EMPLOYEE)
    clerk_user = make_user(EMPLOYEE, manager=boss_user.employee)
    absence = services.absence_record(
        actor=clerk_user,
        employee=clerk_user.employee,
        kind=AbsenceKind.VACATION,
        start_date=days(10),
        end_date=days(12),
    )
    services.substitution_create(
        actor=None,
        absent=boss_user.employee,
        substitute=deputy_user.employee,
        area=Area.STAFF,
        start_date=days(-1),
        end_date=days(2),
    )
    with pytest.raises(NotAllowed):
        services.absence_decide(actor=boss_user, absence=absence, approve=True)  # covered now: the deputy decides
    services.absence_decide(actor=deputy_user, absence=absence, approve=True)
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.APPROVED and absence.decided_by == deputy_user
    assert Notification.objects.filter(recipient=clerk_user, title__icontains="approved").exists()
    with pytest.raises(InvalidInput):
        services.absence_decide(actor=deputy_user, absence=absence, approve=False)


def test_nobody_covers_for_themselves_and_double_cover_is_refused():
    a, b, c = make_employee(), make_employee(), make_employee(first_name="Hana", last_name="Urbanová")
    with pytest.raises(InvalidInput):
        services.substitution_create(actor=None, absent=a, substitute=a, start_date=days(0), end_date=days(1))
    services.substitution_create(
        actor=None, absent=a, substitute=c, area=Area.SUPPLIES, start_date=days(0), end_date=days(5)
    )
    with pytest.raises(InvalidInput) as caught:
        services.substitution_create(
            actor=None, absent=a, substitute=b, area=Area.SUPPLIES, start_date=days(3), end_date=days(9)
        )
    assert "Hana Urbanová" in caught.value.fields["start_date"][0]
    assert Substitution.objects.count() == 1


def test_the_substitute_is_notified():
    substitute = make_user(BACK_OFFICE)
    absent = make_employee(first_name="Jana", last_name="Procházková")
    services.substitution_create(
        actor=None, absent=absent, substitute=substitute.employee, start_date=days(0), end_date=days(1)
    )
    assert Notification.objects.get(recipient=substitute).title.endswith("Jana Procházková")


def test_archiving_keeps_the_record():
    person = make_employee()
    services.employee_archive(actor=None, employee=person, reason="odchod")
    person.refresh_from_db()
    assert person.is_archived
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="archive", reason="odchod").exists()
