"""Disciplinary records never reach anyone but HR and the employee concerned: not lists, not files, not the
matrix export, not My work, not notifications, not the audit trail of others."""

import pytest

from backoffice.core.models import Notification
from backoffice.core.mywork import work_for
from backoffice.core.roles import ADMINISTRATOR, EMPLOYEE, HR, ROLES
from backoffice.staff import services
from backoffice.staff.choices import DisciplineKind
from tests.builders import days, make_user
from tests.staff.test_discipline import PNG

pytestmark = pytest.mark.django_db

NOT_HR = [role for role in ROLES if role != HR]


@pytest.fixture
def case():
    manager = make_user(ADMINISTRATOR)  # a manager with every role but HR
    worker = make_user(EMPLOYEE, manager=manager.employee, first_name="Důvěrný", last_name="Zaměstnanec")
    record = services.discipline_record(
        actor=make_user(HR),
        employee=worker.employee,
        kind=DisciplineKind.FINAL,
        incident_date=days(-2),
        description="TAJNY-POPIS",
    )
    evidence = services.evidence_add(actor=None, record=record, filename="doklad.png", data=PNG)
    return manager, worker, record, evidence


@pytest.mark.parametrize("role", NOT_HR)
def test_api_list_is_empty_for_every_other_role(case, api_for, role):
    assert api_for(role).get("/api/v1/staff/discipline").json()["items"] == []


def test_the_manager_without_hr_gets_nothing_anywhere(case, client, api_for):
    manager, worker, record, evidence = case
    client.force_login(manager)
    for path in (
        f"/staff/discipline/{record.pk}/",
        f"/staff/discipline/{record.pk}/letter.pdf",
        f"/staff/discipline/evidence/{evidence.pk}/",
        "/staff/discipline/",
    ):
        assert client.get(path).status_code in (403, 404), path
    api = api_for(manager)
    assert api.get(f"/api/v1/staff/discipline/{record.pk}").status_code == 404
    assert api.get(f"/api/v1/staff/discipline/{record.pk}/letter").status_code == 404
    for path in ("/staff/", "/", "/staff/training/matrix/", "/staff/training/matrix/export.csv"):
        response = client.get(path, follow=True)
        assert b"TAJNY-POPIS" not in response.content and "final warning" not in response.content.decode()
    assert not Notification.objects.filter(title__icontains="warning").exists()
    assert not any("warning" in item.title.casefold() for item in work_for(manager))


def test_the_employee_reads_own_record_but_cannot_change_it(case, client, api_for):
    manager, worker, record, evidence = case
    client.force_login(worker)
    page = client.get(f"/staff/discipline/{record.pk}/")
    assert page.status_code == 200 and b"TAJNY-POPIS" in page.content
    assert b"Edit" not in page.content
    assert client.get("/staff/").content.count(b"final warning") == 1
    assert client.get(f"/staff/discipline/{record.pk}/letter.pdf").status_code == 200
    assert client.get(f"/staff/discipline/evidence/{evidence.pk}/").status_code == 200
    assert client.get(f"/staff/discipline/{record.pk}/?tab=history").status_code == 403
    assert client.get(f"/staff/discipline/{record.pk}/edit/").status_code == 403
    assert client.post(f"/staff/discipline/{record.pk}/acknowledge/").status_code == 403
    api = api_for(worker)
    assert [r["id"] for r in api.get("/api/v1/staff/discipline").json()["items"]] == [record.pk]
    assert (
        api.patch(
            f"/api/v1/staff/discipline/{record.pk}", data={"description": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    record.refresh_from_db()
    assert record.description == "TAJNY-POPIS"


def test_hr_sees_the_history_tab(case, client_for):
    manager, worker, record, evidence = case
    response = client_for(HR).get(f"/staff/discipline/{record.pk}/?tab=history")
    assert response.status_code == 200 and b"TAJNY-POPIS" in response.content
