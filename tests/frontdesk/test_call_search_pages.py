"""A name search is paged from two disjoint index ranges (selectors.name_search_parts): the same calls, the same
count and the same order as the plain search, on every page, with the other filters and the visibility rules."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.core.roles import BACK_OFFICE
from backoffice.frontdesk import selectors, services
from backoffice.frontdesk.models import Call

pytestmark = pytest.mark.django_db
API = "/api/v1/frontdesk/calls"
NAMES = ["Jan Novák", "Novák Petr", "Nováková Novák", "Karel Nový", "Eva Svobodová", "Novotný Novák", "novak"]


@pytest.fixture
def calls(office):
    start = timezone.now() - dt.timedelta(days=30)
    for index in range(140):
        services.call_log(
            actor=None,
            started_at=start + dt.timedelta(minutes=index * 7 % 500),  # times repeat: ties are broken by the id
            caller_name=NAMES[index % len(NAMES)],
            number=f"602111{index:03d}",
            direction="out" if index % 3 else "in",
            for_person=office.bystander if index % 4 == 0 else None,
        )


def test_every_page_holds_the_calls_the_plain_search_finds_in_the_same_order(calls):
    rows = Call.objects.order_by("-started_at", "-id")
    for q in ["novak", "nov", "novakova novak", "Novák Petr", "petr", "svob", "x", "novotny"]:
        expected = list(selectors.search_calls(rows, q).values_list("id", flat=True))
        pages = selectors.PageByIds(selectors.search_calls(rows, q), selectors.name_search_parts(rows, q))
        assert pages.count() == len(expected), q
        assert [c.pk for c in pages[0 : len(expected) + 5]] == expected, q
        assert [c.pk for c in pages[7:19]] == expected[7:19], q
        if expected:
            assert pages[len(expected) - 1].pk == expected[-1]


def test_the_api_and_the_page_page_through_a_name_search_with_other_filters(calls, api_for, client_for):
    api = api_for(BACK_OFFICE)
    rows = Call.objects.order_by("-started_at", "-id")
    expected = list(selectors.search_calls(rows.filter(direction="out"), "nov").values_list("id", flat=True))
    seen, page = [], 1
    while True:
        answer = api.get(API, {"q": "nov", "direction": "out", "page": page}).json()
        assert answer["count"] == len(expected)
        seen += [c["id"] for c in answer["items"]]
        if len(seen) >= answer["count"]:
            break
        page += 1
    assert seen == expected and page == 2
    listed = client_for(BACK_OFFICE).get("/frontdesk/", {"q": "svob"}).context["page"]
    assert listed.paginator.count == 20 and {c.caller_name for c in listed} == {"Eva Svobodová"}


def test_a_colleague_pages_through_only_the_calls_for_them(calls, api_for, office):
    answer = api_for(office.bystander_user).get(API, {"q": "novak"}).json()
    mine = selectors.search_calls(Call.objects.filter(for_person=office.bystander), "novak")
    assert answer["count"] == mine.count() > 0
    assert {c["id"] for c in answer["items"]} == set(mine.values_list("id", flat=True))
