"""The shared inbox against a real Dovecot: nothing fetched twice or missed, threads, charsets, bad mail, replies."""

from __future__ import annotations

import time
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

import pytest

from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.records import create_record
from backoffice.core.roles import BACK_OFFICE
from backoffice.frontdesk import inbox
from backoffice.frontdesk.choices import ConversationStatus, MailboxPurpose, RuleField
from backoffice.frontdesk.models import Conversation, Fax, Mailbox, MailMessage, RoutingRule
from tests.builders import make_user


def mail(
    subject: str = "Dotaz",
    *,
    sender: str = "Jan Novák <jan@stavby.cz>",
    body: str = "Dobrý den, prosím o nabídku.",
    charset: str = "utf-8",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    attachment: tuple[str, bytes] | None = None,
) -> bytes:
    text = MIMEText(body, "plain", charset)
    if attachment:
        message = MIMEMultipart()
        message.attach(text)
        part = MIMEApplication(attachment[1], "octet-stream")
        part.add_header("Content-Disposition", "attachment", filename=attachment[0])
        message.attach(part)
    else:
        message = text
    message["From"] = str(Header(sender, charset)) if not sender.isascii() else sender
    if not sender.isascii():
        name, address = sender.rsplit("<", 1)
        message.replace_header("From", f"{Header(name.strip(), charset).encode()} <{address}")
    message["To"] = "info@firma.cz"
    message["Subject"] = Header(subject, charset).encode()
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain="stavby.cz")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    return message.as_bytes()


@pytest.fixture
def mailbox(db, dovecot, media):
    return create_record(
        Mailbox,
        name="Info",
        address="info@firma.cz",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username="info",
        password=dovecot.password,
    )


pytestmark = pytest.mark.django_db


def test_each_message_is_fetched_once_and_none_is_missed(dovecot, mailbox):
    dovecot.append("info", mail("První"), mail("Druhý"))
    assert inbox.sync_mailbox(mailbox).fetched == 2
    assert inbox.sync_mailbox(mailbox).fetched == 0
    dovecot.append("info", mail("Třetí"))
    assert inbox.sync_mailbox(mailbox).fetched == 1
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 3 and mailbox.uidvalidity
    assert sorted(MailMessage.objects.values_list("subject", flat=True)) == ["Druhý", "První", "Třetí"]


def test_a_new_uidvalidity_refetches_without_doubling(dovecot, mailbox):
    client = dovecot.client("info")
    client.create_folder("Sdilena")
    client.logout()
    Mailbox.objects.filter(pk=mailbox.pk).update(folder="Sdilena")
    mailbox.refresh_from_db()
    kept = mail("Zůstane")
    dovecot.append("info", kept, folder="Sdilena")
    inbox.sync_mailbox(mailbox)
    first_validity = Mailbox.objects.get(pk=mailbox.pk).uidvalidity
    time.sleep(1.1)  # Dovecot's UIDVALIDITY is a time stamp
    client = dovecot.client("info")
    client.delete_folder("Sdilena")
    client.create_folder("Sdilena")
    client.logout()
    dovecot.append("info", kept, mail("Nová"), folder="Sdilena")
    mailbox.refresh_from_db()
    inbox.sync_mailbox(mailbox)
    mailbox.refresh_from_db()
    assert mailbox.uidvalidity != first_validity
    assert sorted(MailMessage.objects.values_list("subject", flat=True)) == ["Nová", "Zůstane"]


def test_replies_join_their_conversation(dovecot, mailbox):
    first_id = make_msgid(domain="stavby.cz")
    second_id = make_msgid(domain="stavby.cz")
    dovecot.append(
        "info",
        mail("Objednávka", message_id=first_id),
        mail("Re: Objednávka", message_id=second_id, in_reply_to=first_id, references=first_id),
        mail("Re: Objednávka", references=f"{first_id} {second_id}"),
        mail("Jiná věc"),
    )
    inbox.sync_mailbox(mailbox)
    threads = {c.subject: c.messages.count() for c in Conversation.objects.all()}
    assert threads == {"Objednávka": 3, "Jiná věc": 1}


@pytest.mark.parametrize("charset", ["utf-8", "windows-1250", "iso-8859-2"])
def test_czech_charsets_display_right(dovecot, mailbox, charset):
    dovecot.append(
        "info",
        mail(
            "Žluťoučký kůň úpěl ďábelské ódy",
            sender="Řehoř Čížek <rehor@firma.cz>",
            body="Příliš žluťoučký kůň.",
            charset=charset,
        ),
    )
    inbox.sync_mailbox(mailbox)
    stored = MailMessage.objects.get()
    assert stored.subject == "Žluťoučký kůň úpěl ďábelské ódy"
    assert stored.from_name == "Řehoř Čížek"
    assert stored.body.strip() == "Příliš žluťoučký kůň."
    assert stored.problem == ""


