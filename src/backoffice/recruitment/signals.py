"""When the candidate picks an offered slot, the meetings module books it: the interview then points at it."""

from django.dispatch import receiver

from backoffice.meetings.models import Meeting
from backoffice.meetings.signals import meeting_changed
from backoffice.recruitment.models import Interview


@receiver(meeting_changed, sender=Meeting)
def link_picked_slot(sender, meeting, action, **kwargs) -> None:
    if action == "booked":
        Interview.objects.filter(slot_offer__meeting=meeting, meeting__isnull=True).update(meeting=meeting)
