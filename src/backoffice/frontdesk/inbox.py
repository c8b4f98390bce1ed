"""The shared inbox: read mailboxes over IMAP (nothing fetched twice or missed), thread, route, reply over SMTP."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.errors
import email.header
import email.policy
import email.utils
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change
from backoffice.core.backoff import retry_delay
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.records import update_record
from backoffice.core.text import fold
from backoffice.frontdesk import files
from backoffice.frontdesk.choices import ConversationStatus, Direction, MailboxPurpose, RuleField
from backoffice.frontdesk.models import Conversation, MailAttachment, Mailbox, MailMessage, RoutingRule
from backoffice.people.choices import Area
from backoffice.people.models import Employee
from backoffice.supplies.models import Supplier

log = logging.getLogger(__name__)

# (sender=Mailbox, mailbox=…, message=MailMessage, raw=bytes), inside the storing transaction: other modules read
# what they know out of an incoming message (meetings: replies to invitations).
mail_received = Signal()

FETCH_BATCH = 200
# A server away is tried again after 2, 4, 8 … minutes, at most hourly: the poll interval is the first step, and a
# server that refuses the log-in is not asked every two minutes (that locks accounts on many servers).
IMAP_RETRY_BASE = dt.timedelta(minutes=2)
IMAP_RETRY_CAP = dt.timedelta(hours=1)
MAX_MESSAGE_BYTES = 60 * 1024 * 1024  # larger messages are stored from their headers only
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


# --- parsing ------------------------------------------------------------------------------------


@dataclass
class ParsedAttachment:
    filename: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    from_address: str = ""
    from_name: str = ""
    to: str = ""
    subject: str = ""
    sent_at: object = None
    body: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def decode_header_value(value) -> tuple[str, bool]:
    """A header as text: RFC 2047 words in any charset, and raw 8-bit bytes that broken mailers send; ok=False if
    something had to be guessed away."""
    if value is None:
        return "", True
    if isinstance(value, email.header.Header):
        value = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in value):  # raw 8-bit bytes, kept by the parser as surrogates
        return decode_text(value.encode("utf-8", "surrogateescape"), None)
    try:
        return str(email.header.make_header(email.header.decode_header(value))), True
    except (LookupError, UnicodeDecodeError, email.errors.HeaderParseError, ValueError):
        pass
    try:
        chunks = email.header.decode_header(value)
    except (email.errors.HeaderParseError, ValueError):
        return value, False
    text, ok = [], True
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            decoded, fitted = decode_text(chunk, charset)
            text.append(decoded)
            ok = ok and fitted
        else:
            text.append(chunk)
    return "".join(text), ok


def _header(msg, name: str, parsed: ParsedMail) -> str:
    text, ok = decode_header_value(msg.get(name))
    if not ok:
        parsed.problems.append(_("The header %(name)s could not be decoded.") % {"name": name})
    return text.strip()


# Letters that only ISO-8859-2 puts at these bytes (š ž ť Š Ž Ť ś ź); windows-1250 has ©®«» ą ľ there instead.
_LATIN2_ONLY = set(b"\xa9\xab\xae\xb9\xbb\xbe\xa6\xb6\xbc\xac")


def _czech_8bit(data: bytes) -> str:
    """windows-1250 or ISO-8859-2 for undeclared or mislabelled Czech text: they differ only in a few letters."""
    if any(0x80 <= byte <= 0x9F for byte in data):
        return "windows-1250"  # C1 controls in ISO-8859-2, letters (š ž ť …) in windows-1250
    if any(byte in _LATIN2_ONLY for byte in data):
        return "iso-8859-2"
    return "windows-1250"


def decode_text(data: bytes, declared: str | None) -> tuple[str, bool]:
    """Text of a part: in the declared charset when it fits, else UTF-8, else the Czech 8-bit charset it looks like.

    ok=False when nothing fitted and unreadable bytes were replaced.
    """
    for charset in [declared, "utf-8"]:
        if not charset:
            continue
        try:
            return data.decode(charset), True
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode(_czech_8bit(data)), True
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), False


def _part_text(part, parsed: ParsedMail) -> str:
    data = part.get_payload(decode=True) or b""
    text, ok = decode_text(data, part.get_content_charset())
    if not ok:
        parsed.problems.append(_("Some characters could not be read and are shown as �."))
    if part.get_content_type() == "text/html":
        text = _html_to_text(text)
    return text


def _html_to_text(html: str) -> str:
    from html import unescape

    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()


def parse_mail(raw: bytes) -> ParsedMail:
    """Everything the inbox shows of a message; never raises: what cannot be read is noted in `problems`."""
    parsed = ParsedMail()
    try:
        # compat32 is several times faster than policy.default here; the headers are decoded by decode_header_value.
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # noqa: BLE001
        parsed.problems.append(_("The message is not valid MIME; it is shown as plain text."))
        parsed.body = decode_text(raw, None)[0]
        return parsed
    if msg.defects:
        parsed.problems.append(
            _("The message is damaged (%(defects)s).")
            % {"defects": ", ".join(type(d).__name__ for d in msg.defects[:3])}
        )
    parsed.message_id = (MESSAGE_ID.findall(_header(msg, "Message-ID", parsed)) or [""])[0][:500]
    parsed.in_reply_to = (MESSAGE_ID.findall(_header(msg, "In-Reply-To", parsed)) or [""])[0][:500]
    parsed.references = " ".join(MESSAGE_ID.findall(_header(msg, "References", parsed)))
    name, address = email.utils.parseaddr(_header(msg, "From", parsed))
    parsed.from_name, parsed.from_address = name[:300], address[:300]
    parsed.to = _header(msg, "To", parsed)[:2000]
    parsed.subject = _header(msg, "Subject", parsed)[:500]
    try:
        parsed.sent_at = email.utils.parsedate_to_datetime(_header(msg, "Date", parsed))
        if timezone.is_naive(parsed.sent_at):
            parsed.sent_at = timezone.make_aware(parsed.sent_at, timezone.get_default_timezone())
    except (TypeError, ValueError, IndexError):
        parsed.sent_at = None
    texts, htmls = [], []
    try:
        parts = list(msg.walk())
    except Exception:  # noqa: BLE001
        parts = [msg]
    for part in parts:
        if part.is_multipart():
            continue
        try:
            filename = decode_header_value(part.get_filename())[0]
            disposition = part.get_content_disposition()
        except Exception:  # noqa: BLE001
            filename, disposition = "attachment", "attachment"
        content_type = part.get_content_type()
        if filename or disposition == "attachment" or not content_type.startswith("text/"):
            data = part.get_payload(decode=True) or b""
            parsed.attachments.append(ParsedAttachment(filename or "attachment", data))
        elif content_type == "text/html":
            htmls.append(_part_text(part, parsed))
        else:
            texts.append(_part_text(part, parsed))
    parsed.body = "\n\n".join(texts) if texts else "\n\n".join(htmls)
    return parsed


# --- storing ------------------------------------------------------------------------------------


def _thread_of(mailbox: Mailbox, parsed: ParsedMail) -> Conversation | None:
    ids = MESSAGE_ID.findall(parsed.references) + ([parsed.in_reply_to] if parsed.in_reply_to else [])
    if not ids:
        return None
    earlier = (
        MailMessage.objects.filter(mailbox=mailbox, message_id__in=ids)
        .select_related("conversation")
        .order_by("-id")
        .first()
    )
    return earlier.conversation if earlier else None


def rules_for(mailbox: Mailbox) -> list[RoutingRule]:
    """This mailbox's rules and the general ones, in order; read once per sync, not once per message."""
    rows = RoutingRule.objects.filter(
        Q(mailbox=mailbox) | Q(mailbox__isnull=True),
        Q(assignee__isnull=True) | Q(assignee__archived_at__isnull=True),
        Q(supplier__isnull=True) | Q(supplier__archived_at__isnull=True),
    )
    return list(rows.select_related("assignee", "supplier").order_by("position", "id"))