def test_a_mislabelled_or_unknown_charset_is_still_readable(dovecot, mailbox):
    mislabelled = (
        b"From: a@b.cz\r\nSubject: =?utf-8?q?Cen=C3=ADk?=\r\nMessage-ID: <x1@b.cz>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "Dobrý den, ceník.".encode("cp1250") + b"\r\n"
    )
    unknown = (
        b"From: a@b.cz\r\nSubject: Nabidka\r\nMessage-ID: <x2@b.cz>\r\n"
        b"Content-Type: text/plain; charset=x-nonsense\r\n\r\n" + "Žádost".encode("iso-8859-2") + b"\r\n"
    )
    dovecot.append("info", mislabelled, unknown)
    inbox.sync_mailbox(mailbox)
    bodies = {m.subject: m.body.strip() for m in MailMessage.objects.all()}
    assert bodies == {"Ceník": "Dobrý den, ceník.", "Nabidka": "Žádost"}


def test_malformed_mail_is_stored_readable_and_the_poller_goes_on(dovecot, mailbox, monkeypatch):
    garbage = b"This is not\r\n\r\n\x00\xff\xfe a proper message at all =?broken?="
    broken_mime = (
        b"From: a@b.cz\r\nSubject: Rozbita\r\nMessage-ID: <rb@b.cz>\r\n"
        b'Content-Type: multipart/mixed; boundary="nikde"\r\n\r\nno boundary ever comes\r\n'
    )
    dovecot.append("info", garbage, broken_mime, mail("Poison"), mail("Po ní"))
    real = inbox.store_incoming

    def fail_on_poison(mb, raw, **kwargs):
        if b"Poison" in raw:
            raise RuntimeError("database hiccup")
        return real(mb, raw, **kwargs)

    monkeypatch.setattr(inbox, "store_incoming", fail_on_poison)
    report = inbox.sync_mailbox(mailbox)
    assert report.fetched == 3 and report.failed == 1 and "UID 3" in report.errors[0]
    subjects = set(MailMessage.objects.values_list("subject", flat=True))
    assert {"Rozbita", "Po ní"} <= subjects
    assert MailMessage.objects.count() == 3
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 4 and "UID 3" in mailbox.last_error
    rozbita = MailMessage.objects.get(subject="Rozbita")
    assert "damaged" in rozbita.problem


def test_attachments_are_size_limited_and_typed_by_content(dovecot, mailbox, settings):
    settings.FRONTDESK_ATTACHMENT_MAX_BYTES = 10_000
    dovecot.append(
        "info",
        mail("Velká", attachment=("obrovska.pdf", b"%PDF-1.4\n" + b"0" * 20_000)),
        mail("Převlek", attachment=("faktura.pdf", b"MZ\x90\x00 a program in disguise")),
        mail("Skutečné PDF", attachment=("scan.txt", b"%PDF-1.7\n1 0 obj")),
    )
    inbox.sync_mailbox(mailbox)
    by_subject = {m.subject: m.attachments.get() for m in MailMessage.objects.all()}
    big = by_subject["Velká"]
    assert "larger than" in big.refused and not big.file and big.size == 20_009
    assert by_subject["Převlek"].refused == "Programs are not accepted."
    real = by_subject["Skutečné PDF"]
    assert real.content_type == "application/pdf" and real.file and not real.refused
    assert "/" not in real.file.name.rsplit("frontdesk/mail/", 1)[1]


