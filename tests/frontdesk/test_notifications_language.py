"""Front-desk notifications speak each recipient's language — the person called and their substitute may differ —
not the language of the receptionist or of the worker: messages, overdue call-backs, inbox assignment, faxes."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.preferences import preference_update
from backoffice.core.records import create_record
from backoffice.frontdesk import fax, inbox, services
from backoffice.frontdesk.choices import FaxStatus, MailboxPurpose
from backoffice.frontdesk.models import Fax, Mailbox, PhoneMessage
from tests.builders import make_user

pytestmark = pytest.mark.django_db

OTHER = {"cs": "en", "en": "cs"}
CALLED_YOU = {"cs": "Volal(a) vám Karel Šťastný", "en": "Karel Šťastný called you"}
CALLED_FOR = {
    "cs": "Karel Šťastný volal(a) osobě Pavel Novák, kterou zastupujete",
    "en": "Karel Šťastný called for Pavel Novák, whom you cover for",
}
WHO_CALLED = {"cs": "Kdo volal: Karel Šťastný", "en": "Who called: Karel Šťastný"}
CALL_BACK_BY = {"cs": "Zavolat zpět do: ", "en": "Call back by: "}
OVERDUE = {"cs": "Zpětné volání po termínu: Karel Šťastný", "en": "Overdue call-back: Karel Šťastný"}


def speak(user, language: str) -> None:
    preference_update(actor=user, user=user, language=language)


def forget_setup_notices() -> None:
    """The office fixture's substitution was already announced; only what the test triggers counts."""
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()


def told(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", "body"))


def mailed(user) -> list[tuple[str, str]]:
    return [(m.subject, m.body) for m in OutboxMessage.objects.filter(to=[user.email]).order_by("id")]


def callback_line(language: str, when: dt.datetime) -> str:
    with translation.override(language):
        return CALL_BACK_BY[language] + date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_person_called_and_their_substitute_each_read_their_own_language(office, language):
    speak(office.absent_user, language)
    speak(office.substitute_user, OTHER[language])
    speak(office.reception, "en")
    forget_setup_notices()
    callback_by = timezone.now() + dt.timedelta(hours=2)
    with translation.override("en"):  # the receptionist writes in English
        services.message_take(
            actor=office.reception,
            for_person=office.absent,
            caller_name="Karel Šťastný",
            callback_number="602 123 456",
            callback_by=callback_by,
        )
    [(title, body)] = told(office.absent_user)
    assert title == CALLED_YOU[language]
    assert body.startswith(WHO_CALLED[language]) and callback_line(language, callback_by) in body
    assert [subject for subject, _text in mailed(office.absent_user)] == [CALLED_YOU[language]]
    assert WHO_CALLED[language] in mailed(office.absent_user)[0][1]
    substitute_language = OTHER[language]
    [(title, body)] = told(office.substitute_user)
    assert title == CALLED_FOR[substitute_language]
    assert body.startswith(WHO_CALLED[substitute_language]) and callback_line(substitute_language, callback_by) in body
    assert [subject for subject, _text in mailed(office.substitute_user)] == [CALLED_FOR[substitute_language]]
    assert told(office.bystander_user) == [] and told(office.reception) == []


@pytest.mark.parametrize("language", ["cs", "en"])
def test_overdue_call_back_reminders_are_in_each_recipients_language_whatever_the_worker_speaks(office, language):
    speak(office.absent_user, language)
    speak(office.substitute_user, OTHER[language])
    services.message_take(
        actor=office.reception,
        for_person=office.absent,
        caller_name="Karel Šťastný",
        callback_by=timezone.now() + dt.timedelta(minutes=30),
    )
    forget_setup_notices()
    with translation.override(OTHER[language]):  # the worker's language is the other one
        assert services.remind_overdue_callbacks(timezone.now() + dt.timedelta(hours=1)) == 1
    assert [title for title, _body in told(office.absent_user)] == [OVERDUE[language]]
    assert [subject for subject, _text in mailed(office.absent_user)] == [OVERDUE[language]]
    assert [title for title, _body in told(office.substitute_user)] == [OVERDUE[OTHER[language]]]
    assert [subject for subject, _text in mailed(office.substitute_user)] == [OVERDUE[OTHER[language]]]
    assert PhoneMessage.objects.get().reminded_at is not None


def test_a_person_without_a_login_gets_the_mail_in_the_company_language(office, colleague, settings):
    with translation.override("cs"):
        services.message_take(actor=office.reception, for_person=colleague, caller_name="Karel Šťastný")
    [(subject, body)] = [(m.subject, m.body) for m in OutboxMessage.objects.filter(to=[colleague.email])]
    assert settings.LANGUAGE_CODE == "en"
    assert subject == CALLED_YOU["en"] and body.startswith(WHO_CALLED["en"])


@pytest.fixture
def info_mailbox(db, media):
    return create_record(
        Mailbox, name="Info", address="info@firma.cz", host="127.0.0.1", port=143, username="info", password="x"
    )


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [
        ("cs", "Byl vám přidělen e-mail: Dotaz na cenu", "Od: jan@stavby.cz."),
        ("en", "An e-mail was assigned to you: Dotaz na cenu", "From jan@stavby.cz."),
    ],
)
def test_an_assigned_e_mail_is_announced_in_the_assignees_language(office, info_mailbox, language, title, body):
    from tests.frontdesk.test_inbox import mail

    colleague = make_user(None, first_name="Marie", last_name="Dvořáková")
    speak(colleague, language)
    message = inbox.store_incoming(info_mailbox, mail("Dotaz na cenu"), uidvalidity=None, uid=None)
    with translation.override(OTHER[language]):
        inbox.conversation_change(
            actor=office.reception, conversation=message.conversation, assignee=colleague.employee
        )
    assert told(colleague) == [(title, body)]
    assert mailed(colleague) == [(title, f"{body}\n\n/frontdesk/inbox/{message.conversation.pk}/")]
    assert told(office.bystander_user) == []


