"""Invitations and reminders speak each participant's language, not the language of whoever booked the meeting
nor the worker's; guests and people without a login get the company's language."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import EMPLOYEE
from backoffice.meetings import services
from backoffice.meetings.models import Meeting
from tests.builders import make_employee, make_user_speaking
from tests.meetings.builders import PRAGUE, at, book

pytestmark = pytest.mark.django_db


def speaking(language: str):
    return make_user_speaking(language, EMPLOYEE).employee


def mail_to(person) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to=[person.email]).order_by("id"))


def when_in(language: str, start: dt.datetime, end: dt.datetime) -> str:
    with translation.override(language):
        return services.when_text(start, end)


@pytest.mark.parametrize("booker_language", ["cs", "en"])
def test_each_participant_reads_the_invitation_in_their_own_language(booker_language):
    czech, english = speaking("cs"), speaking("en")
    no_login = make_employee(first_name="Jiří", last_name="Bez Loginu")
    start = at(2031, 3, 3, 10)  # a Monday
    with translation.override(booker_language):
        meeting = book([czech, english, no_login], start, title="Porada", guests=[("Jan Host", "jan@example.com")])
    end = meeting.end
    [to_czech] = mail_to(czech)
    assert to_czech.subject == f"Pozvánka: Porada ({when_in('cs', start, end)})"
    assert f"Kdy: {when_in('cs', start, end)}" in to_czech.body
    [to_english] = mail_to(english)
    assert to_english.subject == f"Invitation: Porada ({when_in('en', start, end)})"
    assert f"When: {when_in('en', start, end)}" in to_english.body
    # the tests' company language is English
    assert mail_to(no_login)[0].subject.startswith("Invitation: Porada")
    assert OutboxMessage.objects.get(to=["jan@example.com"]).subject.startswith("Invitation: Porada")
    assert not Meeting.objects.exclude(pk=meeting.pk).exists()


def test_reminders_follow_each_participant_whatever_the_worker_speaks(settings):
    settings.MEETINGS_REMINDER_HOURS = 24
    czech, english = speaking("cs"), speaking("en")
    start = (timezone.now() + dt.timedelta(hours=3)).astimezone(PRAGUE).replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        uid="test-language@firma.cz", title="Porada", start=start, end=start + dt.timedelta(hours=1), organizer=czech
    )
    meeting.participants.set([czech, english])
    with translation.override("en"):
        assert services.send_due_reminders() == 1
    assert [m.subject for m in mail_to(czech)] == [f"Připomínka: Porada ({when_in('cs', start, meeting.end)})"]
    assert [m.subject for m in mail_to(english)] == [f"Reminder: Porada ({when_in('en', start, meeting.end)})"]
    with translation.override("cs"):
        assert services.send_due_reminders() == 0  # once only
