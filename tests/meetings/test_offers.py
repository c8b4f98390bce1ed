"""Self-scheduling: the guest's private link, the pick, and two guests picking the same time at once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from icalendar import Calendar

from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.roles import EMPLOYEE, HR
from backoffice.meetings import services
from backoffice.meetings.choices import OfferStatus
from backoffice.meetings.models import Meeting, SlotOffer
from tests.builders import make_employee, make_user
from tests.conftest import need
from tests.meetings.builders import at, book

HOUR = dt.timedelta(hours=1)
SLOTS = [at(2027, 2, 1, 9), at(2027, 2, 1, 13), at(2027, 2, 2, 10)]


def offer_for(people, guest="Jan Novák", email="jan.novak@example.com", slots=SLOTS, actor=None):
    return services.slot_offer_create(
        actor=actor,
        title="Pohovor: skladník",
        organizer=people[0],
        participants=people,
        guest_name=guest,
        guest_email=email,
        slots=slots,
        duration=HOUR,
        video_link="https://meet.example.cz/pohovor",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_guest_gets_a_private_link_and_picks_on_the_public_page(smtp_server, client):
    director = make_employee(email="hana@firma.cz")
    offer = offer_for([director])
    [mail] = [m for m in smtp_server.messages if m["To"] == "jan.novak@example.com"]
    body = mail.get_body(("plain",)).get_content()
    assert f"/meetings/pick/{offer.token}/" in body
    assert SlotOffer.objects.get().token_hash != offer.token  # only a hash is stored
    assert client.get("/meetings/pick/wrong-token/").status_code == 404

    page = client.get(f"/meetings/pick/{offer.token}/")
    assert page.status_code == 200 and page.content.count(b'name="start"') == 3
    book([director], at(2027, 2, 1, 13))  # someone takes the afternoon meanwhile
    page = client.get(f"/meetings/pick/{offer.token}/")
    assert page.content.count(b'name="start"') == 2

    response = client.post(f"/meetings/pick/{offer.token}/", {"start": "2027-02-01T13:00:00+01:00"})
    assert response.status_code == 200  # not among the free choices: the form says so
    assert not Meeting.objects.filter(title="Pohovor: skladník").exists()
    response = client.post(f"/meetings/pick/{offer.token}/", {"start": SLOTS[0].isoformat()}, follow=True)
    assert b'data-testid="picked"' in response.content
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PICKED and offer.meeting.start == SLOTS[0]
    assert offer.meeting.guests.get().email == "jan.novak@example.com"
    invitations = [m for m in smtp_server.messages if m["To"] == "jan.novak@example.com" and m.get_body(("plain",))]
    calendars = [p for m in invitations for p in m.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert Calendar.from_ical(calendars[0].get_payload(decode=True))["METHOD"] == "REQUEST"
    with pytest.raises(Conflict):
        services.slot_offer_pick(offer=offer, start=SLOTS[2])


@pytest.mark.django_db
def test_offers_refuse_bad_input_and_people_without_the_right():
    director = make_employee()
    book([director], at(2027, 2, 1, 9))
    with pytest.raises(InvalidInput) as caught:
        offer_for([director])  # 9:00 is taken
    assert "slots" in caught.value.fields
    for change, field in [
        ({"slots": []}, "slots"),
        ({"slots": [at(2020, 1, 6, 9)]}, "slots"),
        ({"email": "nope"}, "guest_email"),
        ({"email": ""}, "guest_email"),
        ({"guest": ""}, "guest_name"),
    ]:
        arguments = {"slots": SLOTS[1:], **change}
        with pytest.raises(InvalidInput) as caught:
            offer_for([director], **arguments)
        assert field in caught.value.fields
    with pytest.raises(NotAllowed):
        offer_for([director], slots=SLOTS[1:], actor=make_user(EMPLOYEE))
    assert SlotOffer.objects.count() == 0
    offer = offer_for([director], slots=SLOTS[1:], actor=make_user(HR))
    with pytest.raises(InvalidInput):
        services.slot_offer_pick(offer=offer, start=at(2027, 2, 3, 9))  # not offered
    services.slot_offer_cancel(actor=None, offer=offer)
    with pytest.raises(Conflict):
        services.slot_offer_pick(offer=offer, start=SLOTS[1])


def race(offers, start) -> list[str]:
    """Each offer picked in its own thread (own PostgreSQL connection and transaction), released at one moment."""
    barrier = threading.Barrier(len(offers))
    results: list[str] = []

    def pick(offer):
        try:
            barrier.wait()
            services.slot_offer_pick(offer=offer, start=start)
            results.append("booked")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pick, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_guests_picking_the_same_time_at_once_exactly_one_gets_it():
    need(
        connection.vendor == "postgresql",
        "PostgreSQL: set TEST_POSTGRES_URL and `make test` runs this in its PostgreSQL pass",
    )
    director, colleague = make_employee(), make_employee()
    jan = offer_for([director, colleague], guest="Jan Novák", email="jan@example.com")
    eva = offer_for([colleague, director], guest="Eva Malá", email="eva@example.com")
    assert race([jan, eva], SLOTS[0]) == ["booked", "slot_taken"]
    assert Meeting.objects.filter(start=SLOTS[0]).count() == 1
    loser = SlotOffer.objects.get(status=OfferStatus.OPEN)
    assert SLOTS[0] not in services.offer_free_starts(loser)  # told to pick again: the page no longer offers it
    # The same guest clicking twice at once books once.
    assert race([loser, loser], SLOTS[1]) == ["booked", "offer_closed"]
    assert Meeting.objects.count() == 2
    assert SlotOffer.objects.filter(status=OfferStatus.PICKED).count() == 2
