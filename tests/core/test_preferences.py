"""A person's language follows them: pages after login, notifications and e-mails; the daily digest opt-out."""

import pytest
from django.test import Client
from django.utils import translation

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry, Notification, OutboxMessage, Preference
from backoffice.core.notifications import notify
from backoffice.core.preferences import language_of, preference_update, speaking_to
from backoffice.core.roles import EMPLOYEE
from backoffice.people.services import absence_record
from tests.builders import PASSWORD, days, make_user

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    return client


def test_without_a_choice_the_company_language_is_used(settings):
    user = make_user(EMPLOYEE)
    assert language_of(user) == settings.LANGUAGE_CODE
    assert language_of(None) == settings.LANGUAGE_CODE


def test_the_language_switch_is_kept_as_the_persons_preference_and_audited():
    user = make_user(EMPLOYEE)
    client = signed_in(user)
    response = client.post("/i18n/setlang/", {"language": "cs", "next": "/"})
    assert response.status_code == 302
    assert Preference.objects.get(user=user).language == "cs"
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="create").exists()


def test_a_new_browser_gets_the_saved_language_after_login():
    user = make_user(EMPLOYEE)
    preference_update(actor=user, user=user, language="cs")
    page = signed_in(user).get("/profile/")
    assert page.status_code == 200
    assert page["Content-Language"] == "cs"
    assert "Profil" in page.content.decode()


def test_an_explicit_choice_in_this_browser_wins_over_the_saved_one(settings):
    user = make_user(EMPLOYEE)
    preference_update(actor=user, user=user, language="cs")
    client = signed_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/profile/")["Content-Language"] == "en"


def test_the_profile_form_saves_language_and_digest():
    user = make_user(EMPLOYEE)
    client = signed_in(user)
    response = client.post("/profile/preferences/", {"preference-language": "en"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=user)
    assert (preference.language, preference.daily_digest) == ("en", False)
    assert client.get("/profile/")["Content-Language"] == "en"


def test_an_unknown_language_is_refused_with_a_message_and_nothing_saved():
    user = make_user(EMPLOYEE)
    with pytest.raises(InvalidInput) as refused:
        preference_update(actor=user, user=user, language="de")
    assert "language" in refused.value.fields
    response = signed_in(user).post("/profile/preferences/", {"preference-language": "xx"}, follow=True)
    assert "Choose one of the offered languages." in response.content.decode()
    assert not Preference.objects.filter(user=user).exists()


def test_nobody_changes_another_persons_preferences():
    user, other = make_user(EMPLOYEE), make_user(EMPLOYEE)
    with pytest.raises(NotAllowed):
        preference_update(actor=other, user=user, language="en")
    assert not Preference.objects.filter(user=user).exists()


def test_a_notification_reaches_the_recipient_in_their_language_whoever_causes_it():
    manager = make_user(EMPLOYEE).employee
    employee = make_user(EMPLOYEE, manager=manager).employee
    preference_update(actor=manager.user, user=manager.user, language="cs")
    with translation.override("en"):  # the employee works in English
        absence_record(actor=employee.user, employee=employee, kind="vacation", start_date=days(3), end_date=days(4))
    notification = Notification.objects.get(recipient=manager.user)
    assert "žádá o nepřítomnost" in notification.title
    assert OutboxMessage.objects.filter(subject=notification.title).exists()


def test_lazy_text_given_to_notify_is_rendered_in_the_recipients_language():
    from django.utils.translation import gettext_lazy

    user = make_user(EMPLOYEE)
    preference_update(actor=user, user=user, language="cs")
    with translation.override("en"):
        notification = notify(recipient=user, title=gettext_lazy("Profile"), email=False)
    assert notification.title == "Profil"
    with speaking_to(user):
        assert translation.get_language() == "cs"
