"""Today: who is away and who covers, deliveries, machines out of order, call-backs — only what the user may see."""

import pytest

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
from backoffice.overview.today import today_for
from tests.builders import make_user

pytestmark = pytest.mark.django_db

# The sections each role gets for an office where nothing is their own (None: no section at all).
SECTIONS = {
    ADMINISTRATOR: {"away", "deliveries", "out_of_order", "callbacks", "interviews"},
    BACK_OFFICE: {"away", "deliveries", "out_of_order", "callbacks"},
    OFFICE_MANAGER: {"away", "deliveries", "out_of_order", "callbacks"},
    TECHNICIAN: {"away", "out_of_order", "callbacks"},
    HR: {"away", "callbacks", "interviews"},
    INTERVIEWER: {"away", "callbacks"},
    EMPLOYEE: {"away", "callbacks"},
}


def sections(user) -> dict:
    return {section.key: section for section in today_for(user)}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_sections(office, role):
    found = sections(make_user(role))
    assert set(found) == SECTIONS[role]
    # Everyone sees who is away and who covers (the phone directory shows it too) …
    assert [(row.text, row.note.endswith("covered by Kateřina Pokorná")) for row in found["away"].rows] == [
        ("Jiří Šťastný", True)
    ]
    # … but not other people's messages.
    if role in {BACK_OFFICE, ADMINISTRATOR}:
        assert [row.text for row in found["callbacks"].rows] == ["Karel Šťastný for Jiří Šťastný"]
    else:
        assert found["callbacks"].rows == []


def test_the_reason_of_an_absence_shows_only_to_those_who_may_see_it(office):
    hr = sections(make_user(HR))["away"].rows[0]
    employee = sections(make_user(EMPLOYEE))["away"].rows[0]
    assert "sick leave" in hr.note
    assert "sick leave" not in employee.note and employee.note == "covered by Kateřina Pokorná"


def test_deliveries_and_machines_out_of_order(office):
    found = sections(office.manager_user)
    assert [row.text for row in found["deliveries"].rows] == [f"{office.order.number} from Papírnictví ŠŤASTNÁ"]
    assert [(row.text, row.urgent) for row in found["out_of_order"].rows] == [("Šťastná tiskárna X1", True)]


def test_a_person_sees_their_own_machine_and_the_substitute_the_messages(office):
    own = sections(office.away_user)
    assert [row.text for row in own["out_of_order"].rows] == ["Šťastná tiskárna X1"]
    assert [row.text for row in own["callbacks"].rows] == ["Karel Šťastný for Jiří Šťastný"]
    covering = sections(office.cover_user)
    assert [row.text for row in covering["callbacks"].rows] == ["Karel Šťastný for Jiří Šťastný"]
    assert "out_of_order" not in covering  # his printer is not hers to see
    assert "out_of_order" not in sections(office.bystander_user)


def test_the_home_page_shows_my_work_and_today(office, client):
    client.force_login(office.cover_user)
    page = client.get("/").content.decode()
    assert "For colleagues I cover for" in page
    assert "Call back Karel Šťastný" in page  # My work: his message, marked as covered for him
    assert "covering for Jiří Šťastný" in page
    assert 'data-testid="today-away"' in page and 'data-testid="today-callbacks"' in page
    assert client.get("/overview/today/").status_code == 200


def test_the_api_answers_the_same_sections(office, api_for):
    body = api_for(office.bystander_user).get("/api/v1/overview/today").json()
    assert {section["key"] for section in body["sections"]} == {"away", "callbacks"}


def test_home_page_queries_stay_bounded(office, client, django_assert_max_num_queries):
    """My work and Today together: a fixed number of queries, however much data there is."""
    from tests.supplies.builders import make_item

    client.force_login(office.manager_user)
    client.get("/")
    with django_assert_max_num_queries(90) as first:
        client.get("/")
    for n in range(15):
        make_item(name=f"Další {n}")
        make_user(EMPLOYEE)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/")


def test_interviews_today_for_hr_and_for_the_interviewer_only(office):
    import datetime as dt

    from django.utils import timezone

    from backoffice.meetings.services import working_hours_set
    from backoffice.recruitment import services as recruitment

    interviewer = make_user(INTERVIEWER, first_name="Ivana", last_name="Tazatelová")
    # She is free around the clock, so the test can book a time shortly from now, whenever it runs.
    every_day = [(day, dt.time(0, 0), dt.time(23, 59)) for day in range(7)]
    working_hours_set(actor=None, employee=interviewer.employee, hours=every_day)
    start = timezone.localtime() + dt.timedelta(minutes=10)
    recruitment.interview_schedule(
        actor=None,
        application=office.application,
        interviewers=[interviewer.employee],
        start=start,
        end=start + dt.timedelta(minutes=20),
        room="Zasedačka",
    )

    def interviews(user):
        found = {section.key: section for section in today_for(user, start.date())}
        return [row.text for row in found["interviews"].rows] if "interviews" in found else None

    expected = ["Marie Šťastná for Účetní"]
    assert interviews(make_user(HR)) == expected
    assert interviews(interviewer) == expected
    assert interviews(make_user(INTERVIEWER)) is None  # another interviewer: not theirs
    assert interviews(office.manager_user) is None
