"""Every change of meetings data. The contract other modules (recruitment) rely on:

- `meeting_book(*, actor, title, start, end, organizer, participants, guests=(), room="", video_link="",
  description="", subject=None) -> Meeting`: `guests` are (name, e-mail) pairs; `subject` is any model instance
  the meeting is about (kept as a generic relation, `meeting.subject`). Refuses with `InvalidInput` (bad times,
  no participant, past start, both or neither…) or `Conflict` when a participant is not free (working hours,
  absence, public holiday, imported busy time, another meeting). The participants' employee rows are locked
  (SELECT … FOR UPDATE, in id order) before the check, so two bookings of the same people cannot both pass.
  Every participant and guest gets an iCalendar invitation (METHOD:REQUEST) through the outbox, in the same
  transaction.
- `meeting_reschedule(*, actor, meeting, start, end) -> Meeting`: same UID, SEQUENCE + 1, REQUEST again.
- `meeting_cancel(*, actor, meeting, reason="") -> Meeting`: SEQUENCE + 1, METHOD:CANCEL, STATUS:CANCELLED.
- `slot_offer_create(*, actor, title, organizer, participants, guest_name, guest_email, slots, duration, room="",
  video_link="", description="", subject=None, expires_at=None) -> SlotOffer`: e-mails the guest a private link
  (/meetings/pick/<token>/); `slots` are start datetimes (or `slots.Slot`s). `slot_offer_pick(*, offer, start)
  -> Meeting` books the slot for the guest; if it is gone (someone took the people's time first), `Conflict`.
- After commit, `signals.meeting_changed(sender=Meeting, meeting=…, action="booked"|"rescheduled"|"cancelled")`.

`actor=None` is trusted system code. A user books with `meetings.add_meeting`; reschedules and cancels when they
organise the meeting, booked it, or hold `meetings.change_meeting`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.preferences import speaking_to
from backoffice.core.records import create_record, update_record
from backoffice.meetings import feeds, ics
from backoffice.meetings.choices import FeedKind, MeetingStatus, OfferStatus, ResponseSource, ResponseStatus
from backoffice.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingGuest,
    MeetingResponse,
    OfferedSlot,
    SlotOffer,
    WorkingHours,
)
from backoffice.meetings.signals import meeting_changed
from backoffice.meetings.slots import Slot, busy_people, local_zone
from backoffice.people.models import Employee
from backoffice.people.selectors import employee_of

Actor = AbstractBaseUser | None
MAX_PARTICIPANTS = 50
MAX_GUESTS = 20


# --- helpers --------------------------------------------------------------------------------------


def when_text(start: dt.datetime, end: dt.datetime) -> str:
    """ "Po 3. 5. 2027 10:00–11:00" in the active language and the company's time zone."""
    zone = local_zone()
    start, end = start.astimezone(zone), end.astimezone(zone)
    if start.date() == end.date():
        return f"{date_format(start, 'D j. n. Y')} {start:%H:%M}–{end:%H:%M}"
    return f"{date_format(start, 'D j. n. Y')} {start:%H:%M} – {date_format(end, 'D j. n. Y')} {end:%H:%M}"


