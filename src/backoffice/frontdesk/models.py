"""Calls, transfers, "while you were out" messages, PBX events, the shared inbox and faxes."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backoffice.core.models import TimeStampedModel
from backoffice.core.secrets import EncryptedTextField
from backoffice.core.text import fold
from backoffice.frontdesk.choices import (
    CallOutcome,
    ConversationStatus,
    Direction,
    FaxStatus,
    MailboxPurpose,
    MessageStatus,
    PbxEvent,
    RuleField,
    Urgency,
)


def search_words(text: str) -> list[str]:
    """Folded words without punctuation: "Ing. Šárka Nováková" → ["ing", "sarka", "novakova"]."""
    return re.findall(r"\w+", fold(text or ""))


def name_search_keys(name: str) -> dict[str, str]:
    """The folded keys a caller's name is found by (see selectors.search_calls): as written, and from its last word."""
    words = search_words(name)
    return {
        "name_key": " ".join(words)[:120],
        "name_alt_key": " ".join(words[-1:] + words[:-1])[:120] if len(words) > 1 else "",
    }


class Call(TimeStampedModel):
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.INCOMING)
    started_at = models.DateTimeField(_("time"))
    caller_name = models.CharField(_("caller"), max_length=120, blank=True)
    company = models.CharField(_("company"), max_length=120, blank=True)
    number = models.CharField(_("number"), max_length=32, blank=True)
    number_e164 = models.CharField(max_length=20, editable=False, default="")
    for_person = models.ForeignKey(
        "people.Employee",
        verbose_name=_("for whom"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices, default=CallOutcome.CONNECTED)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    pbx_call_id = models.CharField(_("PBX call id"), max_length=100, null=True, blank=True)
    name_key = models.CharField(max_length=120, editable=False, default="")  # folded caller name, prefix search
    # the folded name from its last word ("novak jan" for "Jan Novák"): a surname finds the call whichever way round
    name_alt_key = models.CharField(max_length=120, editable=False, default="")
    company_key = models.CharField(max_length=120, editable=False, default="")  # folded company, prefix search

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["number_e164", "started_at"], name="call_number_idx"),
            models.Index(fields=["started_at", "id"], name="call_time_idx"),
            # Each name search range is answered from its index alone (selectors.name_search_parts): the id for
            # PostgreSQL (SQLite keeps it in every index), name_key to leave out the calls the first range found.
            models.Index(fields=["name_key", "started_at", "id"], name="call_name_idx"),
            models.Index(fields=["name_alt_key", "name_key", "started_at", "id"], name="call_name_alt_idx"),
            models.Index(fields=["company_key", "started_at"], name="call_company_idx"),
            models.Index(fields=["for_person", "started_at"], name="call_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pbx_call_id"],
                condition=Q(pbx_call_id__isnull=False),
                name="call_pbx_id_unique",
                violation_error_message=_("A call with this PBX call id is already in the log."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=CallOutcome.values),
                name="call_outcome_known",
                violation_error_message=_("Unknown call outcome."),
            ),
        ]

    def __str__(self) -> str:
        who = self.caller_name or self.number or _("unknown caller")
        return f"{who} {self.started_at:%Y-%m-%d %H:%M}"


