from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from backoffice.meetings.choices import MeetingStatus, OfferStatus, ResponseStatus


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime


class FreeSlotsIn(Schema):
    participant_ids: list[int] = Field(..., min_length=1, max_length=50)
    duration_minutes: int = Field(..., ge=5, le=720)
    start: dt.date
    end: dt.date
    buffer_minutes: int = Field(0, ge=0, le=240)
    step_minutes: int = Field(15, ge=5, le=240)
    best: bool = Field(False, description="propose a few good slots instead of listing every one")
    count: int = Field(5, ge=1, le=20)
    limit: int = Field(200, ge=1, le=2000)


class PersonOut(Schema):
    id: int
    name: str = Field(alias="full_name")


class GuestSchema(Schema):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)


class MeetingOut(Schema):
    id: int
    uid: str
    title: str
    description: str
    start: dt.datetime
    end: dt.datetime
    organizer: PersonOut
    participants: list[PersonOut]
    guests: list[GuestSchema]
    room: str
    video_link: str
    status: MeetingStatus
    sequence: int
    cancel_reason: str

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.all())

    @staticmethod
    def resolve_guests(obj):
        return list(obj.guests.all())


class MeetingIn(Schema):
    title: str = Field(..., max_length=200)
    start: dt.datetime
    end: dt.datetime
    organizer_id: int | None = Field(None, description="empty: the caller")
    participant_ids: list[int] = Field(..., max_length=50)
    guests: list[GuestSchema] = Field(default_factory=list, max_length=20)
    room: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)


class RescheduleIn(Schema):
    start: dt.datetime
    end: dt.datetime


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class OfferOut(Schema):
    id: int
    title: str
    organizer: PersonOut
    participants: list[PersonOut]
    guest_name: str
    guest_email: str
    duration_minutes: int
    slots: list[dt.datetime]
    status: OfferStatus
    expires_at: dt.datetime | None
    meeting_id: int | None

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.all())

    @staticmethod
    def resolve_slots(obj):
        return [slot.start for slot in obj.slots.all()]


class OfferIn(Schema):
    title: str = Field(..., max_length=200)
    organizer_id: int | None = None
    participant_ids: list[int] = Field(..., max_length=50)
    guest_name: str = Field(..., max_length=200)
    guest_email: str = Field(..., max_length=254)
    slots: list[dt.datetime] = Field(..., max_length=50)
    duration_minutes: int = Field(..., ge=5, le=720)
    room: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)
    expires_at: dt.datetime | None = None


class OfferCreatedOut(OfferOut):
    link: str = ""


class HoursRow(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 = Monday")
    start: dt.time
    end: dt.time


class HoursIn(Schema):
    hours: list[HoursRow] = Field(..., max_length=50)


class ReplyIn(Schema):
    ics: str = Field(..., description="The iCalendar REPLY (METHOD:REPLY) an attendee's calendar sent back.")


class ReplyOutcomeOut(Schema):
    meeting_id: int
    email: str
    status: ResponseStatus
    applied: bool
    note: str


class AnswerOut(Schema):
    name: str
    email: str
    status: ResponseStatus | None
    replied_at: dt.datetime | None
    revision: int | None
    comment: str
