"""Global search: finds every kind whatever the case and diacritics, and never what the user may not see."""

import pytest
from django.test import Client

from backoffice.core.roles import (
    ADMINISTRATOR,
    BACK_OFFICE,
    EMPLOYEE,
    HR,
    INTERVIEWER,
    OFFICE_MANAGER,
    ROLES,
    TECHNICIAN,
)
from backoffice.overview.search import global_search
from tests.builders import make_user
from tests.overview.conftest import WORD

pytestmark = pytest.mark.django_db

# What each role finds of the office's "Šťastný" records when the records are not their own.
EXPECTED = {
    ADMINISTRATOR: {
        "candidates",
        "people",
        "items",
        "suppliers",
        "supply_requests",
        "assets",
        "repairs",
        "calls",
        "phone_messages",
        "conversations",
    },
    BACK_OFFICE: {
        "people",
        "items",
        "suppliers",
        "supply_requests",
        "assets",
        "repairs",
        "calls",
        "phone_messages",
        "conversations",
    },
    OFFICE_MANAGER: {"people", "items", "suppliers", "supply_requests", "assets", "repairs", "calls", "conversations"},
    TECHNICIAN: {"people", "items", "assets", "repairs"},
    HR: {"people", "items", "candidates"},  # applicants: HR only
    INTERVIEWER: {"people", "items"},
    EMPLOYEE: {"people", "items"},
}


def kinds(groups) -> set[str]:
    return {group.kind for group in groups}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_what_it_may_see(office, role):
    user = make_user(role)
    assert kinds(global_search(user, "Šťastn")) == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_every_result_opens_for_the_user_who_got_it(office, role):
    """Nothing in the results leads to a page the user may not open (no leaked titles either)."""
    user = make_user(role)
    client = Client()
    client.force_login(user)
    for group in global_search(user, WORD):
        for hit in group.hits:
            response = client.get(hit.url)
            assert response.status_code == 200, f"{role}: {group.kind} {hit.title} → {hit.url} {response.status_code}"


@pytest.mark.parametrize("query", ["stastn", "ŠŤASTN", "Šťastn", "  šťastn  "])
def test_case_and_diacritics_do_not_matter(office, query):
    groups = {g.kind: g for g in global_search(office.reception_user, query)}
    assert [hit.title for hit in groups["people"].hits] == ["Jiří Šťastný"]
    assert [hit.title for hit in groups["items"].hits] == ["Šťastné pero modré"]
    assert [hit.title for hit in groups["suppliers"].hits] == ["Papírnictví ŠŤASTNÁ"]
    assert [hit.title for hit in groups["assets"].hits] == ["Šťastná tiskárna X1"]
    assert len(groups["conversations"].hits) == 1 and groups["conversations"].hits[0].title == "Šťastný nový rok"
    assert len(groups["phone_messages"].hits) == 1
    assert len(groups["calls"].hits) == 1


def test_every_word_must_match(office):
    groups = {g.kind: g for g in global_search(office.reception_user, "stastne modre")}
    assert set(groups) == {"items", "supply_requests"}  # the request is for that item
    assert global_search(office.reception_user, "stastne zelene") == []


def test_a_phone_number_finds_the_call(office):
    groups = {g.kind: g for g in global_search(office.reception_user, "602 111 222")}
    assert [hit.url for hit in groups["calls"].hits] == [f"/frontdesk/calls/{office.call.pk}/"]


def test_private_records_of_a_colleague_stay_private(office):
    """Jiří's message, call and request: he and his substitute see them, a bystander does not."""
    bystander = kinds(global_search(office.bystander_user, WORD))
    assert not bystander & {"phone_messages", "calls", "supply_requests", "repairs", "conversations"}
    own = kinds(global_search(office.away_user, WORD))
    assert {"phone_messages", "calls", "supply_requests", "repairs", "assets"} <= own
    covering = kinds(global_search(office.cover_user, WORD))
    assert "phone_messages" in covering  # the substitute answers his messages while he is away
    assert "supply_requests" not in covering  # but his own requests stay his


