"""Meetings pages and API: finding a time and booking, moving and cancelling, working hours, and what stays hidden."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import EMPLOYEE, HR, INTERVIEWER
from backoffice.meetings import services
from backoffice.meetings.models import Meeting, SlotOffer, WorkingHours
from tests.builders import make_employee, make_user
from tests.meetings.builders import at, book

pytestmark = pytest.mark.django_db
CANDIDATE = "Karel Uchazeč"


@pytest.fixture
def interview():
    director = make_user(HR, first_name="Hana", last_name="Dvořáková", email="hana@firma.cz")
    interviewer = make_user(INTERVIEWER, first_name="Petr", last_name="Svoboda", email="petr@firma.cz")
    meeting = book(
        [director.employee, interviewer.employee],
        at(2027, 2, 1, 10),
        title=f"Pohovor: {CANDIDATE}",
        guests=[(CANDIDATE, "karel@example.com")],
        actor=director,
        organizer=director.employee,
    )
    return director, interviewer, meeting


def test_participants_see_the_meeting_others_see_neither_it_nor_the_candidate(client, api_for, interview):
    director, interviewer, meeting = interview
    client.force_login(interviewer)
    assert CANDIDATE in client.get("/meetings/").content.decode()
    assert CANDIDATE in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert client.post(f"/meetings/{meeting.pk}/cancel/").status_code == 403  # a participant does not cancel

    outsider = make_user(INTERVIEWER)
    client.force_login(outsider)
    for path in ("/meetings/", "/meetings/?show=past", "/meetings/?all=1", "/", "/meetings/offers/"):
        assert CANDIDATE not in client.get(path).content.decode(), path
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    found = client.get(
        "/meetings/find/",
        {"participants": [director.employee.pk], "duration": 60, "start": "2027-02-01", "end": "2027-02-01"},
    ).content.decode()
    assert CANDIDATE not in found and "Pohovor" not in found  # busy, nothing more
    assert "2027-02-01T09:00:00+01:00" in found and "2027-02-01T10:00:00+01:00" not in found
    api = api_for(outsider)
    for path in ("/api/v1/meetings/meetings", "/api/v1/meetings/meetings?mine=false&upcoming=false"):
        assert CANDIDATE not in api.get(path).content.decode()
    assert api.get(f"/api/v1/meetings/meetings/{meeting.pk}").status_code == 404
    slots = api.post(
        "/api/v1/meetings/free-slots",
        {"participant_ids": [director.employee.pk], "duration_minutes": 60, "start": "2027-02-01", "end": "2027-02-01"},
        content_type="application/json",
    ).json()
    assert set(slots[0]) == {"start", "end"}

    client.force_login(make_user(HR))  # HR sees every meeting
    assert CANDIDATE in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert CANDIDATE in client.get("/meetings/?all=1").content.decode()


def test_find_a_time_then_book_on_the_page(client):
    hr = make_user(HR, email="hr@firma.cz")
    colleague = make_employee(first_name="Petr", last_name="Svoboda")
    book([colleague], at(2027, 2, 1, 8), 120)
    client.force_login(hr)
    query = {"participants": [hr.employee.pk, colleague.pk], "duration": 60, "start": "2027-02-01", "end": "2027-02-05"}
    page = client.get("/meetings/find/", query).content.decode()
    assert 'data-testid="proposals"' in page and "2027-02-01T10:00:00+01:00" in page
    assert "2027-02-01T08:00:00+01:00" not in page  # Petr is busy
    response = client.post(
        "/meetings/find/?" + "&".join(f"{k}={v}" for k, v in query.items() if k != "participants"),
        {**query, "slots": ["2027-02-01T10:00:00+01:00"], "title": "Plán kampaně", "room": "2.01", "action": "book"},
    )
    meeting = Meeting.objects.get(title="Plán kampaně")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.organizer == hr.employee and meeting.start == at(2027, 2, 1, 10)
    assert set(meeting.participants.all()) == {hr.employee, colleague}
    # One invitation each: HR and Petr (both have addresses).
    assert OutboxMessage.objects.filter(subject__contains="Plán kampaně").count() == 2
    detail = client.get(f"/meetings/{meeting.pk}/?tab=history").content.decode()
    assert "Plán kampaně" in detail


def test_find_a_time_refuses_bad_input_and_books_nothing(client):
    hr = make_user(HR)
    client.force_login(hr)
    page = client.get(
        "/meetings/find/", {"participants": [hr.employee.pk], "duration": 0, "start": "2027-02-05", "end": "2027-02-01"}
    ).content.decode()
    assert "id_duration_error" in page and "id_end_error" in page
    query = {"participants": [hr.employee.pk], "duration": 60, "start": "2027-02-01", "end": "2027-02-02"}
    page = client.post(
        "/meetings/find/",
        {**query, "slots": ["2027-02-01T10:00:00+01:00", "2027-02-01T11:00:00+01:00"], "title": "X", "action": "book"},
    ).content.decode()
    assert "Choose exactly one time" in page or "Vyberte" in page
    page = client.post("/meetings/find/", {**query, "slots": ["2030-01-01T10:00:00+01:00"], "title": "X"})
    assert page.status_code == 200
    assert Meeting.objects.count() == 0


def test_offer_from_the_find_page(client):
    hr = make_user(HR)
    client.force_login(hr)
    query = {"participants": [hr.employee.pk], "duration": 45, "start": "2027-02-01", "end": "2027-02-02"}
    response = client.post(
        "/meetings/find/",
        {
            **query,
            "slots": ["2027-02-01T10:00:00+01:00", "2027-02-02T10:00:00+01:00"],
            "title": "Pohovor",
            "guest_name": "Eva Malá",
            "guest_email": "eva@example.com",
            "action": "offer",
        },
    )
    assert response.status_code == 302
    offer = SlotOffer.objects.get()
    assert offer.duration == dt.timedelta(minutes=45) and offer.slots.count() == 2
    assert "Eva Malá" in client.get("/meetings/offers/").content.decode()
    client.force_login(make_user(INTERVIEWER))
    assert "Eva Malá" not in client.get("/meetings/offers/").content.decode()


def test_organizer_moves_and_cancels_on_the_page(client, interview):
    director, interviewer, meeting = interview
    client.force_login(director)
    response = client.post(
        f"/meetings/{meeting.pk}/reschedule/", {"start": "2027-02-01T10:00", "end": "2027-02-01T09:00"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 0  # refused: ends before it starts
    client.post(f"/meetings/{meeting.pk}/reschedule/", {"start": "2027-02-02T13:00", "end": "2027-02-02T14:00"})
    meeting.refresh_from_db()
    assert meeting.start == at(2027, 2, 2, 13) and meeting.sequence == 1
    client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Kandidát odřekl"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Kandidát odřekl"


def test_my_working_hours_page(client):
    user = make_user(EMPLOYEE)
    client.force_login(user)
    assert client.get("/meetings/availability/").status_code == 200
    hours = {"form": "hours", "start_0": "09:00", "end_0": "15:00", "start_2": "07:30", "end_2": "12:00"}
    assert client.post("/meetings/availability/", hours).status_code == 302
    assert list(WorkingHours.objects.filter(employee=user.employee).values_list("weekday", flat=True)) == [0, 2]
    page = client.post("/meetings/availability/", {"form": "hours", "start_1": "09:00"}).content.decode()
    assert "id_end_1" in page and WorkingHours.objects.filter(employee=user.employee).count() == 2
    page = client.post("/meetings/availability/", {"form": "hours", "start_1": "15:00", "end_1": "09:00"})
    assert page.status_code == 200 and WorkingHours.objects.filter(employee=user.employee).count() == 2
    client.post("/meetings/availability/", {"form": "hours", "default": "1"})
    assert not WorkingHours.objects.filter(employee=user.employee).exists()
    page = client.post("/meetings/availability/", {"form": "feed", "kind": "ics", "url": "ftp://x"}).content.decode()
    assert "invalid-feedback" in page


def test_api_book_move_cancel_and_clear_errors(api_for):
    hr = make_user(HR, email="hr@firma.cz")
    colleague = make_employee()
    api = api_for(hr)
    body = {
        "title": "Porada",
        "start": "2027-02-01T10:00:00+01:00",
        "end": "2027-02-01T11:00:00+01:00",
        "participant_ids": [hr.employee.pk, colleague.pk],
        "guests": [{"name": "Jan Novák", "email": "jan@example.com"}],
    }
    created = api.post("/api/v1/meetings/meetings", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["organizer"]["id"] == hr.employee.pk and data["guests"] == [
        {"name": "Jan Novák", "email": "jan@example.com"}
    ]
    again = api.post("/api/v1/meetings/meetings", body, content_type="application/json")
    assert again.status_code == 409 and "start" in again.json()["fields"]
    bad = api.post("/api/v1/meetings/meetings", {**body, "end": body["start"]}, content_type="application/json")
    assert bad.status_code == 422 and "end" in bad.json()["fields"]
    unknown = api.post(
        "/api/v1/meetings/meetings", {**body, "participant_ids": [999999]}, content_type="application/json"
    )
    assert unknown.status_code == 422 and "participant_ids" in unknown.json()["fields"]
    moved = api.post(
        f"/api/v1/meetings/meetings/{data['id']}/reschedule",
        {"start": "2027-02-01T13:00:00+01:00", "end": "2027-02-01T14:00:00+01:00"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    cancelled = api.post(f"/api/v1/meetings/meetings/{data['id']}/cancel", {}, content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"
    assert Meeting.objects.count() == 1
    best = api.post(
        "/api/v1/meetings/free-slots",
        {
            "participant_ids": [colleague.pk],
            "duration_minutes": 30,
            "start": "2027-02-01",
            "end": "2027-02-12",
            "best": True,
            "count": 3,
        },
        content_type="application/json",
    ).json()
    assert len(best) == 3 and len({row["start"][:10] for row in best}) == 3


def test_the_meeting_list_api_takes_the_same_queries_for_more_meetings(api_for):
    hr = make_user(HR)
    api = api_for(hr)
    people = [make_employee() for _ in range(3)]

    def count() -> int:
        api.get("/api/v1/meetings/meetings?mine=false")
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/meetings/meetings?mine=false").status_code == 200
        return len(queries)

    book(people, at(2027, 3, 1, 9), guests=[("A", "a@example.com")])
    few = count()
    for hour in (10, 11, 12, 13):
        book(people, at(2027, 3, 1, hour), guests=[("B", "b@example.com")])
    assert count() == few


def test_everyone_sets_only_their_own_working_hours():
    user, other = make_user(EMPLOYEE), make_user(EMPLOYEE)
    services.working_hours_set(actor=user, employee=user.employee, hours=[(0, "08:00", "12:00")])
    from backoffice.core.errors import InvalidInput, NotAllowed

    with pytest.raises(NotAllowed):
        services.working_hours_set(actor=user, employee=other.employee, hours=[])
    with pytest.raises(InvalidInput) as caught:
        services.working_hours_set(
            actor=user, employee=user.employee, hours=[(0, "08:00", "12:00"), (0, "11:00", "13:00")]
        )
    assert "hours" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        services.working_hours_set(actor=user, employee=user.employee, hours=[(9, "08:00", "12:00")])
    assert "hours.0" in caught.value.fields
    assert WorkingHours.objects.filter(employee=user.employee).count() == 1
    services.working_hours_set(actor=make_user(HR), employee=other.employee, hours=[(1, "10:00", "11:00")])