def test_a_received_fax_is_announced_to_the_person_and_their_substitute_each_in_their_language(office, info_mailbox):
    from tests.frontdesk.test_fax import tiny_tiff
    from tests.frontdesk.test_inbox import mail

    speak(office.absent_user, "cs")
    speak(office.substitute_user, "en")
    Mailbox.objects.filter(pk=info_mailbox.pk).update(purpose=MailboxPurpose.FAX, fax_recipient=office.absent)
    info_mailbox.refresh_from_db()
    forget_setup_notices()
    raw = mail("Fax from 224123456", sender="224123456@fax.gateway.cz", attachment=("fax.tif", tiny_tiff()))
    with translation.override("en"):  # the inbox poller runs in the worker's language
        inbox.store_incoming(info_mailbox, raw, uidvalidity=None, uid=None)
    assert [t for t, _b in told(office.absent_user)] == ["Přišel fax z čísla 224123456"]
    assert [s for s, _b in mailed(office.absent_user)] == ["Přišel fax z čísla 224123456"]
    assert [t for t, _b in told(office.substitute_user)] == ["A fax arrived from 224123456"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "title"),
    [("cs", "Fax na číslo +420224123456 se nepodařilo odeslat"), ("en", "The fax to +420224123456 could not be sent")],
)
def test_a_failed_fax_is_reported_in_the_senders_language(media, smtp_server, settings, language, title):
    from backoffice.core.roles import BACK_OFFICE

    settings.FRONTDESK_FAX_MAX_ATTEMPTS = 1
    smtp_server.mailbox.refuse = True
    sender = make_user(BACK_OFFICE)
    speak(sender, language)
    with translation.override(OTHER[language]):  # the sending job runs in the other language
        item = fax.fax_send(actor=sender, number="224123456", cover_text="Prosím o potvrzení.")
    item.refresh_from_db()
    assert item.status == FaxStatus.FAILED
    assert [t for t, _b in told(sender)] == [title]
    assert Fax.objects.count() == 1
