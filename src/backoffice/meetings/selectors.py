"""Reads of meetings data, restricted to what the user may see.

A meeting (its title, guests, description) is visible to its organizer, its participants, whoever booked it and
holders of `meetings.view_all_meetings`. Everyone else learns only when people are busy (the free slots), never
what they do: meetings about a candidate therefore never show the candidate's name to anyone else.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from backoffice.core.permissions import can
from backoffice.meetings.models import CalendarFeed, Meeting, MeetingResponse, SlotOffer, WorkingHours
from backoffice.people.models import Employee
from backoffice.people.selectors import employee_of


def meetings_visible_to(user: AbstractBaseUser) -> QuerySet[Meeting]:
    rows = Meeting.objects.select_related("organizer")
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    if can(user, "meetings.view_all_meetings"):
        return rows
    me = employee_of(user)
    mine = Q(booked_by=user)
    if me is not None:
        mine |= Q(organizer=me) | Q(pk__in=Meeting.participants.through.objects.filter(employee=me).values("meeting"))
    return rows.filter(mine)


def my_meetings(user: AbstractBaseUser) -> QuerySet[Meeting]:
    """The meetings the user takes part in or organises (not all the ones they may see)."""
    me = employee_of(user)
    if me is None:
        return Meeting.objects.none()
    return meetings_visible_to(user).filter(
        Q(organizer=me) | Q(pk__in=Meeting.participants.through.objects.filter(employee=me).values("meeting"))
    )


def offers_visible_to(user: AbstractBaseUser) -> QuerySet[SlotOffer]:
    rows = SlotOffer.objects.select_related("organizer", "meeting")
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    if can(user, "meetings.change_slotoffer"):
        return rows
    if not can(user, "meetings.add_slotoffer"):
        return rows.none()
    me = employee_of(user)
    return rows.filter(Q(created_by=user) | Q(organizer=me)) if me else rows.filter(created_by=user)


def people_to_schedule(user: AbstractBaseUser) -> QuerySet[Employee]:
    """Whom the user may invite: current employees, for those allowed to book."""
    if can(user, "meetings.add_meeting"):
        return Employee.objects.filter(archived_at__isnull=True)
    return Employee.objects.none()


def working_hours_of(user: AbstractBaseUser, employee: Employee) -> QuerySet[WorkingHours]:
    me = employee_of(user)
    if can(user, "meetings.change_workinghours") or (me is not None and me.pk == employee.pk):
        return WorkingHours.objects.filter(employee=employee)
    return WorkingHours.objects.none()


def feeds_of(user: AbstractBaseUser, employee: Employee) -> QuerySet[CalendarFeed]:
    """Only the owner sees their calendar connections (they hold a password)."""
    me = employee_of(user)
    if me is not None and me.pk == employee.pk:
        return CalendarFeed.objects.filter(employee=employee)
    return CalendarFeed.objects.none()


def answers_to(meeting: Meeting) -> list[tuple[str, str, MeetingResponse | None]]:
    """(name, e-mail, answer or None) of everyone invited, in the invitation's order; for whoever sees the meeting."""
    from backoffice.meetings.ics import attendees

    answers = {r.email: r for r in meeting.responses.all()}
    return [(name, email, answers.get(email.lower())) for name, email in attendees(meeting)]