def test_an_attachment_is_downloaded_only_by_those_who_see_the_conversation(dovecot, mailbox, client_for):
    dovecot.append("info", mail("Sken", attachment=("../../etc/passwd.pdf", b"%PDF-1.4 ok")))
    inbox.sync_mailbox(mailbox)
    attachment = MailMessage.objects.get().attachments.get()
    assert attachment.filename == "passwd.pdf"
    response = client_for(BACK_OFFICE).get(f"/frontdesk/inbox/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 ok"
    assert response["Content-Type"] == "application/pdf"
    assert (
        client_for(
            None,
        )
        .get(f"/frontdesk/inbox/attachments/{attachment.pk}/")
        .status_code
        == 302
    )


def test_routing_rules_assign_and_tell_the_assignee(dovecot, mailbox, office):
    create_record(RoutingRule, field=RuleField.SENDER, contains="stavby.cz", assignee=office.bystander, position=1)
    create_record(RoutingRule, field=RuleField.SUBJECT, contains="faktura", assignee=office.absent, position=2)
    dovecot.append("info", mail("Dotaz"), mail("FAKTURA 118", sender="ucetni@toner.cz"), mail("Nic", sender="x@y.cz"))
    inbox.sync_mailbox(mailbox)
    assignees = {c.subject: c.assignee for c in Conversation.objects.all()}
    assert assignees == {"Dotaz": office.bystander, "FAKTURA 118": office.absent, "Nic": None}
    assert Notification.objects.filter(recipient=office.bystander_user, title__contains="Dotaz").exists()
    # Pavel is away: the one who covers his front desk work is told too, and sees the conversation.
    assert Notification.objects.filter(recipient=office.substitute_user, title__contains="FAKTURA").exists()
    from backoffice.frontdesk.selectors import conversations_visible_to

    assert conversations_visible_to(office.substitute_user).count() == 1
    assert conversations_visible_to(make_user(None)).count() == 0


def test_mail_from_a_linked_supplier_goes_to_whoever_handles_supplies_now(dovecot, mailbox, office, client_for):
    from backoffice.core.errors import InvalidInput
    from backoffice.core.roles import OFFICE_MANAGER
    from backoffice.people import services as people
    from backoffice.people.choices import AbsenceKind, Area
    from backoffice.supplies.models import Supplier
    from tests.builders import days

    manager = make_user(OFFICE_MANAGER, first_name="Olga", last_name="Horáková").employee
    cover = make_user(None, first_name="Ivan", last_name="Beneš")
    paper = create_record(Supplier, name="Papírna Hradec", email="info@papirna.cz", order_email="Objednavky@Papirna.cz")
    toner = create_record(Supplier, name="Toner Plus", email="")
    create_record(RoutingRule, field=RuleField.SENDER, contains="", supplier=paper, position=1)
    create_record(RoutingRule, field=RuleField.SUBJECT, contains="tonery", supplier=toner, position=2)
    create_record(RoutingRule, field=RuleField.SENDER, contains="papirna.cz", assignee=office.bystander, position=3)
    dovecot.append("info", mail("Potvrzení objednávky", sender="Papírna <objednavky@papirna.cz>"))
    inbox.sync_mailbox(mailbox)
    confirmation = Conversation.objects.get(subject="Potvrzení objednávky")
    assert (confirmation.supplier, confirmation.assignee) == (paper, manager)
    # The office manager goes on holiday with Ivan covering supplies: the next supplier mail is Ivan's.
    people.absence_record(actor=None, employee=manager, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(3))
    people.substitution_create(
        actor=None, absent=manager, substitute=cover.employee, area=Area.SUPPLIES, start_date=days(0), end_date=days(3)
    )
    dovecot.append(
        "info",
        mail("Faktura", sender="info@papirna.cz"),
        mail("Nabídka: TONERY levně", sender="obchod@toner.cz"),
        mail("Ceník", sender="jiny@papirna.cz"),  # the supplier's domain, but not its address: the third rule
    )
    inbox.sync_mailbox(mailbox)
    routed = {c.subject: (c.supplier, c.assignee) for c in Conversation.objects.exclude(pk=confirmation.pk)}
    assert routed == {
        "Faktura": (paper, cover.employee),
        "Nabídka: TONERY levně": (toner, cover.employee),
        "Ceník": (None, office.bystander),
    }
    assert Notification.objects.filter(recipient=cover, title__contains="Faktura").exists()
    api = client_for(BACK_OFFICE)
    detail = api.get(f"/api/v1/frontdesk/conversations/{confirmation.pk}").json()
    assert detail["supplier"] == {"id": paper.pk, "name": "Papírna Hradec"}
    assert "Papírna Hradec" in api.get(f"/frontdesk/inbox/{confirmation.pk}/").content.decode()
    # A rule names a person or a supplier, not both; a text to look for unless it is a supplier's sender rule.
    for bad in [
        {"field": RuleField.SENDER, "contains": "x", "supplier": paper, "assignee": office.bystander},
        {"field": RuleField.SENDER, "contains": "x"},
        {"field": RuleField.SUBJECT, "contains": "", "supplier": paper},
        {"field": RuleField.SENDER, "contains": "", "assignee": office.bystander},
    ]:
        with pytest.raises(InvalidInput):
            create_record(RoutingRule, **bad)
    assert RoutingRule.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reply_goes_out_over_smtp_threaded_and_the_answer_comes_back_into_the_thread(dovecot, mailbox, smtp_server):
    original = make_msgid(domain="stavby.cz")
    dovecot.append("info", mail("Poptávka", message_id=original, references="<earlier@stavby.cz>"))
    inbox.sync_mailbox(mailbox)
    conversation = Conversation.objects.get()
    reception = make_user(BACK_OFFICE)
    reply = inbox.conversation_reply(actor=reception, conversation=conversation, body="Děkujeme, nabídku pošleme.")
    sent = smtp_server.messages[-1]
    assert sent["To"] == "jan@stavby.cz" and sent["Subject"] == "Re: Poptávka"
    assert sent["In-Reply-To"] == original
    assert sent["References"].split() == ["<earlier@stavby.cz>", original]
    assert sent["From"] == "info@firma.cz"
    assert sent["Message-ID"] == reply.message_id
    assert OutboxMessage.objects.get(message_id=reply.message_id).status == "sent"
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.WAITING
    dovecot.append(
        "info", mail("Re: Poptávka", in_reply_to=reply.message_id, references=f"{original} {reply.message_id}")
    )
    inbox.sync_mailbox(mailbox)
    conversation.refresh_from_db()
    assert conversation.messages.count() == 3 and conversation.status == ConversationStatus.OPEN


def test_the_poller_job_goes_on_when_one_mailbox_is_down(dovecot, mailbox):
    from backoffice.frontdesk.tasks import poll_mailboxes
    from tests.peers import free_port

    create_record(
        Mailbox,
        name="Mrtvá",
        address="x@firma.cz",
        host="127.0.0.1",
        port=free_port(),
        use_ssl=False,
        username="x",
        password="x",
    )
    dovecot.append("info", mail("Funguje"))
    assert poll_mailboxes.call_local() == 1
    assert Mailbox.objects.get(name="Mrtvá").last_error
    assert MailMessage.objects.get().subject == "Funguje"


def test_the_pages_show_the_inbox_and_change_a_conversation(dovecot, mailbox, client_for, office):
    dovecot.append("info", mail("Žádost o schůzku", charset="windows-1250"))
    inbox.sync_mailbox(mailbox)
    conversation = Conversation.objects.get()
    client = client_for(BACK_OFFICE)
    assert "Žádost o schůzku" in client.get("/frontdesk/inbox/").content.decode()
    detail = client.get(f"/frontdesk/inbox/{conversation.pk}/").content.decode()
    assert "prosím o nabídku" in detail
    client.post(f"/frontdesk/inbox/{conversation.pk}/change/", {"status": "closed", "assignee": office.bystander.pk})
    conversation.refresh_from_db()
    assert conversation.status == "closed" and conversation.assignee == office.bystander
    api = client_for(None)
    api.force_login(office.bystander_user)
    assert api.get(f"/api/v1/frontdesk/conversations/{conversation.pk}").json()["messages"][0]["subject"]
    bad = client_for(BACK_OFFICE).post(
        f"/api/v1/frontdesk/conversations/{conversation.pk}", {"status": "lost"}, content_type="application/json"
    )
    assert bad.status_code in (405, 422)


def test_faxes_from_the_gateway_mailbox_become_fax_inbox_entries(dovecot, mailbox, office):
    Mailbox.objects.filter(pk=mailbox.pk).update(purpose=MailboxPurpose.FAX, fax_recipient=office.absent)
    mailbox.refresh_from_db()
    from tests.frontdesk.test_fax import tiny_tiff

    dovecot.append(
        "info", mail("Fax from 224123456", sender="224123456@fax.gateway.cz", attachment=("fax.tif", tiny_tiff()))
    )
    inbox.sync_mailbox(mailbox)
    fax = Fax.objects.get()
    assert fax.direction == "in" and fax.status == "received" and fax.pages == 1
    assert fax.for_person == office.absent and fax.number == "224123456"
    assert Notification.objects.filter(recipient=office.substitute_user, title__contains="fax").exists()


def test_the_mailbox_password_is_never_sent_back_and_an_empty_field_keeps_it(db):
    from backoffice.frontdesk.admin import MailboxForm

    box = create_record(
        Mailbox, name="Info", address="info@firma.cz", host="127.0.0.1", username="info", password="Tajne-heslo-7"
    )
    form = MailboxForm(instance=box)
    assert "Tajne-heslo-7" not in str(form["password"])
    data = {
        "name": "Info",
        "purpose": box.purpose,
        "address": "info@firma.cz",
        "host": "imap.firma.cz",
        "port": 993,
        "use_ssl": "on",
        "username": "info",
        "password": "",
        "folder": "INBOX",
        "active": "on",
    }
    edit = MailboxForm(data=data, instance=box)
    assert edit.is_valid(), edit.errors
    edit.save()
    box.refresh_from_db()
    assert (box.host, box.password) == ("imap.firma.cz", "Tajne-heslo-7")
    assert MailboxForm(data={**data, "password": "Nove-heslo"}, instance=box).save().password == "Nove-heslo"
    assert not MailboxForm(data={**data, "name": "Jiná"}).is_valid()  # a new mailbox needs its password
    from backoffice.core.models import AuditEntry

    assert not any("Nove-heslo" in str(e.before) + str(e.after) for e in AuditEntry.objects.all())
