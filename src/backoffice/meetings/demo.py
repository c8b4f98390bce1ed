"""Demo data: a few meetings between demo employees in the next two weeks, and custom working hours."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.core.errors import DomainError
from backoffice.meetings import services
from backoffice.meetings.slots import best_slots
from backoffice.people.models import Employee

MEETINGS = [
    ("Porada vedení", 60, [0, 1, 3, 4], "Zasedačka 2.01", ""),
    ("Plán nákupu kancelářských potřeb", 30, [1, 2], "Kancelář 2.05", ""),
    ("Školení BOZP", 90, [2, 5, 6], "Zasedačka 1.10", ""),
    ("Hodnocení zkušební doby", 45, [3, 6], "", "https://meet.example.cz/hodnoceni"),
    ("Týdenní přehled zakázek", 30, [0, 4], "", "https://meet.example.cz/zakazky"),
]


@demo_step(order=45)
def build_meetings(*, scale: str, out) -> None:
    people = list(Employee.objects.filter(archived_at__isnull=True).order_by("pk")[:8])
    if len(people) < 7:
        return
    # A part-timer: Mondays to Thursdays, 9:00–15:00.
    services.working_hours_set(
        actor=None, employee=people[6], hours=[(day, dt.time(9), dt.time(15)) for day in range(4)]
    )
    first = timezone.localdate() + dt.timedelta(days=1)
    booked = 0
    for offset, (title, minutes, who, room, link) in enumerate(MEETINGS):
        participants = [people[i] for i in who]
        start = first + dt.timedelta(days=2 * offset)
        slots = best_slots(
            participants=participants,
            duration=dt.timedelta(minutes=minutes),
            start=start,
            end=start + dt.timedelta(days=10),
            count=1,
        )
        if not slots:
            continue
        try:
            services.meeting_book(
                actor=None,
                title=title,
                start=slots[0].start,
                end=slots[0].end,
                organizer=participants[0],
                participants=participants,
                room=room,
                video_link=link,
            )
            booked += 1
        except DomainError:
            continue
    out.write(f"meetings: {booked} meetings booked\n")
