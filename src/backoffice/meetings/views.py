"""Meetings pages: my meetings, a meeting, find a time, slot offers, my availability, the guest's pick page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.errors import DomainError, NotAllowed
from backoffice.core.pages import list_page, paginate, run_service
from backoffice.core.permissions import can
from backoffice.meetings import ics, selectors, services
from backoffice.meetings.choices import MeetingStatus, ResponseStatus
from backoffice.meetings.forms import (
    BookForm,
    CancelForm,
    FeedForm,
    FindForm,
    HoursForm,
    PickForm,
    ReplyUploadForm,
    RescheduleForm,
)
from backoffice.meetings.models import OfferedSlot
from backoffice.meetings.slots import best_slots, free_slots, local_zone
from backoffice.people.selectors import employee_of


def _need(user, perm: str) -> None:
    if not can(user, perm):
        raise PermissionDenied


def _flash_error(request, exc: DomainError) -> None:
    messages.error(request, " ".join([exc.message, *sum(exc.fields.values(), [])]).strip())


def _me(request):
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


# --- my meetings ----------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    show = request.GET.get("show", "upcoming")
    everyone = request.GET.get("all") == "1" and can(request.user, "meetings.view_all_meetings")
    rows = selectors.meetings_visible_to(request.user) if everyone else selectors.my_meetings(request.user)
    now = timezone.now()
    if show == "past":
        rows = rows.filter(end__lte=now).order_by("-start", "-id")
    else:
        rows = rows.filter(end__gt=now, status=MeetingStatus.BOOKED)
    rows = rows.prefetch_related("participants")
    context = {
        "page": paginate(request, rows),
        "show": show,
        "everyone": everyone,
        "may_see_all": can(request.user, "meetings.view_all_meetings"),
    }
    return list_page(request, "meetings/meeting_list.html", "meetings/_meeting_table.html", context)


def _meeting(request, pk: int):
    return get_object_or_404(
        selectors.meetings_visible_to(request.user).prefetch_related("participants", "guests"), pk=pk
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    zone = local_zone()
    manage = services.may_manage(request.user, meeting) and not meeting.is_cancelled
    context = {
        "meeting": meeting,
        "manage": manage,
        "tab": request.GET.get("tab", "detail"),
        "reschedule_form": RescheduleForm(
            initial={"start": meeting.start.astimezone(zone), "end": meeting.end.astimezone(zone)}
        ),
        "cancel_form": CancelForm(),
        "reply_form": ReplyUploadForm(),
        "answers": selectors.answers_to(meeting),
    }
    if context["tab"] == "history":
        context["history"] = history_of(meeting)[:200]
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_POST
def meeting_reschedule(request, pk: int):
    meeting = _meeting(request, pk)
    if not services.may_manage(request.user, meeting):
        raise PermissionDenied
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_reschedule(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The meeting was moved; everyone got the new invitation."))
        except NotAllowed:
            raise
        except DomainError as exc:
            _flash_error(request, exc)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = _meeting(request, pk)
    if not services.may_manage(request.user, meeting):
        raise PermissionDenied
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("The meeting was cancelled; everyone was told."))
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_reply_upload(request, pk: int):
    """An attendee's answer saved from their calendar (.ics) recorded on the meeting."""
    meeting = _meeting(request, pk)
    if not services.may_manage(request.user, meeting):
        raise PermissionDenied
    form = ReplyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    upload = form.cleaned_data["file"]
    if upload.size > ics.MAX_REPLY_BYTES:
        messages.error(request, _("The file is too large for a calendar reply."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    try:
        outcomes = services.meeting_reply_import(actor=request.user, data=upload.read(), meeting=meeting)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash_error(request, exc)
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    for outcome in outcomes:
        answer = ResponseStatus(outcome.status).label
        if outcome.applied:
            messages.success(request, _("%(email)s: %(answer)s.") % {"email": outcome.email, "answer": answer})
        else:
            messages.warning(
                request,
                _("%(email)s: %(answer)s was not recorded. %(why)s")
                % {"email": outcome.email, "answer": answer, "why": outcome.note},
            )
    return redirect("meetings:meeting_detail", pk=meeting.pk)


# --- find a time ----------------------------------------------------------------------------------


@login_required
def find_time(request):
    _need(request.user, "meetings.add_meeting")
    people = selectors.people_to_schedule(request.user)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else (request.GET if "participants" in request.GET else None)
    find = FindForm(data, people=people, initial={"start": today, "end": today + dt.timedelta(days=14)})
    proposals, everything, book = [], [], None
    if find.is_valid():
        arguments = {
            "participants": list(find.cleaned_data["participants"]),
            "duration": dt.timedelta(minutes=find.cleaned_data["duration"]),
            "start": find.cleaned_data["start"],
            "end": find.cleaned_data["end"],
            "buffer": dt.timedelta(minutes=find.cleaned_data["buffer"] or 0),
        }
        try:
            proposals = best_slots(**arguments)
            everything = free_slots(**arguments, step=dt.timedelta(minutes=30), limit=200)
        except DomainError as exc:
            for name, errors in exc.fields.items():
                for error in errors:
                    find.add_error(name if name in find.fields else None, error)
            proposals, everything = [], []
        choices = [(s.start.isoformat(), s) for s in sorted({*proposals, *everything})]
        book = BookForm(request.POST if request.method == "POST" else None, choices=choices)
        if request.method == "POST" and book.is_valid():
            done = _book_or_offer(request, find, book, arguments["duration"])
            if done is not None:
                return done
    context = {"find": find, "proposals": proposals, "everything": everything, "book": book}
    return render(request, "meetings/find_time.html", context)


def _book_or_offer(request, find: FindForm, book: BookForm, duration: dt.timedelta):
    chosen = book.chosen()
    me = _me(request)
    participants = list(find.cleaned_data["participants"])
    values = {
        "title": book.cleaned_data["title"],
        "room": book.cleaned_data["room"],
        "video_link": book.cleaned_data["video_link"],
        "description": book.cleaned_data["description"],
    }
    guest_name, guest_email = book.cleaned_data["guest_name"], book.cleaned_data["guest_email"]
    if request.POST.get("action") == "offer":
        if not can(request.user, "meetings.add_slotoffer"):
            raise PermissionDenied
        offer = run_service(
            book,
            services.slot_offer_create,
            actor=request.user,
            organizer=me,
            participants=participants,
            guest_name=guest_name,
            guest_email=guest_email,
            slots=chosen,
            duration=duration,
            **values,
        )
        if offer is not None:
            messages.success(request, _("The guest got an e-mail with the offered times."))
            return redirect("meetings:offer_list")
        return None
    if len(chosen) != 1:
        book.add_error("slots", _("Choose exactly one time to book."))
        return None
    guests = [(guest_name, guest_email)] if guest_email else []
    meeting = run_service(
        book,
        services.meeting_book,
        actor=request.user,
        start=chosen[0],
        end=chosen[0] + duration,
        organizer=me,
        participants=participants,
        guests=guests,
        **values,
    )
    if meeting is None:
        return None
    messages.success(request, _("The meeting is booked; the invitations are on their way."))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


# --- slot offers ----------------------------------------------------------------------------------


@login_required
def offer_list(request):
    _need(request.user, "meetings.add_slotoffer")
    rows = selectors.offers_visible_to(request.user).prefetch_related(
        "participants", Prefetch("slots", queryset=OfferedSlot.objects.order_by("start"))
    )
    return list_page(
        request, "meetings/offer_list.html", "meetings/_offer_table.html", {"page": paginate(request, rows)}
    )


@login_required
@require_POST
def offer_cancel(request, pk: int):
    offer = get_object_or_404(selectors.offers_visible_to(request.user), pk=pk)
    try:
        services.slot_offer_cancel(actor=request.user, offer=offer)
        messages.success(request, _("The offer was withdrawn."))
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("meetings:offer_list")


# --- my availability ------------------------------------------------------------------------------


@login_required
def availability(request):
    me = _me(request)
    hours = list(selectors.working_hours_of(request.user, me))
    initial = {}
    for row in hours:
        initial.setdefault(f"start_{row.weekday}", row.start)
        initial.setdefault(f"end_{row.weekday}", row.end)
    hours_form = HoursForm(initial=initial)
    feed_form = FeedForm()
    if request.method == "POST" and request.POST.get("form") == "hours":
        hours_form = HoursForm(request.POST)
        if hours_form.is_valid():
            spans = [] if request.POST.get("default") else hours_form.hours()
            if not hours_form.errors:
                saved = run_service(
                    hours_form, services.working_hours_set, actor=request.user, employee=me, hours=spans
                )
                if saved is not None:
                    messages.success(request, _("Your working hours were saved."))
                    return redirect("meetings:availability")
    elif request.method == "POST" and request.POST.get("form") == "feed":
        feed_form = FeedForm(request.POST)
        if feed_form.is_valid():
            feed = run_service(
                feed_form, services.calendar_feed_add, actor=request.user, employee=me, **feed_form.cleaned_data
            )
            if feed is not None:
                if feed.last_error:
                    messages.warning(request, feed.last_error)
                else:
                    messages.success(request, _("The calendar is connected."))
                return redirect("meetings:availability")
    context = {
        "hours_form": hours_form,
        "feed_form": feed_form,
        "uses_default": not hours,
        "feeds": selectors.feeds_of(request.user, me),
    }
    return render(request, "meetings/availability.html", context)


@login_required
@require_POST
def feed_action(request, pk: int, action: str):
    me = _me(request)
    feed = get_object_or_404(selectors.feeds_of(request.user, me), pk=pk)
    try:
        if action == "sync":
            count = services.calendar_feed_sync(actor=request.user, feed=feed)
            messages.success(request, _("Synchronised: %(n)s busy times.") % {"n": count})
        elif action == "remove":
            services.calendar_feed_remove(actor=request.user, feed=feed)
            messages.success(request, _("The calendar was disconnected."))
        else:
            raise Http404
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        _flash_error(request, exc)
    return redirect("meetings:availability")


# --- the guest's pick page (public, behind an unguessable link) ----------------------------------


@never_cache
def pick(request, token: str):
    offer = services.offer_by_token(token)
    if offer is None:
        raise Http404
    meeting = offer.meeting if offer.meeting_id else None
    is_open = services.offer_is_open(offer)
    starts = services.offer_free_starts(offer) if is_open else []
    zone = local_zone()
    choices = [(s.astimezone(zone).isoformat(), services.when_text(s, s + offer.duration)) for s in starts]
    form = PickForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            meeting = services.slot_offer_pick(offer=offer, start=dt.datetime.fromisoformat(form.cleaned_data["start"]))
            messages.success(request, _("Thank you, the time is booked. An invitation is on its way to your e-mail."))
            return redirect(reverse("meetings:pick", args=[token]))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("meetings:pick", args=[token]))
    context = {"offer": offer, "form": form, "is_open": is_open, "meeting": meeting, "choices": choices}
    return render(request, "meetings/pick.html", context)
