"""/api/v1/meetings/: thin adapters over the meetings services and selectors."""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.permissions import ensure
from backoffice.core.schemas import ERRORS
from backoffice.meetings import selectors, services, slots
from backoffice.meetings.choices import MeetingStatus
from backoffice.meetings.models import OfferedSlot
from backoffice.meetings.schemas import (
    AnswerOut,
    CancelIn,
    FreeSlotsIn,
    HoursIn,
    HoursRow,
    MeetingIn,
    MeetingOut,
    OfferCreatedOut,
    OfferIn,
    OfferOut,
    ReplyIn,
    ReplyOutcomeOut,
    RescheduleIn,
    SlotOut,
)
from backoffice.people.selectors import employee_of

router = Router(tags=["meetings"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _me(request):
    me = employee_of(request.user)
    if me is None:
        raise NotAllowed(_("Your login is not linked to an employee."))
    return me


def _people(request, ids: list[int], field: str = "participant_ids"):
    found = {e.pk: e for e in selectors.people_to_schedule(request.user).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise InvalidInput(fields={field: [_("Unknown employee: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _organizer(request, pk: int | None):
    if pk is None:
        return _me(request)
    return _people(request, [pk], "organizer_id")[0]


def _meetings(request):
    return selectors.meetings_visible_to(request.user).prefetch_related("participants", "guests")


def _offers(request):
    return selectors.offers_visible_to(request.user).prefetch_related(
        "participants", Prefetch("slots", queryset=OfferedSlot.objects.order_by("start"))
    )


@router.post("/free-slots", response={200: list[SlotOut], **ERRORS}, summary="Common free time of employees")
def free_slots(request, payload: FreeSlotsIn):
    ensure(request.user, "meetings.add_meeting")
    people = _people(request, payload.participant_ids)
    arguments = {
        "participants": people,
        "duration": dt.timedelta(minutes=payload.duration_minutes),
        "start": payload.start,
        "end": payload.end,
        "buffer": dt.timedelta(minutes=payload.buffer_minutes),
        "step": dt.timedelta(minutes=payload.step_minutes),
    }
    if payload.best:
        return slots.best_slots(**arguments, count=payload.count)
    return slots.free_slots(**arguments, limit=payload.limit)


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS}, summary="Meetings the caller may see")
@paginate(Page)
def list_meetings(request, upcoming: bool = True, mine: bool = True, include_cancelled: bool = False):
    rows = selectors.my_meetings(request.user) if mine else selectors.meetings_visible_to(request.user)
    rows = rows.prefetch_related("participants", "guests")
    if upcoming:
        rows = rows.filter(end__gt=timezone.now())
    if not include_cancelled:
        rows = rows.filter(status=MeetingStatus.BOOKED)
    return rows


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request, meeting_id: int):
    return get_object_or_404(_meetings(request), pk=meeting_id)


@router.post("/meetings", response={201: MeetingOut, **ERRORS}, summary="Book a meeting and send invitations")
def book_meeting(request, payload: MeetingIn):
    ensure(request.user, "meetings.add_meeting")
    meeting = services.meeting_book(
        actor=request.user,
        title=payload.title,
        start=payload.start,
        end=payload.end,
        organizer=_organizer(request, payload.organizer_id),
        participants=_people(request, payload.participant_ids),
        guests=[(g.name, g.email) for g in payload.guests],
        room=payload.room,
        video_link=payload.video_link,
        description=payload.description,
    )
    return Status(201, _meetings(request).get(pk=meeting.pk))


@router.post("/meetings/{meeting_id}/reschedule", response={200: MeetingOut, **ERRORS})
def reschedule_meeting(request, meeting_id: int, payload: RescheduleIn):
    meeting = get_object_or_404(_meetings(request), pk=meeting_id)
    services.meeting_reschedule(actor=request.user, meeting=meeting, start=payload.start, end=payload.end)
    return _meetings(request).get(pk=meeting.pk)


@router.post("/meetings/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS})
def cancel_meeting(request, meeting_id: int, payload: CancelIn):
    meeting = get_object_or_404(_meetings(request), pk=meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload.reason)
    return _meetings(request).get(pk=meeting.pk)


@router.post(
    "/meetings/{meeting_id}/replies",
    response={200: list[ReplyOutcomeOut], **ERRORS},
    summary="Record an attendee's answer (iCalendar REPLY)",
)
def import_reply(request, meeting_id: int, payload: ReplyIn):
    """Matched by UID and the attendee's e-mail; a reply to an older revision (SEQUENCE) is reported, not applied."""
    meeting = get_object_or_404(_meetings(request), pk=meeting_id)
    outcomes = services.meeting_reply_import(actor=request.user, data=payload.ics, meeting=meeting)
    return [
        {"meeting_id": o.meeting.pk, "email": o.email, "status": o.status, "applied": o.applied, "note": o.note}
        for o in outcomes
    ]


@router.get("/meetings/{meeting_id}/answers", response={200: list[AnswerOut], **ERRORS})
def meeting_answers(request, meeting_id: int):
    """Everyone invited with their answer (null: none yet)."""
    meeting = get_object_or_404(_meetings(request), pk=meeting_id)
    return [
        {
            "name": name,
            "email": email,
            "status": answer.status if answer else None,
            "replied_at": answer.replied_at if answer else None,
            "revision": answer.sequence if answer else None,
            "comment": answer.comment if answer else "",
        }
        for name, email, answer in selectors.answers_to(meeting)
    ]


@router.get("/offers", response={200: list[OfferOut], **ERRORS}, summary="Slot offers sent to guests")
@paginate(Page)
def list_offers(request):
    return _offers(request)


@router.post("/offers", response={201: OfferCreatedOut, **ERRORS}, summary="Offer slots to a guest by e-mail")
def create_offer(request, payload: OfferIn):
    ensure(request.user, "meetings.add_slotoffer")
    offer = services.slot_offer_create(
        actor=request.user,
        title=payload.title,
        organizer=_organizer(request, payload.organizer_id),
        participants=_people(request, payload.participant_ids),
        guest_name=payload.guest_name,
        guest_email=payload.guest_email,
        slots=payload.slots,
        duration=dt.timedelta(minutes=payload.duration_minutes),
        room=payload.room,
        video_link=payload.video_link,
        description=payload.description,
        expires_at=payload.expires_at,
    )
    created = _offers(request).get(pk=offer.pk)
    created.link = request.build_absolute_uri(reverse("meetings:pick", args=[offer.token]))
    return Status(201, created)


@router.post("/offers/{offer_id}/cancel", response={200: OfferOut, **ERRORS}, summary="Withdraw an open offer")
def cancel_offer(request, offer_id: int):
    offer = get_object_or_404(_offers(request), pk=offer_id)
    services.slot_offer_cancel(actor=request.user, offer=offer)
    return _offers(request).get(pk=offer.pk)


@router.get("/working-hours", response={200: list[HoursRow], **ERRORS}, summary="The caller's working hours")
def my_working_hours(request):
    me = _me(request)
    return list(selectors.working_hours_of(request.user, me))


@router.put("/working-hours", response={200: list[HoursRow], **ERRORS}, summary="Replace the caller's working hours")
def set_working_hours(request, payload: HoursIn):
    me = _me(request)
    return services.working_hours_set(
        actor=request.user, employee=me, hours=[(r.weekday, r.start, r.end) for r in payload.hours]
    )
