"""Faults the back office must ride out: the database away for a moment."""

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from backoffice.core.roles import BACK_OFFICE
from backoffice.people.models import Absence
from tests.builders import days, make_user
from tests.conftest import need
from tests.peers import TcpProxy


@pytest.fixture
def database_behind_a_proxy():
    """The product's database connection goes through a relay the test can cut."""
    need(connection.vendor == "postgresql", "PostgreSQL (TEST_POSTGRES_URL): the database is cut at the network")
    original = dict(connection.settings_dict)
    proxy = TcpProxy(original["HOST"] or "127.0.0.1", int(original["PORT"] or 5432)).start()
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    try:
        yield proxy
    finally:
        proxy.stop()
        connection.close()
        connection.settings_dict.update(original)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_away_answers_503_with_a_retry_hint_and_resumes_by_itself(database_behind_a_proxy):
    proxy = database_behind_a_proxy
    user = make_user(BACK_OFFICE)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get("/people/").status_code == 200

    proxy.stop()
    page = client.get("/people/")
    assert page.status_code == 503 and page["Retry-After"] == "10"
    assert "Try again" in page.content.decode() or "try again" in page.content.decode()
    api = client.get("/api/v1/people/employees")
    assert api.status_code == 503 and api.json()["code"] == "unavailable" and api["Retry-After"] == "10"
    write = client.post(
        "/people/absences/new/",
        {"employee": user.employee.pk, "kind": "vacation", "start_date": days(3), "end_date": days(4)},
    )
    assert write.status_code == 503

    proxy.start()
    close_old_connections()  # what Django does at the start of every request (the test client leaves it out)
    assert client.get("/people/").status_code == 200
    assert not Absence.objects.exists()  # nothing of the refused write reached the database
