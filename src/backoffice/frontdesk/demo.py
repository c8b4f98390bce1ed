"""Demo data of the front desk: a month of calls and messages, a mailbox with conversations, a few faxes."""

from __future__ import annotations

import datetime as dt
import random
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from backoffice.core.audit import record_bulk_create
from backoffice.core.demo import demo_step
from backoffice.core.records import create_record
from backoffice.core.text import fold
from backoffice.frontdesk import fax, inbox, services
from backoffice.frontdesk.choices import CallOutcome, Direction, FaxStatus, MailboxPurpose, RuleField, Urgency
from backoffice.frontdesk.models import Call, Fax, Mailbox, RoutingRule, name_search_keys
from backoffice.people.models import Employee
from backoffice.supplies.models import Supplier

CALLERS = [
    ("Jan Novák", "Stavby Novák s.r.o.", "+420602111222"),
    ("Petra Svobodová", "Kancelářské potřeby Praha a.s.", "+420733444555"),
    ("Milan Dušek", "TonerShop CZ", "+420224123456"),
    ("Ivana Malá", "", "+420777888999"),
    ("Karel Jelínek", "Servis tiskáren Brno", "+420541222333"),
    ("Lenka Říhová", "Úřad práce", "+420950111222"),
    ("Tomáš Havel", "Autodoprava Havel", "+420608765432"),
]
PURPOSES = ["objednávka", "reklamace", "faktura", "schůzka", "nabídka služeb", "dotaz na zásilku", "servis"]


@demo_step(order=40)
def build_frontdesk(*, scale: str, out) -> None:
    rng = random.Random(5)
    people = list(Employee.objects.filter(archived_at__isnull=True).exclude(phone_extension=""))
    if not people:
        return
    now = timezone.now()
    calls = []
    for day in range(30, -1, -1):
        for _ in range(rng.randint(12, 30)):
            name, company, number = rng.choice(CALLERS)
            at = now - dt.timedelta(days=day, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
            outcome = rng.choice([*[CallOutcome.CONNECTED] * 5, CallOutcome.TRANSFERRED, CallOutcome.MISSED])
            calls.append(
                Call(
                    direction=rng.choice([Direction.INCOMING] * 4 + [Direction.OUTGOING]),
                    started_at=at,
                    caller_name=name,
                    company=company,
                    number=number,
                    number_e164=number,
                    **name_search_keys(name),
                    company_key=fold(company),
                    for_person=rng.choice(people),
                    purpose=rng.choice(PURPOSES),
                    outcome=outcome,
                    duration_seconds=rng.randint(20, 900) if outcome != CallOutcome.MISSED else None,
                )
            )
    record_bulk_create(Call.objects.bulk_create(calls), reason="demo")
    for index in range(8):
        name, company, number = rng.choice(CALLERS)
        services.message_take(
            actor=None,
            for_person=rng.choice(people),
            caller_name=name,
            company=company,
            callback_number=number,
            text=f"Volal kvůli: {rng.choice(PURPOSES)}. Prosí o zavolání zpět.",
            urgency=Urgency.URGENT if index % 3 == 0 else Urgency.NORMAL,
            callback_by=now + dt.timedelta(hours=index * 3 + 1),
        )
    _mailbox(people, rng)
    _faxes(people)
    out.write(f"front desk: {len(calls)} calls, 8 messages, a shared inbox, faxes")


def _mail(subject: str, sender: str, body: str, *, reply_to: str = "", charset: str = "utf-8") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "info@demo-firma.cz"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.cz")
    message["Date"] = format_datetime(timezone.now() - dt.timedelta(hours=3))
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    message.set_content(body, charset=charset)
    return bytes(message)


def _mailbox(people: list[Employee], rng: random.Random) -> None:
    mailbox = create_record(
        Mailbox,
        name="Info",
        address="info@demo-firma.cz",
        host="imap.demo-firma.cz",
        port=993,
        username="info",
        password="demo",
        active=False,  # nothing to connect to in the demo
    )
    create_record(RoutingRule, field=RuleField.SUBJECT, contains="faktura", assignee=people[0], mailbox=None)
    supplier = Supplier.objects.filter(archived_at__isnull=True).exclude(email="").order_by("id").first()
    if supplier is not None:  # mail from a supplier's address goes to whoever handles supplies
        create_record(RoutingRule, field=RuleField.SENDER, contains="", supplier=supplier, position=10)
        inbox.store_incoming(
            mailbox,
            _mail("Potvrzení objednávky", f"{supplier.name} <{supplier.email}>", "Dobrý den, potvrzujeme dodání."),
            uidvalidity=None,
            uid=None,
        )
    first = inbox.store_incoming(
        mailbox,
        _mail("Faktura 2026/118", "Účtárna TonerShop <ucetni@tonershop.cz>", "Dobrý den, posíláme fakturu."),
        uidvalidity=None,
        uid=None,
    )
    inbox.store_incoming(
        mailbox,
        _mail(
            "Re: Faktura 2026/118",
            "Účtárna TonerShop <ucetni@tonershop.cz>",
            "Doplňujeme číslo objednávky.",
            reply_to=first.message_id,
        ),
        uidvalidity=None,
        uid=None,
    )
    inbox.store_incoming(
        mailbox,
        _mail(
            "Poptávka školení",
            "Žaneta Šťastná <zaneta@skoleni.cz>",
            "Dobrý den, máte zájem o školení BOZP?",
            charset="windows-1250",
        ),
        uidvalidity=None,
        uid=None,
    )


def _faxes(people: list[Employee]) -> None:
    for number, subject, status in [
        ("+420224123456", "Objednávka tonerů", FaxStatus.SENT),
        ("+420541222333", "Objednávka servisu", FaxStatus.FAILED),
    ]:
        tiff, pages = fax.render(number=number, subject=subject, cover_text=subject, pdf=None, sender="Demo s.r.o.")
        create_record(
            Fax,
            direction=Direction.OUTGOING,
            number=number,
            number_e164=number,
            status=status,
            document=fax.files.store("frontdesk/fax", "fax.tif", tiff),
            pages=pages,
            subject=subject,
            attempts=1 if status == FaxStatus.SENT else 5,
            last_error="" if status == FaxStatus.SENT else "SMTPRecipientsRefused: 550 unknown fax number",
        )
    mailbox_purpose = MailboxPurpose.FAX  # incoming faxes come from a mailbox with this purpose
    create_record(
        Mailbox,
        name="Fax",
        purpose=mailbox_purpose,
        address="fax@demo-firma.cz",
        host="imap.demo-firma.cz",
        username="fax",
        password="demo",
        fax_recipient=people[0],
        active=False,
    )