@dataclass(frozen=True)
class Route:
    assignee: Employee | None = None
    supplier: Supplier | None = None


def _matches(rule: RoutingRule, sender: str, address: str, subject: str) -> bool:
    needle = fold(rule.contains)
    if needle:
        return needle in (sender if rule.field == RuleField.SENDER else subject)
    # a supplier rule without text: mail from one of the supplier's own addresses
    own = {fold(a) for a in (rule.supplier.email, rule.supplier.order_email) if a} if rule.supplier else set()
    return rule.field == RuleField.SENDER and bool(address) and address in own


def supplies_handler() -> Employee | None:
    """Who handles supplies right now: an office manager, or whoever covers their supplies duties (responsible_for)."""
    from backoffice.people.selectors import responsible_for
    from backoffice.supplies.services import office_managers

    managers = sorted(office_managers(), key=lambda e: e.pk)
    return responsible_for(managers[0], Area.SUPPLIES) if managers else None


def route(rules: list[RoutingRule], parsed: ParsedMail) -> Route:
    """The first rule that matches the sender or the subject: its person, or its supplier and whoever handles
    supplies now (nobody, when there is no office manager: the conversation stays unassigned but linked)."""
    sender = fold(f"{parsed.from_name} {parsed.from_address}")
    address = fold(parsed.from_address)
    subject = fold(parsed.subject)
    for rule in rules:
        if not _matches(rule, sender, address, subject):
            continue
        if rule.supplier is not None:
            return Route(assignee=supplies_handler(), supplier=rule.supplier)
        return Route(assignee=rule.assignee)
    return Route()


