from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")


class FeedKind(models.TextChoices):
    ICS = "ics", _("ICS calendar (URL)")
    CALDAV = "caldav", _("CalDAV calendar")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("waiting for the pick")
    PICKED = "picked", _("picked")
    CANCELLED = "cancelled", _("cancelled")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ResponseStatus(models.TextChoices):
    """A participant's answer to an invitation (iTIP REPLY, PARTSTAT); no row means no answer yet."""

    ACCEPTED = "ACCEPTED", _("accepted")
    TENTATIVE = "TENTATIVE", _("maybe")
    DECLINED = "DECLINED", _("declined")


class ResponseSource(models.TextChoices):
    EMAIL = "email", _("e-mail")
    UPLOAD = "upload", _("uploaded file")
