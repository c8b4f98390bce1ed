from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    ISSUE = "issue", _("issue")
    TRANSFER = "transfer", _("transfer")
    ADJUSTMENT = "adjustment", _("count adjustment")
    WRITE_OFF = "write_off", _("write-off")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("waiting")
    ISSUED = "issued", _("issued")
    ORDERED = "ordered", _("ordered")
    REJECTED = "rejected", _("rejected")


class ReorderMethod(models.TextChoices):
    MANUAL = "manual", _("manual minimum and maximum")
    AUTOMATIC = "automatic", _("automatic from consumption")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    APPROVED = "approved", _("approved")
    SENT = "sent", _("sent")
    PARTLY_RECEIVED = "partly_received", _("partly received")
    RECEIVED = "received", _("received")
    CANCELLED = "cancelled", _("cancelled")


OPEN_ORDER_STATUSES = [
    OrderStatus.DRAFT,
    OrderStatus.AWAITING_APPROVAL,
    OrderStatus.APPROVED,
    OrderStatus.SENT,
    OrderStatus.PARTLY_RECEIVED,
]
ON_ORDER_STATUSES = [OrderStatus.APPROVED, OrderStatus.SENT, OrderStatus.PARTLY_RECEIVED]


class VatRate(models.TextChoices):
    STANDARD = "21", _("21 %")
    REDUCED = "12", _("12 %")
    ZERO = "0", _("0 %")


class OrderLanguage(models.TextChoices):
    CZECH = "cs", _("Czech")
    ENGLISH = "en", _("English")


class CountStatus(models.TextChoices):
    OPEN = "open", _("counting")
    POSTED = "posted", _("posted")
    CANCELLED = "cancelled", _("cancelled")


ORDER_BADGE = {
    OrderStatus.DRAFT: "secondary",
    OrderStatus.AWAITING_APPROVAL: "warning",
    OrderStatus.APPROVED: "info",
    OrderStatus.SENT: "primary",
    OrderStatus.PARTLY_RECEIVED: "primary",
    OrderStatus.RECEIVED: "success",
    OrderStatus.CANCELLED: "dark",
}
