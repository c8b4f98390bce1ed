"""Kinds and states of front-desk records, with the badge colour each one shows in."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    INCOMING = "in", _("incoming")
    OUTGOING = "out", _("outgoing")


class CallOutcome(models.TextChoices):
    CONNECTED = "connected", _("connected")
    TRANSFERRED = "transferred", pgettext_lazy("call outcome", "transferred")
    MESSAGE_TAKEN = "message", _("message taken")
    MISSED = "missed", _("missed")
    VOICEMAIL = "voicemail", _("voicemail")
    RINGING = "ringing", _("ringing")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class MessageStatus(models.TextChoices):
    NEW = "new", _("new")
    READ = "read", pgettext_lazy("message status", "read")
    CALLED_BACK = "called_back", _("called back")
    DONE = "done", _("done")


# The status flow of a "while you were out" message: where each status may go next.
MESSAGE_FLOW = {
    MessageStatus.NEW: {MessageStatus.READ, MessageStatus.CALLED_BACK, MessageStatus.DONE},
    MessageStatus.READ: {MessageStatus.CALLED_BACK, MessageStatus.DONE},
    MessageStatus.CALLED_BACK: {MessageStatus.DONE},
    MessageStatus.DONE: set(),
}
OPEN_MESSAGE_STATUSES = [MessageStatus.NEW, MessageStatus.READ]

# Each button's whole sentence, so a translation never glues a status word into another sentence.
MARK_AS = {
    MessageStatus.READ: pgettext_lazy("message status", "Mark as read"),
    MessageStatus.CALLED_BACK: _("Mark as called back"),
    MessageStatus.DONE: _("Mark as done"),
}


class PbxEvent(models.TextChoices):
    RINGING = "ringing", _("ringing")
    ANSWERED = "answered", _("answered")
    TRANSFERRED = "transferred", pgettext_lazy("PBX event", "transferred")
    HUNGUP = "hungup", _("hung up")


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("open")
    WAITING = "waiting", _("waiting")
    CLOSED = "closed", _("closed")


class MailboxPurpose(models.TextChoices):
    SHARED_INBOX = "inbox", _("shared inbox")
    FAX = "fax", _("incoming faxes")


class RuleField(models.TextChoices):
    SENDER = "sender", _("sender contains")
    SUBJECT = "subject", _("subject contains")


class FaxStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    RECEIVED = "received", _("received")


MESSAGE_BADGE = {
    MessageStatus.NEW: "danger",
    MessageStatus.READ: "warning",
    MessageStatus.CALLED_BACK: "info",
    MessageStatus.DONE: "success",
}
