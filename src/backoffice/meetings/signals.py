"""meeting_changed(sender=Meeting, meeting=…, action="booked" | "rescheduled" | "cancelled"), sent after commit."""

from django.dispatch import Signal

meeting_changed = Signal()
