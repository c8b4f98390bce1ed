"""Who may open which overview page and call which API operation: every signed-in person, only their own view."""

import pytest

from tests.access import (
    EVERYONE,
    ROLES_AND_ANONYMOUS,
    Cell,
    api_operations,
    call,
    check_access,
    page_url_names,
    sign_in,
)

PAGES = [
    Cell("GET", lambda s: "/overview/today/", EVERYONE, url_name="overview:today"),
    Cell("GET", lambda s: "/overview/search/?q=stastny", EVERYONE, url_name="overview:search"),
    Cell("GET", lambda s: "/overview/alerts/", EVERYONE, url_name="overview:alerts"),
]

API = "/api/v1/overview"
API_CELLS = [
    Cell("GET", lambda s: f"{API}/search?q=stastny", EVERYONE, operation=f"GET {API}/search"),
    Cell("GET", lambda s: f"{API}/today", EVERYONE, operation=f"GET {API}/today"),
    Cell("GET", lambda s: f"{API}/alerts", EVERYONE, operation=f"GET {API}/alerts"),
]


@pytest.mark.parametrize("role", ROLES_AND_ANONYMOUS)
@pytest.mark.parametrize("cell", PAGES, ids=str)
def test_pages(office, client, cell, role):
    user = sign_in(client, role, api=False)
    check_access(cell, role, call(client, cell, office, user, api=False), api=False)


@pytest.mark.parametrize("role", ROLES_AND_ANONYMOUS)
@pytest.mark.parametrize("cell", API_CELLS, ids=str)
def test_api(office, client, cell, role):
    user = sign_in(client, role, api=True)
    check_access(cell, role, call(client, cell, office, user, api=True), api=True)


def test_every_page_is_in_the_matrix():
    assert page_url_names({"overview"}) - {cell.url_name for cell in PAGES} == set()


def test_every_api_operation_is_in_the_matrix():
    listed = {cell.operation for cell in API_CELLS}
    assert {op for op in api_operations() if f"{API}/" in op} - listed == set()


@pytest.mark.django_db
def test_alerts_are_only_ones_own(office, client, api_for):
    from backoffice.overview.alerts import alerts_refresh

    alerts_refresh()
    client.force_login(office.bystander_user)
    assert "below its reorder point" not in client.get("/overview/alerts/").content.decode()
    assert api_for(office.bystander_user).get(f"{API}/alerts").json()["items"] == []
    manager = api_for(office.manager_user).get(f"{API}/alerts").json()
    assert manager["count"] == 2