def public_url(path: str) -> str:
    base = getattr(settings, "PUBLIC_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + path


def _aware(value: Any, field: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(fields={field: [_("Enter a valid date and time.")]}) from None
    if not isinstance(value, dt.datetime):
        raise InvalidInput(fields={field: [_("Enter a valid date and time.")]})
    if timezone.is_naive(value):
        value = value.replace(tzinfo=local_zone())
    # In UTC, adding a duration is real elapsed time (with a zone, Python adds wall-clock time).
    return value.astimezone(dt.UTC).replace(second=0, microsecond=0)


def _times(start: Any, end: Any) -> tuple[dt.datetime, dt.datetime]:
    start, end = _aware(start, "start"), _aware(end, "end")
    if end <= start:
        raise InvalidInput(fields={"end": [_("The meeting must end after it starts.")]})
    if end - start > dt.timedelta(hours=12):
        raise InvalidInput(fields={"end": [_("A meeting can last at most 12 hours.")]})
    if start < timezone.now() - dt.timedelta(minutes=1):
        raise InvalidInput(fields={"start": [_("The meeting cannot start in the past.")]})
    return start, end


def _people(participants: Iterable[Employee | int], field: str = "participants") -> list[Employee]:
    ids: list[int] = []
    for person in participants or ():
        try:
            pk = person.pk if isinstance(person, Employee) else int(person)
        except (TypeError, ValueError):
            raise InvalidInput(fields={field: [_("Choose employees from the list.")]}) from None
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise InvalidInput(fields={field: [_("Choose at least one participant.")]})
    if len(ids) > MAX_PARTICIPANTS:
        raise InvalidInput(fields={field: [_("At most %(n)s participants.") % {"n": MAX_PARTICIPANTS}]})
    found = {e.pk: e for e in Employee.objects.filter(pk__in=ids, archived_at__isnull=True)}
    if len(found) != len(ids):
        raise InvalidInput(fields={field: [_("Some of the chosen people are not current employees.")]})
    return [found[pk] for pk in ids]


def _organizer(organizer: Employee | int | None) -> Employee:
    if organizer is None:
        raise InvalidInput(fields={"organizer": [_("Choose the organizer.")]})
    pk = organizer.pk if isinstance(organizer, Employee) else organizer
    found = Employee.objects.filter(pk=pk, archived_at__isnull=True).first()
    if found is None:
        raise InvalidInput(fields={"organizer": [_("The organizer must be a current employee.")]})
    return found


def _guests(guests: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    cleaned: list[tuple[str, str]] = []
    for pair in guests or ():
        name, email = (str(pair[0] or "").strip(), str(pair[1] or "").strip()) if len(pair) == 2 else ("", "")
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(fields={"guests": [_("Enter a valid e-mail address for every guest.")]}) from None
        if not name or len(name) > 200:
            raise InvalidInput(fields={"guests": [_("Enter the name of every guest.")]})
        if email.lower() not in {e.lower() for _n, e in cleaned}:
            cleaned.append((name, email))
    if len(cleaned) > MAX_GUESTS:
        raise InvalidInput(fields={"guests": [_("At most %(n)s guests.") % {"n": MAX_GUESTS}]})
    return cleaned


def _text(value: Any, field: str, *, required: bool = False, max_length: int = 200) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(fields={field: [_("This field is required.")]})
    if len(text) > max_length:
        raise InvalidInput(fields={field: [_("At most %(n)s characters.") % {"n": max_length}]})
    return text


def _link(value: Any) -> str:
    link = _text(value, "video_link", max_length=500)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise InvalidInput(fields={"video_link": [_("Enter a valid web address (https://…).")]}) from None
    return link


def _subject(subject: models.Model | None) -> dict[str, Any]:
    if subject is None:
        return {"subject_type": None, "subject_id": ""}
    return {
        "subject_type": ContentType.objects.get_for_model(subject, for_concrete_model=False),
        "subject_id": str(subject.pk),
    }


def _lock_and_check(people: list[Employee], start: dt.datetime, end: dt.datetime, *, exclude: int | None = None):
    """Lock the people (in id order: no deadlock between two bookings) and refuse if one of them is not free."""
    list(Employee.objects.select_for_update().filter(pk__in=sorted(p.pk for p in people)).order_by("pk"))
    busy = busy_people(people, start, end, exclude_meeting_id=exclude)
    if busy:
        names = ", ".join(p.full_name for p in people if p.pk in busy)
        raise Conflict(
            _("Not everyone is free at that time: %(names)s. Choose another time.") % {"names": names},
            fields={"start": [_("Not free: %(names)s.") % {"names": names}]},
            code="not_free",
        )


def may_manage(actor: Actor, meeting: Meeting) -> bool:
    if actor is None:
        return True
    if not (actor.is_authenticated and actor.is_active):
        return False
    if can(actor, "meetings.change_meeting") or meeting.booked_by_id == actor.pk:
        return True
    me = employee_of(actor)
    return me is not None and me.pk == meeting.organizer_id


def _send_on_commit(meeting: Meeting, action: str) -> None:
    transaction.on_commit(lambda: meeting_changed.send(sender=Meeting, meeting=meeting, action=action))


# --- invitations ----------------------------------------------------------------------------------


def _recipients(meeting: Meeting) -> list[tuple[str, AbstractBaseUser | None]]:
    people = [(p.email, p.user) for p in meeting.participants.select_related("user").order_by("pk") if p.email]
    guests = [(g.email, None) for g in meeting.guests.order_by("pk")]
    return people + guests


def _mail_calendar(meeting: Meeting, method: str, *, reason: str = "") -> None:
    calendar = ics.invitation_text(meeting, method)
    content_type = f"text/calendar; method={method}"
    for address, user in _recipients(meeting):
        with speaking_to(user) if user is not None else translation.override(settings.LANGUAGE_CODE):
            when = when_text(meeting.start, meeting.end)
            if method == ics.CANCEL:
                subject = _("Cancelled: %(title)s (%(when)s)") % {"title": meeting.title, "when": when}
                lines = [_("This meeting has been cancelled."), reason]
            elif meeting.sequence:
                subject = _("Moved: %(title)s (%(when)s)") % {"title": meeting.title, "when": when}
                lines = [_("The meeting has a new time.")]
            else:
                subject = _("Invitation: %(title)s (%(when)s)") % {"title": meeting.title, "when": when}
                lines = []
            lines += [
                "",
                meeting.title,
                _("When: %(when)s") % {"when": when},
                _("Where: %(room)s") % {"room": meeting.room} if meeting.room else "",
                _("Video call: %(link)s") % {"link": meeting.video_link} if meeting.video_link else "",
                _("Organizer: %(name)s") % {"name": meeting.organizer.full_name},
                "",
                meeting.description,
            ]
        body = "\n".join(line for line in lines if line is not None).strip() + "\n"
        enqueue_email(
            to=[address],
            subject=subject,
            body=body,
            alternatives=[(calendar, content_type)],
            attachments=[("invite.ics", calendar.encode(), "application/ics")],
        )


# --- replies to invitations -----------------------------------------------------------------------


@dataclass
class ReplyOutcome:
    """What one answer in a REPLY did: recorded on the meeting, or why not."""

    meeting: Meeting
    email: str
    status: str
    applied: bool
    note: str = ""


def meeting_reply_import(
    *,
    actor: Actor,
    data: bytes | str,
    source: str = ResponseSource.UPLOAD,
    sender: str = "",
    meeting: Meeting | None = None,
) -> list[ReplyOutcome]:
    """Attendees' answers (iTIP METHOD:REPLY) onto their meetings, matched by UID and the attendee's e-mail.

    A reply to an older revision than the meeting's (SEQUENCE), to a cancelled meeting, or older than the answer
    already recorded changes nothing and says so. With `sender` (the From of an e-mail), only the sender's own
    answer counts; with `meeting`, only answers to that meeting. A file that cannot be used changes nothing at
    all: the error names the field `file`.
    """
    try:
        replies = ics.read_replies(data)
    except ics.NotAReply as exc:
        raise InvalidInput(fields={"file": [str(exc)]}) from None
    outcomes = []
    with transaction.atomic():
        for reply in replies:
            if meeting is not None and reply.uid != meeting.uid:
                raise InvalidInput(fields={"file": [_("This reply is to another meeting.")]})
            answered = Meeting.objects.select_for_update().filter(uid=reply.uid).first()
            if answered is None:
                raise InvalidInput(fields={"file": [_("No meeting here has the UID %(uid)s.") % {"uid": reply.uid}]})
            if not may_manage(actor, answered):
                raise NotAllowed(_("Only the organizer records the answers to a meeting's invitation."))
            invited = {email.lower() for _name, email in ics.attendees(answered)}
            if reply.email not in invited:
                raise InvalidInput(
                    fields={"file": [_("%(email)s is not invited to this meeting.") % {"email": reply.email}]}
                )
            if sender and sender.strip().lower() != reply.email:
                raise InvalidInput(
                    fields={"file": [_("The answer of %(email)s was sent by someone else (%(sender)s).")
                                     % {"email": reply.email, "sender": sender}]}
                )  # fmt: skip
            if reply.status not in ResponseStatus.values:
                raise InvalidInput(
                    fields={"file": [_("Unknown answer %(status)s: expected ACCEPTED, TENTATIVE or DECLINED.")
                                     % {"status": reply.status or "—"}]}
                )  # fmt: skip
            outcomes.append(_apply_reply(answered, reply, source))
    return outcomes


def _apply_reply(meeting: Meeting, reply: ics.Reply, source: str) -> ReplyOutcome:
    outcome = ReplyOutcome(meeting, reply.email, reply.status, applied=False)
    current = MeetingResponse.objects.filter(meeting=meeting, email=reply.email).first()
    if meeting.is_cancelled:
        outcome.note = _("The meeting is cancelled.")
    elif reply.sequence < meeting.sequence:
        outcome.note = _("The reply answers an older time of the meeting (revision %(old)s, now %(new)s).") % {
            "old": reply.sequence,
            "new": meeting.sequence,
        }
    elif current is not None and (current.sequence, current.replied_at) >= (reply.sequence, reply.stamp):
        outcome.note = _("A newer answer is already recorded.")
    else:
        values = {
            "status": reply.status,
            "sequence": reply.sequence,
            "replied_at": reply.stamp,
            "comment": reply.comment,
            "source": source,
        }
        if current is None:
            create_record(MeetingResponse, meeting=meeting, email=reply.email, name=reply.name, **values)
        else:
            update_record(current, **values)
        outcome.applied = True
    return outcome


# --- meetings -------------------------------------------------------------------------------------


def meeting_book(
    *,
    actor: Actor,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    organizer: Employee,
    participants: Iterable[Employee],
    guests: Iterable[tuple[str, str]] = (),
    room: str = "",
    video_link: str = "",
    description: str = "",
    subject: models.Model | None = None,
) -> Meeting:
    ensure(actor, "meetings.add_meeting")
    title = _text(title, "title", required=True)
    start, end = _times(start, end)
    people = _people(participants)
    organizer = _organizer(organizer)
    guest_list = _guests(guests)
    values = {
        "room": _text(room, "room"),
        "video_link": _link(video_link),
        "description": _text(description, "description", max_length=5000),
    }
    with transaction.atomic():
        _lock_and_check(people, start, end)
        meeting = create_record(
            Meeting,
            uid=f"{uuid.uuid4()}@{settings.DEFAULT_FROM_EMAIL.rpartition('@')[2] or 'backoffice'}",
            title=title,
            start=start,
            end=end,
            organizer=organizer,
            booked_by=actor if actor is not None and actor.is_authenticated else None,
            **values,
            **_subject(subject),
        )
        meeting.participants.set(people)
        MeetingGuest.objects.bulk_create(MeetingGuest(meeting=meeting, name=n, email=e) for n, e in guest_list)
        _mail_calendar(meeting, ics.REQUEST)
        _send_on_commit(meeting, "booked")
    return meeting


def _fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def meeting_reschedule(*, actor: Actor, meeting: Meeting, start: dt.datetime, end: dt.datetime) -> Meeting:
    if not may_manage(actor, meeting):
        raise NotAllowed()
    start, end = _times(start, end)
    with transaction.atomic():
        meeting = _fresh(meeting)
        if meeting.is_cancelled:
            raise Conflict(_("A cancelled meeting cannot be moved."))
        people = list(meeting.participants.all())
        _lock_and_check(people, start, end, exclude=meeting.pk)
        before = snapshot(meeting)
        meeting.start, meeting.end = start, end
        meeting.sequence += 1
        meeting.reminder_sent_at = None
        meeting.save(update_fields=["start", "end", "sequence", "reminder_sent_at", "updated_at"])
        record_change(meeting, AuditEntry.Action.UPDATE, before=before, reason=_("Rescheduled"))
        _mail_calendar(meeting, ics.REQUEST)
        _send_on_commit(meeting, "rescheduled")
    return meeting


def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str = "") -> Meeting:
    if not may_manage(actor, meeting):
        raise NotAllowed()
    reason = _text(reason, "reason", max_length=500)
    with transaction.atomic():
        meeting = _fresh(meeting)
        if meeting.is_cancelled:
            raise Conflict(_("The meeting is already cancelled."))
        before = snapshot(meeting)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.cancel_reason = reason
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"])
        record_change(meeting, AuditEntry.Action.UPDATE, before=before, reason=reason or _("Cancelled"))
        _mail_calendar(meeting, ics.CANCEL, reason=reason)
        _send_on_commit(meeting, "cancelled")
    return meeting


# --- reminders ------------------------------------------------------------------------------------


def reminder_hours() -> int:
    return int(getattr(settings, "MEETINGS_REMINDER_HOURS", 24))


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """E-mail everyone of each booked meeting starting within the next N hours, exactly once per meeting time."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=MeetingStatus.BOOKED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + dt.timedelta(hours=reminder_hours()),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional UPDATE claims the meeting: two workers never both remind.
            if not Meeting.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                continue
            meeting = Meeting.objects.select_related("organizer").get(pk=pk)
            for address, user in _recipients(meeting):
                with speaking_to(user) if user is not None else translation.override(settings.LANGUAGE_CODE):
                    when = when_text(meeting.start, meeting.end)
                    subject = _("Reminder: %(title)s (%(when)s)") % {"title": meeting.title, "when": when}
                    body = "\n".join(
                        line
                        for line in [
                            meeting.title,
                            _("When: %(when)s") % {"when": when},
                            _("Where: %(room)s") % {"room": meeting.room} if meeting.room else "",
                            _("Video call: %(link)s") % {"link": meeting.video_link} if meeting.video_link else "",
                        ]
                        if line
                    )
                enqueue_email(to=[address], subject=subject, body=body + "\n")
            sent += 1
    return sent


# --- working hours --------------------------------------------------------------------------------


def _may_edit_person(actor: Actor, employee: Employee) -> bool:
    if actor is None or can(actor, "meetings.change_workinghours"):
        return True
    me = employee_of(actor)
    return me is not None and me.pk == employee.pk


def working_hours_set(*, actor: Actor, employee: Employee, hours: Iterable[tuple[int, Any, Any]]) -> list[WorkingHours]:
    """Replace someone's working hours with (weekday 0=Monday, from, to) spans; an empty list means the default."""
    if not _may_edit_person(actor, employee):
        raise NotAllowed(_("You can change only your own working hours."))
    rows: list[WorkingHours] = []
    for n, (weekday, start, end) in enumerate(hours):
        try:
            weekday = int(weekday)
            start = start if isinstance(start, dt.time) else dt.time.fromisoformat(str(start))
            end = end if isinstance(end, dt.time) else dt.time.fromisoformat(str(end))
        except (TypeError, ValueError):
            raise InvalidInput(fields={f"hours.{n}": [_("Enter a day and times like 8:00 and 16:30.")]}) from None
        if not 0 <= weekday <= 6:
            raise InvalidInput(fields={f"hours.{n}": [_("Choose a day of the week.")]})
        if end <= start:
            raise InvalidInput(fields={f"hours.{n}": [_("The working hours must end after they start.")]})
        rows.append(WorkingHours(employee=employee, weekday=weekday, start=start, end=end))
    rows.sort(key=lambda r: (r.weekday, r.start))
    for previous, current in zip(rows, rows[1:], strict=False):
        if previous.weekday == current.weekday and current.start < previous.end:
            raise InvalidInput(fields={"hours": [_("Working hours of one day must not overlap.")]})
    with transaction.atomic():
        old = [snapshot(r) for r in employee.working_hours.all()]
        employee.working_hours.all().delete()
        WorkingHours.objects.bulk_create(rows)
        record_change(
            employee,
            AuditEntry.Action.UPDATE,
            before={"working_hours": old},
            reason=_("Working hours changed"),
        )
    return rows


# --- slot offers ----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def offer_by_token(token: str) -> SlotOffer | None:
    if not token or len(token) > 100:
        return None
    return SlotOffer.objects.filter(token_hash=_token_hash(token)).first()


def offer_is_open(offer: SlotOffer, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return offer.status == OfferStatus.OPEN and (offer.expires_at is None or offer.expires_at > now)


def offer_free_starts(offer: SlotOffer) -> list[dt.datetime]:
    """The offered starts still in the future and still free for every participant."""
    now = timezone.now()
    people = list(offer.participants.all())
    return [
        s.start
        for s in offer.slots.all()
        if s.start > now and not busy_people(people, s.start, s.start + offer.duration)
    ]


def slot_offer_create(
    *,
    actor: Actor,
    title: str,
    organizer: Employee,
    participants: Iterable[Employee],
    guest_name: str,
    guest_email: str,
    slots: Iterable[dt.datetime | Slot],
    duration: dt.timedelta,
    room: str = "",
    video_link: str = "",
    description: str = "",
    subject: models.Model | None = None,
    expires_at: dt.datetime | None = None,
) -> SlotOffer:
    ensure(actor, "meetings.add_slotoffer")
    title = _text(title, "title", required=True)
    people = _people(participants)
    organizer = _organizer(organizer)
    guest_name, guest_email = str(guest_name or "").strip(), str(guest_email or "").strip()
    if not guest_email:
        raise InvalidInput(fields={"guest_email": [_("Enter the guest's e-mail address.")]})
    try:
        validate_email(guest_email)
    except ValidationError:
        raise InvalidInput(fields={"guest_email": [_("Enter a valid e-mail address for every guest.")]}) from None
    if not guest_name or len(guest_name) > 200:
        raise InvalidInput(fields={"guest_name": [_("Enter the name of every guest.")]})
    if not isinstance(duration, dt.timedelta) or not dt.timedelta(minutes=5) <= duration <= dt.timedelta(hours=12):
        raise InvalidInput(fields={"duration": [_("The duration must be between 5 minutes and 12 hours.")]})
    starts: list[dt.datetime] = []
    for value in slots or ():
        start = _aware(value.start if isinstance(value, Slot) else value, "slots")
        if start <= timezone.now():
            raise InvalidInput(fields={"slots": [_("Offer only times in the future.")]})
        if start not in starts:
            starts.append(start)
    if not starts:
        raise InvalidInput(fields={"slots": [_("Offer at least one time.")]})
    if len(starts) > 50:
        raise InvalidInput(fields={"slots": [_("Offer at most 50 times.")]})
    for start in starts:
        if busy_people(people, start, start + duration):
            raise InvalidInput(
                fields={
                    "slots": [_("Not everyone is free at %(when)s.") % {"when": when_text(start, start + duration)}]
                }
            )
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(fields={"expires_at": [_("The offer must expire in the future.")]})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        offer = create_record(
            SlotOffer,
            token_hash=_token_hash(token),
            title=title,
            description=_text(description, "description", max_length=5000),
            organizer=organizer,
            guest_name=guest_name,
            guest_email=guest_email,
            duration_minutes=int(duration.total_seconds() // 60),
            room=_text(room, "room"),
            video_link=_link(video_link),
            expires_at=expires_at or max(starts),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **_subject(subject),
        )
        offer.participants.set(people)
        OfferedSlot.objects.bulk_create(OfferedSlot(offer=offer, start=s) for s in sorted(starts))
        link = public_url(reverse("meetings:pick", args=[token]))
        with translation.override(settings.LANGUAGE_CODE):
            choices = "\n".join(f"- {when_text(s, s + duration)}" for s in sorted(starts))
            body = _(
                'Hello %(name)s,\n\nplease choose a time for "%(title)s" here:\n%(link)s\n\n'
                "Times on offer:\n%(choices)s\n\nThe link is only for you.\n"
            ) % {"name": guest_name, "title": title, "link": link, "choices": choices}
            enqueue_email(to=[guest_email], subject=_("Choose a time: %(title)s") % {"title": title}, body=body)
    offer.token = token  # only on this instance, for the caller (tests, the page that shows the link once)
    return offer


def slot_offer_pick(*, offer: SlotOffer, start: dt.datetime) -> Meeting:
    """The guest picks one of the offered times: book it, or `Conflict` if it is no longer free."""
    start = _aware(start, "start")
    with transaction.atomic():
        offer = SlotOffer.objects.select_for_update().get(pk=offer.pk)
        if not offer_is_open(offer):
            raise Conflict(_("This offer is no longer open."), code="offer_closed")
        if not offer.slots.filter(start=start).exists():
            raise InvalidInput(fields={"start": [_("Choose one of the offered times.")]})
        try:
            with transaction.atomic():
                meeting = meeting_book(
                    actor=None,
                    title=offer.title,
                    start=start,
                    end=start + offer.duration,
                    organizer=offer.organizer,
                    participants=list(offer.participants.all()),
                    guests=[(offer.guest_name, offer.guest_email)],
                    room=offer.room,
                    video_link=offer.video_link,
                    description=offer.description,
                    subject=offer.subject,
                )
        except Conflict:
            raise Conflict(
                _("Sorry, this time has just been taken. Please pick another one."), code="slot_taken"
            ) from None
        before = snapshot(offer)
        offer.status = OfferStatus.PICKED
        offer.meeting = meeting
        offer.save(update_fields=["status", "meeting", "updated_at"])
        record_change(offer, AuditEntry.Action.UPDATE, before=before, reason=_("Picked by the guest"))
    return meeting


def slot_offer_cancel(*, actor: Actor, offer: SlotOffer) -> SlotOffer:
    if actor is not None and not (
        can(actor, "meetings.change_slotoffer") or offer.created_by_id == getattr(actor, "pk", None)
    ):
        raise NotAllowed()
    with transaction.atomic():
        offer = SlotOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN:
            raise Conflict(_("Only an open offer can be withdrawn."))
        before = snapshot(offer)
        offer.status = OfferStatus.CANCELLED
        offer.save(update_fields=["status", "updated_at"])
        record_change(offer, AuditEntry.Action.UPDATE, before=before, reason=_("Withdrawn"))
    return offer


# --- calendar feeds -------------------------------------------------------------------------------


def calendar_feed_add(
    *, actor: Actor, employee: Employee, kind: str, url: str, username: str = "", password: str = ""
) -> CalendarFeed:
    """Someone connects an outside calendar of their own; its busy times are imported right away (and by a job)."""
    if not _may_edit_person(actor, employee):
        raise NotAllowed(_("You can connect only your own calendars."))
    if kind not in FeedKind.values:
        raise InvalidInput(fields={"kind": [_("Choose ICS or CalDAV.")]})
    url = _text(url, "url", required=True, max_length=500)
    if url.startswith("webcal://"):
        url = "https://" + url.removeprefix("webcal://")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput(fields={"url": [_("Enter a valid web address (https://…).")]}) from None
    feed = create_record(
        CalendarFeed,
        employee=employee,
        kind=kind,
        url=url,
        username=_text(username, "username"),
        password=_text(password, "password"),
    )
    with contextlib.suppress(feeds.FeedError):  # kept in last_error and shown; the job tries again
        feeds.sync(feed)
    return feed


def calendar_feed_sync(*, actor: Actor, feed: CalendarFeed) -> int:
    if not _may_edit_person(actor, feed.employee):
        raise NotAllowed()
    try:
        return feeds.sync(feed)
    except feeds.FeedError as exc:
        raise InvalidInput(fields={"url": [str(exc)]}) from None


def calendar_feed_remove(*, actor: Actor, feed: CalendarFeed) -> None:
    if not _may_edit_person(actor, feed.employee):
        raise NotAllowed()
    with transaction.atomic():
        record_change(feed, AuditEntry.Action.DELETE)
        feed.delete()
