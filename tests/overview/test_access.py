"""Who may open which overview page and call which API operation: every signed-in person, only their own view."""

import pytest

from tests.access import EVERYONE, Cell, matrix_tests, shared_scenario
from tests.overview.conftest import Office

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


scenario = shared_scenario(Office)

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"overview"}, api=f"{API}/"
)


@pytest.mark.django_db
def test_alerts_are_only_ones_own(scenario, client, api_for):
    from backoffice.overview.alerts import alerts_refresh

    office = scenario
    alerts_refresh()
    client.force_login(office.bystander_user)
    assert "below its reorder point" not in client.get("/overview/alerts/").content.decode()
    assert api_for(office.bystander_user).get(f"{API}/alerts").json()["items"] == []
    manager = api_for(office.manager_user).get(f"{API}/alerts").json()
    assert manager["count"] == 2