def _store_attachments(message: MailMessage, parsed: ParsedMail) -> list[MailAttachment]:
    stored = []
    limit = settings.FRONTDESK_ATTACHMENT_MAX_BYTES
    for item in parsed.attachments:
        content_type = files.sniff(item.data)
        reason = files.refusal(item.data, content_type, limit)
        path = "" if reason else files.store("frontdesk/mail", item.filename, item.data)
        stored.append(
            MailAttachment.objects.create(
                message=message,
                filename=files.safe_name(item.filename),
                content_type=content_type,
                size=len(item.data),
                file=path,
                refused=reason,
            )
        )
    return stored


def store_incoming(
    mailbox: Mailbox, raw: bytes, *, uidvalidity: int | None, uid: int | None, rules: list[RoutingRule] | None = None
) -> MailMessage:
    """One fetched message into its conversation (new or threaded), routed, its attachments stored."""
    from backoffice.frontdesk import fax

    parsed = parse_mail(raw)
    with transaction.atomic():
        conversation = _thread_of(mailbox, parsed)
        new_conversation = conversation is None
        if new_conversation:
            routed = route(rules_for(mailbox) if rules is None else rules, parsed)
            conversation = Conversation.objects.create(
                mailbox=mailbox,
                subject=parsed.subject[:300],
                counterpart=(parsed.from_address or parsed.from_name)[:300],
                assignee=routed.assignee,
                supplier=routed.supplier,
                last_message_at=parsed.sent_at or timezone.now(),
            )
            record_change(conversation, AuditEntry.Action.CREATE, reason="IMAP")
        else:
            changes = {
                "last_message_at": max(conversation.last_message_at or timezone.now(), parsed.sent_at or timezone.now())
            }
            if conversation.status != ConversationStatus.OPEN:
                changes["status"] = ConversationStatus.OPEN  # the customer wrote again
            update_record(conversation, **changes)
        message = MailMessage.objects.create(
            mailbox=mailbox,
            conversation=conversation,
            direction=Direction.INCOMING,
            uidvalidity=uidvalidity,
            uid=uid,
            message_id=parsed.message_id,
            in_reply_to=parsed.in_reply_to,
            references=parsed.references,
            from_address=parsed.from_address,
            from_name=parsed.from_name,
            to=parsed.to,
            subject=parsed.subject,
            sent_at=parsed.sent_at,
            body=parsed.body,
            problem=" ".join(parsed.problems)[:500],
        )
        attachments = _store_attachments(message, parsed)
        if mailbox.purpose == MailboxPurpose.FAX:
            fax.receive_from_mail(mailbox=mailbox, message=message, attachments=attachments)
        elif new_conversation and conversation.assignee_id:
            _tell_assignee(conversation)
        for _receiver, failure in mail_received.send_robust(Mailbox, mailbox=mailbox, message=message, raw=raw):
            if isinstance(failure, Exception):
                log.error("inbox %s: a reader of message %s failed: %r", mailbox.pk, message.pk, failure)
    return message


