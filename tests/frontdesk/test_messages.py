"""While-you-were-out messages: delivered in the app and by e-mail, to the substitute too while the person is away."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.core.errors import Conflict, NotAllowed
from backoffice.core.models import Notification
from backoffice.core.mywork import work_for
from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER
from backoffice.frontdesk import selectors, services
from backoffice.frontdesk.choices import MessageStatus, Urgency
from backoffice.frontdesk.models import PhoneMessage
from tests.builders import make_user


def _take(office, person=None, **values):
    defaults = {"caller_name": "Jan Novák", "company": "Stavby Novák", "callback_number": "602 111 222"}
    defaults.update(values)
    return services.message_take(actor=office.reception, for_person=person or office.absent, **defaults)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_message_for_an_absent_colleague_reaches_them_and_their_substitute_by_mail(office, smtp_server):
    message = _take(office, text="Prosí o nabídku.", urgency=Urgency.URGENT)
    assert message.delivered_to_substitute == office.substitute
    assert message.callback_e164 == "+420602111222"
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted([office.absent_user.email, office.substitute_user.email])
    to_substitute = next(m for m in smtp_server.messages if m["To"] == office.substitute_user.email)
    assert "whom you cover for" in to_substitute["Subject"]
    assert "+420602111222" in to_substitute.get_content()
    about_calls = Notification.objects.filter(title__contains="Jan Novák")
    assert about_calls.filter(recipient=office.substitute_user).count() == 1
    assert about_calls.filter(recipient=office.bystander_user).count() == 0


@pytest.mark.django_db
def test_a_message_for_a_present_colleague_goes_to_them_alone(office):
    message = _take(office, person=office.bystander)
    assert message.delivered_to_substitute is None
    about_calls = Notification.objects.filter(title__contains="Jan Novák")
    assert list(about_calls.values_list("recipient", flat=True)) == [office.bystander_user.pk]


@pytest.mark.django_db
def test_who_may_read_a_message(office):
    """The person, whoever covers for them now, and the back office; not even the office manager."""
    message = _take(office)
    manager = make_user(OFFICE_MANAGER)
    for user, sees in [
        (office.absent_user, True),
        (office.substitute_user, True),
        (office.reception, True),
        (manager, False),
        (office.bystander_user, False),
    ]:
        assert selectors.messages_visible_to(user).filter(pk=message.pk).exists() is sees, user
    with pytest.raises(NotAllowed):
        services.message_set_status(actor=office.bystander_user, message=message, status=MessageStatus.DONE)


@pytest.mark.django_db
def test_the_substitute_loses_sight_of_it_when_the_cover_ends(office):
    message = _take(office)
    office.absent.substitutions.update(cancelled_at=timezone.now())
    office.absent.absences.update(end_date=dt.date(2000, 1, 1), start_date=dt.date(2000, 1, 1))
    assert not selectors.messages_visible_to(office.substitute_user).filter(pk=message.pk).exists()


@pytest.mark.django_db
def test_status_goes_forward_only(office):
    message = _take(office)
    message = services.message_set_status(actor=office.absent_user, message=message, status=MessageStatus.READ)
    message = services.message_set_status(actor=office.absent_user, message=message, status=MessageStatus.CALLED_BACK)
    with pytest.raises(Conflict) as error:
        services.message_set_status(actor=office.absent_user, message=message, status=MessageStatus.NEW)
    assert "status" in error.value.fields
    assert str(error.value) == "The caller has already been called back; the message cannot go back to new or read."
    message = services.message_set_status(actor=office.substitute_user, message=message, status=MessageStatus.DONE)
    assert message.done_at is not None


@pytest.mark.django_db
def test_opening_marks_read_only_for_the_addressee(client_for, office):
    message = _take(office)
    reception = make_user(BACK_OFFICE)
    client = client_for(None)
    client.force_login(reception)
    client.get(f"/frontdesk/messages/{message.pk}/")
    message.refresh_from_db()
    assert message.status == MessageStatus.NEW
    client.force_login(office.substitute_user)
    page = client.get(f"/frontdesk/messages/{message.pk}/")
    assert page.status_code == 200 and "Jan Novák" in page.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    buttons = page.content.decode()
    assert ">Mark as called back<" in buttons and ">Mark as done<" in buttons and "Mark as read" not in buttons
    client.force_login(office.bystander_user)
    assert client.get(f"/frontdesk/messages/{message.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overdue_callbacks_are_reminded_once_to_the_person_and_the_cover(office, smtp_server):
    message = _take(office, callback_by=timezone.now() + dt.timedelta(minutes=1))
    _take(office, caller_name="Bez termínu")
    smtp_server.messages.clear()
    later = timezone.now() + dt.timedelta(hours=1)
    assert services.remind_overdue_callbacks(now=later) == 1
    assert services.remind_overdue_callbacks(now=later) == 0
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages}
    assert set(subjects) == {office.absent_user.email, office.substitute_user.email}
    assert all(s == "Overdue call-back: Jan Novák" for s in subjects.values())
    message.refresh_from_db()
    assert message.reminded_at is not None


@pytest.mark.django_db
def test_my_work_lists_messages_to_call_back_for_me_and_for_whom_i_cover(office):
    _take(office, callback_by=timezone.now() - dt.timedelta(minutes=1) + dt.timedelta(minutes=3))
    items = [i for i in work_for(office.substitute_user) if i.module == "Front desk"]
    assert len(items) == 1 and items[0].on_behalf_of == "Pavel Novák"
    assert items[0].title == "Call back Jan Novák"
    assert [i for i in work_for(office.bystander_user) if i.module == "Front desk"] == []


@pytest.mark.django_db
def test_bad_input_is_refused_by_field_and_nothing_is_written(api_for, office):
    api = api_for(BACK_OFFICE)
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    for body, field in [
        ({"for_person_id": office.absent.pk, "caller_name": "  "}, "caller_name"),
        ({"for_person_id": office.absent.pk, "caller_name": "A", "callback_number": "123"}, "callback_number"),
        ({"for_person_id": office.absent.pk, "caller_name": "A", "callback_by": past}, "callback_by"),
        ({"for_person_id": office.absent.pk, "caller_name": "A", "urgency": "panic"}, "urgency"),
        ({"for_person_id": 424242, "caller_name": "A"}, "for_person_id"),
        ({"caller_name": "A"}, "for_person_id"),
    ]:
        response = api.post("/api/v1/frontdesk/messages", body, content_type="application/json")
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], response.json()
    assert PhoneMessage.objects.count() == 0
    assert not Notification.objects.filter(title__contains="called").exists()


@pytest.mark.django_db
def test_the_api_flow_of_a_message(api_for, office):
    api = api_for(BACK_OFFICE)
    created = api.post(
        "/api/v1/frontdesk/messages",
        {"for_person_id": office.absent.pk, "caller_name": "Jan Novák", "callback_number": "602111222"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["delivered_to_substitute"]["id"] == office.substitute.pk
    mine = api_for(office.substitute_user)
    assert mine.get("/api/v1/frontdesk/messages?open=true").json()["count"] == 1
    done = mine.post(
        f"/api/v1/frontdesk/messages/{body['id']}/status", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    back = mine.post(
        f"/api/v1/frontdesk/messages/{body['id']}/status", {"status": "read"}, content_type="application/json"
    )
    assert back.status_code == 409
    assert api_for(office.bystander_user).get(f"/api/v1/frontdesk/messages/{body['id']}").status_code == 404


@pytest.mark.django_db
def test_the_message_form_shows_the_cover_and_delivers(client_for, office):
    client = client_for(BACK_OFFICE)
    page = client.get(f"/frontdesk/messages/new/?for_person={office.absent.pk}").content.decode()
    assert "Kateřina Pokorná covers for them" in page
    response = client.post(
        "/frontdesk/messages/new/",
        {
            "for_person": office.absent.pk,
            "caller_name": "Jan Novák",
            "callback_number": "602111222",
            "urgency": "normal",
        },
        follow=True,
    )
    assert "also to Kateřina Pokorná" in response.content.decode()
    bad = client.post(
        "/frontdesk/messages/new/",
        {"for_person": office.absent.pk, "caller_name": "Jan", "callback_number": "nope", "urgency": "normal"},
    )
    assert bad.status_code == 200 and "not a valid phone number" in bad.content.decode()
    assert PhoneMessage.objects.count() == 1


@pytest.mark.django_db
def test_the_phone_directory_shows_extensions_and_who_covers(client_for, office):
    page = client_for(BACK_OFFICE).get("/frontdesk/directory/").content.decode()
    assert "201" in page and "away" in page and "Kateřina Pokorná" in page


@pytest.mark.django_db
def test_the_message_page_shows_its_history(client_for, office):
    message = _take(office)
    services.message_set_status(actor=office.absent_user, message=message, status=MessageStatus.DONE)
    client = client_for(None)
    client.force_login(office.absent_user)
    page = client.get(f"/frontdesk/messages/{message.pk}/").content.decode()
    history = page.split('data-testid="history"')[1]
    assert history.count("<tr>") == 3  # the header, created, and the change to done
