from django.db import models
from django.utils.translation import gettext_lazy as _


class AbsenceKind(models.TextChoices):
    VACATION = "vacation", _("vacation")
    SICK_LEAVE = "sick_leave", _("sick leave")
    BUSINESS_TRIP = "business_trip", _("business trip")
    OTHER = "other", _("other")


class AbsenceStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")


class Area(models.TextChoices):
    """The duties a substitute can take over; ALL covers every one of them."""

    ALL = "all", _("all duties")
    FRONTDESK = "frontdesk", _("front desk")
    SUPPLIES = "supplies", _("supplies")
    EQUIPMENT = "equipment", _("equipment")
    RECRUITMENT = "recruitment", _("recruitment")
    STAFF = "staff", _("staff")


ABSENCE_BADGE = {
    AbsenceKind.VACATION: "info",
    AbsenceKind.SICK_LEAVE: "warning",
    AbsenceKind.BUSINESS_TRIP: "primary",
    AbsenceKind.OTHER: "secondary",
}
