"""Kinds and states of the staff records: onboarding tasks, training, discipline, offboarding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    ACCOUNT = "account", _("account and access")
    DESK = "desk", _("desk")
    KEYS = "keys", _("keys")
    EQUIPMENT = "equipment", _("equipment to hand over")
    TRAINING = "training", _("safety training")
    DOCUMENTS = "documents", _("documents to sign")
    OTHER = "other", _("other")


class Responsible(models.TextChoices):
    """Whose duty a template task is; the task then goes to whoever handles that person's work now."""

    MANAGER = "manager", _("the new hire's manager")
    DEPARTMENT_HEAD = "head", _("the head of the new hire's department")
    NAMED = "named", _("a named colleague")
    NEW_HIRE = "new_hire", _("the new hire")


class OnboardingStatus(models.TextChoices):
    OPEN = "open", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class CourseKind(models.TextChoices):
    INTERNAL = "internal", _("internal")
    EXTERNAL = "external", _("external")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    ATTENDED = "attended", _("attended")
    ABSENT = "absent", _("did not attend")
    CANCELLED = "cancelled", _("cancelled")


class Standing(models.TextChoices):
    """A cell of the training matrix."""

    VALID = "valid", _("valid")
    EXPIRING_30 = "expiring_30", _("expires within 30 days")
    EXPIRING_60 = "expiring_60", _("expires within 60 days")
    EXPIRING_90 = "expiring_90", _("expires within 90 days")
    EXPIRED = "expired", _("expired")
    MISSING = "missing", _("missing")


STANDING_BADGE = {
    Standing.VALID: "success",
    Standing.EXPIRING_30: "danger",
    Standing.EXPIRING_60: "warning",
    Standing.EXPIRING_90: "info",
    Standing.EXPIRED: "dark",
    Standing.MISSING: "secondary",
}


class DisciplineKind(models.TextChoices):
    VERBAL = "verbal", _("verbal warning")
    WRITTEN = "written", _("written warning")
    FINAL = "final", _("final warning")
    SUSPENSION = "suspension", _("suspension")
    NOTICE = "notice", _("notice")


# The order of escalation: each step is more serious than the one before.
ESCALATION = [
    DisciplineKind.VERBAL,
    DisciplineKind.WRITTEN,
    DisciplineKind.FINAL,
    DisciplineKind.SUSPENSION,
    DisciplineKind.NOTICE,
]


class LeavingReason(models.TextChoices):
    RESIGNATION = "resignation", _("resignation")
    AGREEMENT = "agreement", _("agreement")
    NOTICE = "notice", _("notice by the employer")
    DISMISSAL = "dismissal", _("summary dismissal")
    FIXED_TERM = "fixed_term", _("end of fixed term")
    RETIREMENT = "retirement", _("retirement")


class OffboardingStatus(models.TextChoices):
    OPEN = "open", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
