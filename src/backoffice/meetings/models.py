"""Meetings between employees (and outside guests), when people work, their imported busy times, slot offers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import TimeStampedModel
from backoffice.core.secrets import EncryptedTextField
from backoffice.meetings.choices import (
    WEEKDAYS,
    FeedKind,
    MeetingStatus,
    OfferStatus,
    ResponseSource,
    ResponseStatus,
)
from backoffice.people.models import Employee


class WorkingHours(TimeStampedModel):
    """One working span of a weekday. An employee without any rows works Mon–Fri 8:00–16:30."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["employee", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="workinghours_end_after_start",
                violation_error_message=_("The working hours must end after they start."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0) & Q(weekday__lte=6),
                name="workinghours_weekday_range",
                violation_error_message=_("Choose a day of the week."),
            ),
            models.UniqueConstraint(
                fields=["employee", "weekday", "start"],
                name="workinghours_unique_start",
                violation_error_message=_("These working hours are already set."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class CalendarFeed(TimeStampedModel):
    """An outside calendar whose busy times are imported (an ICS address or a CalDAV calendar)."""

    audit_redacted = frozenset({"password"})  # see core.audit.snapshot

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FeedKind.choices, default=FeedKind.ICS)
    url = models.URLField(_("address"), max_length=500)
    username = models.CharField(_("user name"), max_length=200, blank=True)
    password = EncryptedTextField(_("password"), blank=True)  # encrypted at rest (core.secrets)
    last_synced_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["employee", "id"]

    def __str__(self) -> str:
        return f"{self.employee}: {self.url}"


class BusyTime(models.Model):
    """A busy span imported from a calendar feed (no title kept: free/busy only)."""

    feed = models.ForeignKey(CalendarFeed, on_delete=models.CASCADE, related_name="busy_times")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="busy_times")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("to"))

    class Meta:
        verbose_name = _("busy time")
        verbose_name_plural = _("busy times")
        indexes = [models.Index(fields=["employee", "start", "end"], name="busytime_span_idx")]

    def __str__(self) -> str:
        return f"{self.employee}: {self.start}–{self.end}"


class Meeting(TimeStampedModel):
    uid = models.CharField(_("iCalendar UID"), max_length=200, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    organizer = models.ForeignKey(
        Employee, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="organized_meetings"
    )
    participants = models.ManyToManyField(Employee, verbose_name=_("participants"), related_name="meetings")
    room = models.CharField(_("room"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "id"]
        permissions = [("view_all_meetings", _("Can see every meeting"))]
        indexes = [
            models.Index(fields=["status", "start", "end"], name="meeting_span_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="meeting_subject_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="meeting_end_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%Y-%m-%d %H:%M})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class MeetingGuest(models.Model):
    """Someone from outside (e.g. a candidate) invited by e-mail."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class MeetingResponse(TimeStampedModel):
    """A participant's or guest's answer to the invitation, imported from their calendar's iTIP REPLY."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(_("response"), max_length=12, choices=ResponseStatus.choices)
    sequence = models.PositiveIntegerField(_("revision answered"), default=0)
    replied_at = models.DateTimeField(_("replied"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    source = models.CharField(_("received as"), max_length=10, choices=ResponseSource.choices)

    class Meta:
        verbose_name = _("response to an invitation")
        verbose_name_plural = _("responses to invitations")
        ordering = ["meeting", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                name="meetingresponse_one_per_attendee",
                violation_error_message=_("This attendee has already answered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_status_display()}"


class SlotOffer(TimeStampedModel):
    """A few slots offered to a guest, who picks one through a private link."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organizer = models.ForeignKey(Employee, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField(Employee, verbose_name=_("participants"), related_name="slot_offers")
    guest_name = models.CharField(_("guest's name"), max_length=200)
    guest_email = models.EmailField(_("guest's e-mail"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        verbose_name = _("slot offer")
        verbose_name_plural = _("slot offers")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)


class OfferedSlot(models.Model):
    offer = models.ForeignKey(SlotOffer, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("start"))

    class Meta:
        verbose_name = _("offered slot")
        verbose_name_plural = _("offered slots")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["offer", "start"], name="offeredslot_unique")]

    def __str__(self) -> str:
        return f"{self.start}"