def test_results_per_kind_are_bounded_and_point_to_the_full_list(office):
    from tests.supplies.builders import make_item

    for n in range(8):
        make_item(name=f"Šťastný sešit {n}")
    groups = {g.kind: g for g in global_search(office.reception_user, "stastny sesit")}
    assert len(groups["items"].hits) == 5
    assert groups["items"].more_url == "/supplies/?q=stastny+sesit"


def test_an_empty_query_finds_nothing_and_anonymous_finds_nothing(office):
    from django.contrib.auth.models import AnonymousUser

    assert global_search(office.reception_user, "   ") == []
    assert global_search(AnonymousUser(), WORD) == []


def test_the_page_and_the_api(office, client, api_for):
    client.force_login(office.bystander_user)
    page = client.get("/overview/search/", {"q": "ŠŤASTNÝ"})
    assert page.status_code == 200
    assert "Jiří Šťastný" in page.content.decode()
    assert "Karel Šťastný" not in page.content.decode()
    answer = api_for(office.reception_user).get("/api/v1/overview/search", {"q": "stastn"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["q"] == "stastn"
    assert {g["kind"] for g in body["groups"]} == EXPECTED[BACK_OFFICE]
    too_long = api_for(office.reception_user).get("/api/v1/overview/search", {"q": "x" * 101})
    assert too_long.status_code == 422


def test_search_takes_a_bounded_number_of_queries(office, django_assert_max_num_queries):
    for n in range(30):
        make_user(EMPLOYEE, first_name="Šťastný", last_name=f"Kolega{n}")
    user = office.reception_user
    user = type(user).objects.get(pk=user.pk)  # no cached permissions
    with django_assert_max_num_queries(20):
        groups = global_search(user, WORD)
    assert len({g.kind for g in groups}) == 9  # the back office sees no applicants


def test_each_table_is_scanned_once_however_many_kinds_start_from_it(office):
    """Items (item hits and supply requests), employees (people and supply requests) and assets (equipment and
    repair requests): one LIKE scan of each per search, not one per kind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = office.reception_user
    with CaptureQueriesContext(connection) as captured:
        groups = kinds(global_search(user, WORD))
    assert {"items", "supply_requests", "people", "assets", "repairs"} <= groups
    for table in ("supplies_item", "people_employee", "equipment_asset"):
        scans = [q["sql"] for q in captured if "LIKE" in q["sql"] and f'FROM "{table}"' in q["sql"]]
        assert len(scans) == 1, f"{table} scanned {len(scans)} times: {scans}"


def test_an_employee_finds_their_own_machine_among_many_that_match(office):
    """The shared scan holds the first matches of the whole register; someone who sees only their own machines is
    searched on their own rows, so a machine far down the register is still found."""
    from backoffice.equipment.models import Asset
    from backoffice.overview.registry import SHARED_MATCHES

    mine = Asset.objects.filter(assignee__isnull=False).exclude(assignee__user=None).first()
    assert mine is not None, "the office fixture assigns a machine to someone with a log-in"
    word = mine.search_text.split()[0]
    others = [
        Asset(
            category=mine.category,
            manufacturer="Aaa",  # first in register order
            model_name=f"{word} {n}",
            serial_number=f"ZZ-{n:04}",
            search_text=f"aaa {word} {n}",
        )
        for n in range(SHARED_MATCHES + 5)
    ]
    Asset.objects.bulk_create(others)
    groups = {g.kind: g for g in global_search(mine.assignee.user, word)}
    assert mine.get_absolute_url() in [hit.url for hit in groups["assets"].hits]


def test_control_characters_in_the_query_are_ignored(office):
    groups = {g.kind: g for g in global_search(office.reception_user, "\x00šťastné\x07 pero")}
    assert [hit.title for hit in groups["items"].hits] == ["Šťastné pero modré"]
