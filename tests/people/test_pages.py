"""People pages as their users see them: the directory, cover, My work, forms with errors by the field."""

import pytest
from django.test import Client

from backoffice.core.models import AuditEntry
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.people import services
from backoffice.people.choices import AbsenceKind, Area
from backoffice.people.models import Absence, Employee
from tests.builders import days, make_employee, make_user

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    jana = make_employee(first_name="Jana", last_name="Procházková", phone_extension="202")
    tereza = make_employee(first_name="Tereza", last_name="Kučerová", phone_extension="203")
    services.absence_record(
        actor=None, employee=jana, kind=AbsenceKind.SICK_LEAVE, start_date=days(-1), end_date=days(2)
    )
    services.substitution_create(actor=None, absent=jana, substitute=tereza, start_date=days(-1), end_date=days(2))
    return jana, tereza


def test_the_directory_shows_who_is_away_and_who_covers(office):
    page = logged_in(make_user(BACK_OFFICE)).get("/people/").content.decode()
    assert "Procházková Jana" in page
    assert "sick leave" in page
    assert "Tereza Kučerová" in page and "(203)" in page


def test_an_employee_sees_away_but_not_the_reason(office):
    page = logged_in(make_user(EMPLOYEE)).get("/people/").content.decode()
    assert "Procházková Jana" in page and "away" in page
    assert "sick leave" not in page


def test_searching_ignores_case_and_diacritics_and_htmx_gets_only_the_table(office):
    client = logged_in(make_user(EMPLOYEE))
    response = client.get("/people/?q=PROCHAZK", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Procházková Jana" in html and "Kučerová Tereza" not in html  # she shows only as the cover
    assert "<nav" not in html.split("<table")[0]  # just the table partial, not the whole page


def test_sorting_and_paging(office):
    for n in range(60):
        make_employee(first_name="Řada", last_name=f"Zzz{n:02d}")
    client = logged_in(make_user(EMPLOYEE))
    first = client.get("/people/?ordering=-name").content.decode()
    assert "Zzz59" in first
    second = client.get("/people/?ordering=-name&page=2").content.decode()
    assert "Zzz59" not in second and "Procházková" in second


def test_a_person_in_the_directory_never_gets_the_archived(office):
    jana, _ = office
    services.employee_archive(actor=None, employee=jana)
    page = logged_in(make_user(EMPLOYEE)).get("/people/").content.decode()
    assert "Procházková" not in page
    assert "Procházková" in logged_in(make_user(EMPLOYEE)).get("/people/?archived=true").content.decode()


def test_the_employee_card_says_who_handles_the_work_now(office):
    jana, _ = office
    page = logged_in(make_user(EMPLOYEE)).get(f"/people/{jana.pk}/").content.decode()
    assert 'data-testid="responsible-now"' in page and "Tereza Kučerová" in page


def test_hr_sees_the_history_tab_with_before_and_after():
    hr = make_user(HR)
    person = make_employee(job_title="Účetní")
    client = logged_in(hr)
    client.post(
        f"/people/{person.pk}/edit/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": "Hlavní účetní",
            "weekly_hours": "40",
        },
    )
    entry = AuditEntry.objects.get(object_id=str(person.pk), action="update")
    assert entry.actor == hr
    page = client.get(f"/people/{person.pk}/?tab=history").content.decode()
    assert "Hlavní účetní" in page and hr.username in page


def test_form_errors_show_next_to_the_field_and_nothing_is_saved():
    client = logged_in(make_user(HR))
    before = Employee.objects.count()
    response = client.post(
        "/people/new/",
        {
            "first_name": "Jan",
            "last_name": "Novák",
            "phone_extension": "12ab",
            "weekly_hours": "40",
            "start_date": str(days(5)),
            "end_date": str(days(1)),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An extension is 2 to 6 digits." in html
    assert 'aria-invalid="true"' in html
    assert Employee.objects.count() == before


def test_a_self_service_request_lands_on_the_managers_work_and_on_whoever_covers():
    boss = make_user(EMPLOYEE)
    deputy = make_user(BACK_OFFICE)
    clerk = make_user(EMPLOYEE, manager=boss.employee, first_name="Eva", last_name="Marková")
    response = logged_in(clerk).post(
        "/people/absences/new/",
        {
            "employee": clerk.employee.pk,
            "kind": "vacation",
            "start_date": str(days(10)),
            "end_date": str(days(12)),
        },
    )
    assert response.status_code == 302
    assert Absence.objects.get().status == "requested"
    assert "Eva Marková" in logged_in(boss).get("/").content.decode()
    services.absence_record(
        actor=None, employee=boss.employee, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(3)
    )
    services.substitution_create(
        actor=None,
        absent=boss.employee,
        substitute=deputy.employee,
        area=Area.STAFF,
        start_date=days(0),
        end_date=days(3),
    )
    deputys_work = logged_in(deputy).get("/").content.decode()
    assert "Eva Marková" in deputys_work and "covering for" in deputys_work
    assert "Eva Marková" not in logged_in(boss).get("/").content.decode().split("For colleagues I cover for")[0]


def test_notifications_count_and_mark_read():
    substitute = make_user(BACK_OFFICE)
    services.substitution_create(
        actor=None, absent=make_employee(), substitute=substitute.employee, start_date=days(0), end_date=days(1)
    )
    client = logged_in(substitute)
    assert 'badge text-bg-danger">1' in client.get("/").content.decode()
    client.post("/notifications/read/")
    assert "badge text-bg-danger" not in client.get("/").content.decode()


def test_creating_a_token_on_the_profile_shows_it_once():
    client = logged_in(make_user(EMPLOYEE))
    shown = client.post("/profile/", {"name": "Tabulka"}).content.decode()
    assert 'data-testid="new-token"' in shown
    assert 'data-testid="new-token"' not in client.get("/profile/").content.decode()