class CallTransfer(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="transfers")
    from_person = models.ForeignKey(
        "people.Employee", verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey("people.Employee", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    wanted = models.ForeignKey(
        "people.Employee",
        verbose_name=_("wanted person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = pgettext_lazy("phone call", "transfer")
        verbose_name_plural = pgettext_lazy("phone call", "transfers")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_person__isnull=True) | ~Q(from_person=models.F("to_person")),
                name="transfer_not_to_self",
                violation_error_message=_("A call cannot be transferred to the person who has it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_person or '—'} → {self.to_person}"


class PhoneMessage(TimeStampedModel):
    """A "while you were out" message for a colleague."""

    for_person = models.ForeignKey(
        "people.Employee", verbose_name=_("for whom"), on_delete=models.PROTECT, related_name="phone_messages"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    caller_name = models.CharField(_("who called"), max_length=120)
    company = models.CharField(_("company"), max_length=120, blank=True)
    callback_number = models.CharField(_("callback number"), max_length=32, blank=True)
    callback_e164 = models.CharField(max_length=20, editable=False, default="")
    text = models.TextField(_("message"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    callback_by = models.DateTimeField(_("call back by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.NEW)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    delivered_to_substitute = models.ForeignKey(
        "people.Employee",
        verbose_name=_("also delivered to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone message")
        verbose_name_plural = _("phone messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["for_person", "status"], name="phonemessage_person_idx"),
            models.Index(fields=["status", "callback_by"], name="phonemessage_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values),
                name="phonemessage_status_known",
                violation_error_message=_("Unknown message status."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="phonemessage_urgency_known",
                violation_error_message=_("Unknown urgency."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(caller)s for %(person)s")) % {"caller": self.caller_name, "person": self.for_person}


class CallEvent(models.Model):
    """One signed event from the PBX, kept as received."""

    call_id = models.CharField(max_length=100)
    event = models.CharField(max_length=16, choices=PbxEvent.choices)
    from_number = models.CharField(max_length=64, blank=True)
    to_number = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("PBX event")
        verbose_name_plural = _("PBX events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["call_id", "at"], name="callevent_call_idx")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.event}"


class Mailbox(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    purpose = models.CharField(
        _("purpose"), max_length=8, choices=MailboxPurpose.choices, default=MailboxPurpose.SHARED_INBOX
    )
    address = models.EmailField(_("address"), help_text=_("Replies are sent from this address."))
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("use SSL"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    password = EncryptedTextField(_("password"), max_length=200)  # encrypted at rest, never shown back
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    fax_recipient = models.ForeignKey(
        "people.Employee",
        verbose_name=_("incoming faxes go to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_sync_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    # A server that does not answer is tried again later and later (inbox.IMAP_RETRY_BASE … IMAP_RETRY_CAP).
    failures = models.PositiveIntegerField(_("failed reads in a row"), default=0, editable=False)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    audit_redacted = frozenset({"password"})  # see core.audit.snapshot

    def __str__(self) -> str:
        return self.name


class Conversation(TimeStampedModel):
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="conversations")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    counterpart = models.CharField(_("correspondent"), max_length=300, blank=True)
    supplier = models.ForeignKey(
        "supplies.Supplier",
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["status", "last_message_at"], name="conversation_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConversationStatus.values),
                name="conversation_status_known",
                violation_error_message=_("Unknown conversation status."),
            )
        ]

    def __str__(self) -> str:
        return self.subject or str(_("(no subject)"))


class MailMessage(models.Model):
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.INCOMING)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    message_id = models.CharField(max_length=500, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    from_address = models.CharField(_("from"), max_length=300, blank=True)
    from_name = models.CharField(max_length=300, blank=True)
    to = models.TextField(_("to"), blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    body = models.TextField(_("text"), blank=True)
    problem = models.CharField(_("problem"), max_length=500, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"],
                condition=Q(uid__isnull=False),
                name="mailmessage_uid_unique",
                violation_error_message=_("This message was already fetched."),
            )
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id


class MailAttachment(models.Model):
    message = models.ForeignKey(MailMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    file = models.FileField(upload_to="frontdesk/mail/%Y/%m/", max_length=300, blank=True)
    refused = models.CharField(_("refused because"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class RoutingRule(TimeStampedModel):
    """Sender or subject → a person, or → a linked supplier (whoever handles supplies gets the conversation)."""

    mailbox = models.ForeignKey(Mailbox, null=True, blank=True, on_delete=models.CASCADE, related_name="rules")
    field = models.CharField(_("when"), max_length=8, choices=RuleField.choices)
    contains = models.CharField(
        _("contains"),
        max_length=200,
        blank=True,
        help_text=_("May be left empty for a supplier: then mail from the supplier's e-mail addresses matches."),
    )
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("assign to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    supplier = models.ForeignKey(
        "supplies.Supplier",
        verbose_name=_("link to supplier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=True, supplier__isnull=False)
                | Q(assignee__isnull=False, supplier__isnull=True),
                name="routingrule_one_target",
                violation_error_message=_("Choose either a person to assign to or a supplier to link, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(contains="") | Q(supplier__isnull=False, field="sender"),
                name="routingrule_has_text",
                violation_error_message=_(
                    "Write the text to look for (it may be left empty only for a supplier's sender addresses)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.contains} → {self.assignee or self.supplier}"


class Fax(TimeStampedModel):
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.OUTGOING)
    number = models.CharField(_("fax number"), max_length=32)
    number_e164 = models.CharField(max_length=20, editable=False, default="")
    status = models.CharField(_("status"), max_length=10, choices=FaxStatus.choices, default=FaxStatus.QUEUED)
    document = models.FileField(upload_to="frontdesk/fax/%Y/%m/", max_length=300)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    for_person = models.ForeignKey(
        "people.Employee",
        verbose_name=_("for whom"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faxes",
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(max_length=255, blank=True, editable=False)
    transport_ref = models.CharField(_("job at the fax server"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("fax")
        verbose_name_plural = _("faxes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="fax_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FaxStatus.values),
                name="fax_status_known",
                violation_error_message=_("Unknown fax status."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.number}"