def _tell_assignee(conversation: Conversation) -> None:
    from backoffice.frontdesk.services import tell

    tell(
        conversation.assignee,
        title=lambda: (
            _("An e-mail was assigned to you: %(subject)s") % {"subject": conversation.subject or _("(no subject)")}
        ),
        body=lambda: _("From %(sender)s.") % {"sender": conversation.counterpart},
        url=reverse("frontdesk:conversation_detail", args=[conversation.pk]),
        area_cover=True,
    )


# --- IMAP -----------------------------------------------------------------------------------------


@dataclass
class SyncReport:
    fetched: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def connect(mailbox: Mailbox):
    from imapclient import IMAPClient

    client = IMAPClient(mailbox.host, port=mailbox.port, ssl=mailbox.use_ssl, timeout=settings.FRONTDESK_IMAP_TIMEOUT)
    client.login(mailbox.username, mailbox.password)
    return client


def sync_mailbox(mailbox: Mailbox) -> SyncReport:
    """Fetch what is new since the last UID; a new UIDVALIDITY starts over without doubling what was stored."""
    report = SyncReport()
    client = connect(mailbox)
    try:
        info = client.select_folder(mailbox.folder, readonly=True)
        uidvalidity = int(info[b"UIDVALIDITY"])
        last_uid = mailbox.last_uid if mailbox.uidvalidity == uidvalidity else 0
        reset = mailbox.uidvalidity is not None and mailbox.uidvalidity != uidvalidity
        uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
        rules = rules_for(mailbox)
        known_ids = set()
        if reset:
            known_ids = set(
                MailMessage.objects.filter(mailbox=mailbox).exclude(message_id="").values_list("message_id", flat=True)
            )
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            sizes = client.fetch(batch, ["RFC822.SIZE"])
            small = [u for u in batch if sizes.get(u, {}).get(b"RFC822.SIZE", 0) <= MAX_MESSAGE_BYTES]
            bodies = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
            large = [u for u in batch if u not in small]
            heads = client.fetch(large, ["BODY.PEEK[HEADER]"]) if large else {}
            # One transaction a batch, a savepoint a message: the stored messages and the last UID move together.
            with transaction.atomic():
                for uid in batch:
                    raw = bodies.get(uid, {}).get(b"BODY[]")
                    too_large = raw is None
                    if too_large:
                        raw = heads.get(uid, {}).get(b"BODY[HEADER]", b"")
                    try:  # store_incoming's own atomic block is the savepoint that undoes a failed message
                        _store_one(mailbox, raw, uidvalidity, uid, known_ids, too_large, rules)
                        report.fetched += 1
                    except Exception as exc:  # noqa: BLE001 — one bad message must not stop the mailbox
                        log.exception("inbox %s: message uid %s could not be stored", mailbox.pk, uid)
                        report.failed += 1
                        report.errors.append(f"UID {uid}: {type(exc).__name__}: {exc}"[:300])
                Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=uidvalidity, last_uid=batch[-1])
        Mailbox.objects.filter(pk=mailbox.pk).update(
            uidvalidity=uidvalidity,
            last_sync_at=timezone.now(),
            last_error="; ".join(report.errors)[:2000],  # messages that could not be stored; the server answered
            failures=0,
            retry_at=None,
        )
        if uids:
            mailbox.last_uid = uids[-1]
        mailbox.uidvalidity, mailbox.failures, mailbox.retry_at = uidvalidity, 0, None
    finally:
        with contextlib.suppress(Exception):  # the data is stored; a failing goodbye changes nothing
            client.logout()
    return report


