"""/api/v1/people/: lists page and filter like the pages do, with a query count that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.people import services
from backoffice.people.choices import AbsenceKind
from tests.builders import days, make_department, make_employee

pytestmark = pytest.mark.django_db


def queries_for(client, path) -> int:
    client.get(path)  # warm-up: the token's "last used" stamp is written at most once a minute
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_page_size_or_data(api_for):
    client = api_for(BACK_OFFICE)
    department = make_department()
    boss = make_employee(department=department)
    for _ in range(12):
        make_employee(department=department, manager=boss)
    small = [queries_for(client, f"/api/v1/people/employees?page_size={n}") for n in (1, 5, 10)]
    for _ in range(40):
        make_employee(department=make_department(), manager=boss)
    large = [queries_for(client, f"/api/v1/people/employees?page_size={n}") for n in (10, 50, 200)]
    assert len(set(small + large)) == 1, (small, large)
    assert large[0] <= 5


def test_directory_query_count_is_constant(api_for):
    client = api_for(BACK_OFFICE)
    for n in range(30):
        person = make_employee()
        if n % 3 == 0:
            services.absence_record(
                actor=None, employee=person, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(1)
            )
    counts = {queries_for(client, f"/api/v1/people/directory?page_size={n}") for n in (5, 20, 50)}
    assert len(counts) == 1 and counts.pop() <= 8


def test_pages_of_fifty_with_a_total(api_for):
    client = api_for(EMPLOYEE)
    for _ in range(60):
        make_employee()
    first = client.get("/api/v1/people/employees").json()
    assert first["count"] == 61 and len(first["items"]) == 50
    second = client.get("/api/v1/people/employees?page=2").json()
    assert len(second["items"]) == 11
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_search_ignores_diacritics_and_case(api_for):
    make_employee(first_name="Věra", last_name="Šťastná")
    make_employee(first_name="Jan", last_name="Novák")
    found = api_for(EMPLOYEE).get("/api/v1/people/employees?q=STASTNA").json()
    assert [e["full_name"] for e in found["items"]] == ["Věra Šťastná"]


def test_a_bad_filter_value_is_422(api_for):
    response = api_for(EMPLOYEE).get("/api/v1/people/employees?department=abc")
    assert response.status_code == 422


def test_employee_create_and_patch_through_the_api(api_for):
    client = api_for(HR)
    department = make_department(name="Sklad")
    created = client.post(
        "/api/v1/people/employees",
        data={
            "first_name": "Roman",
            "last_name": "Zeman",
            "department_id": department.pk,
            "phone_extension": "231",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["department_name"] == "Sklad"
    patched = client.patch(
        f"/api/v1/people/employees/{body['id']}", data={"job_title": "Skladník"}, content_type="application/json"
    )
    assert patched.json()["job_title"] == "Skladník" and patched.json()["phone_extension"] == "231"


def test_a_reference_to_an_unknown_employee_is_a_field_error(api_for):
    response = api_for(HR).post(
        "/api/v1/people/employees",
        data={"first_name": "A", "last_name": "B", "manager_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 422 and "manager_id" in response.json()["fields"]


def test_back_office_records_an_absence_for_a_colleague_an_employee_may_not(api_for):
    colleague = make_employee()
    payload = {
        "employee_id": colleague.pk,
        "kind": "business_trip",
        "start_date": str(days(3)),
        "end_date": str(days(4)),
    }
    assert (
        api_for(EMPLOYEE).post("/api/v1/people/absences", data=payload, content_type="application/json").status_code
        == 403
    )
    created = api_for(BACK_OFFICE).post("/api/v1/people/absences", data=payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "approved"


def test_responsible_answers_who_covers(api_for):
    jana, tereza = make_employee(), make_employee(first_name="Tereza")
    services.substitution_create(actor=None, absent=jana, substitute=tereza, start_date=days(0), end_date=days(2))
    answer = api_for(EMPLOYEE).get(f"/api/v1/people/responsible?employee_id={jana.pk}&area=supplies").json()
    assert answer["responsible"]["id"] == tereza.pk and answer["covered"] is True


def test_directory_hides_the_reason_from_an_employee(api_for):
    person = make_employee()
    services.absence_record(
        actor=None, employee=person, kind=AbsenceKind.SICK_LEAVE, start_date=days(0), end_date=days(1)
    )
    rows = {r["employee"]["id"]: r for r in api_for(EMPLOYEE).get("/api/v1/people/directory").json()["items"]}
    assert rows[person.pk]["away"] is True and rows[person.pk]["absence_kind"] is None
    rows = {r["employee"]["id"]: r for r in api_for(BACK_OFFICE).get("/api/v1/people/directory").json()["items"]}
    assert rows[person.pk]["absence_kind"] == "sick_leave"
