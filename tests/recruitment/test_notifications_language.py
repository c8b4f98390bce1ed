"""Interview invitations (sent through Meetings) speak each interviewer's language, not the HR person's."""

import datetime as dt

import pytest
from django.utils import translation

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import HR, INTERVIEWER
from backoffice.meetings.services import when_text
from backoffice.people.selectors import employee_of
from backoffice.recruitment import services
from tests.builders import make_user_speaking
from tests.recruitment.builders import make_application, next_weekday_at

pytestmark = pytest.mark.django_db

OTHER = {"cs": "en", "en": "cs"}
INVITATION = {"cs": "Pozvánka: ", "en": "Invitation: "}
WHEN = {"cs": "Kdy: ", "en": "When: "}


def speaking(language: str, role: str):
    return make_user_speaking(language, role)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_interviewers_are_invited_in_their_own_language(language):
    hr = speaking(OTHER[language], HR)
    interviewer, colleague = speaking(language, INTERVIEWER), speaking(OTHER[language], INTERVIEWER)
    application = make_application()
    start = next_weekday_at(10)
    end = start + dt.timedelta(hours=1)
    with translation.override(OTHER[language]):  # HR works in the other language
        services.interview_schedule(
            actor=hr,
            application=application,
            interviewers=[employee_of(interviewer), employee_of(colleague)],
            start=start,
            end=end,
        )
    for person, spoken in ((interviewer, language), (colleague, OTHER[language])):
        [invitation] = OutboxMessage.objects.filter(to=[employee_of(person).email])
        with translation.override(spoken):
            when = when_text(start, end)
        assert invitation.subject.startswith(INVITATION[spoken]) and invitation.subject.endswith(f"({when})")
        assert f"{WHEN[spoken]}{when}" in invitation.body
    assert not OutboxMessage.objects.filter(to=[hr.email]).exists()