def _store_one(mailbox, raw: bytes, uidvalidity: int, uid: int, known_ids: set, too_large: bool, rules) -> None:
    if known_ids:
        message_id = parse_mail(raw).message_id
        if message_id and message_id in known_ids:
            return  # fetched before the mailbox's UIDVALIDITY changed
    message = store_incoming(mailbox, raw, uidvalidity=uidvalidity, uid=uid, rules=rules)
    if too_large:
        MailMessage.objects.filter(pk=message.pk).update(
            problem=_("The message is larger than %(limit)d MB; only its headers were fetched.")
            % {"limit": MAX_MESSAGE_BYTES // (1024 * 1024)}
        )


def sync_all(*, now: dt.datetime | None = None) -> int:
    """Every active mailbox whose next attempt is due; a mailbox that fails is noted, tried again later and later,
    and the others go on. `now`: when the round started; the next attempt is counted from it."""
    now = now or timezone.now()
    fetched = 0
    for mailbox in Mailbox.objects.filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now), active=True):
        try:
            fetched += sync_mailbox(mailbox).fetched
        except Exception as exc:  # noqa: BLE001
            log.warning("inbox %s: sync failed: %s", mailbox.pk, exc)
            _note_failure(mailbox, f"{type(exc).__name__}: {exc}", now=now)
    return fetched


def _note_failure(mailbox: Mailbox, error: str, *, now: dt.datetime) -> None:
    """Note why the server could not be read and when to try it again."""
    failures = mailbox.failures + 1
    retry_at = now + retry_delay(failures, base=IMAP_RETRY_BASE, cap=IMAP_RETRY_CAP)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=error[:2000], failures=failures, retry_at=retry_at)
    mailbox.last_error, mailbox.failures, mailbox.retry_at = error[:2000], failures, retry_at


# --- changes by people ------------------------------------------------------------------------------


def may_work_on(user, conversation: Conversation) -> bool:
    from backoffice.frontdesk.selectors import conversations_visible_to

    if user is None or can(user, "frontdesk.change_conversation"):
        return True
    return conversations_visible_to(user).filter(pk=conversation.pk).exists()


def conversation_change(
    *, actor: AbstractBaseUser | None, conversation: Conversation, status: str | None = None, assignee=...
) -> Conversation:
    """Set the status or the assignee (None: nobody); the new assignee is told."""
    if not may_work_on(actor, conversation):
        raise NotAllowed()
    changes = {}
    if status is not None:
        if status not in ConversationStatus.values:
            raise InvalidInput(fields={"status": [_("Unknown conversation status.")]})
        changes["status"] = status
    if assignee is not ...:
        ensure(actor, "frontdesk.change_conversation")
        if assignee is not None and assignee.archived_at is not None:
            raise InvalidInput(fields={"assignee": [_("This person no longer works here.")]})
        changes["assignee"] = assignee
    with transaction.atomic():
        previous = conversation.assignee_id
        conversation = update_record(conversation, **changes)
        if conversation.assignee_id and conversation.assignee_id != previous:
            _tell_assignee(conversation)
    return conversation


def _reply_subject(subject: str) -> str:
    return subject if re.match(r"(?i)^(re|odp|aw):", subject or "") else f"Re: {subject}".strip()


def conversation_reply(*, actor: AbstractBaseUser | None, conversation: Conversation, body: str) -> MailMessage:
    """Answer the last incoming message from the mailbox's address, threaded (In-Reply-To, References)."""
    if not may_work_on(actor, conversation):
        raise NotAllowed()
    if not (body or "").strip():
        raise InvalidInput(fields={"body": [_("Write the reply.")]})
    last = conversation.messages.filter(direction=Direction.INCOMING).order_by("-sent_at", "-id").first()
    if last is None or not last.from_address:
        raise InvalidInput(_("There is no incoming message with a sender to reply to."))
    references = " ".join([*MESSAGE_ID.findall(last.references), last.message_id]).strip()
    headers = {"From": conversation.mailbox.address, "Reply-To": conversation.mailbox.address}
    if last.message_id:
        headers["In-Reply-To"] = last.message_id
        headers["References"] = references
    subject = _reply_subject(last.subject or conversation.subject)
    with transaction.atomic():
        queued = enqueue_email(to=[last.from_address], subject=subject, body=body, headers=headers)
        reply = MailMessage.objects.create(
            mailbox=conversation.mailbox,
            conversation=conversation,
            direction=Direction.OUTGOING,
            message_id=queued.message_id,
            in_reply_to=last.message_id,
            references=references,
            from_address=conversation.mailbox.address,
            to=last.from_address,
            subject=subject,
            sent_at=timezone.now(),
            body=body,
            sent_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_change(reply, AuditEntry.Action.CREATE)
        update_record(conversation, status=ConversationStatus.WAITING, last_message_at=reply.sent_at)
    return reply
