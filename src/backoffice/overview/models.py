"""What the overview remembers: which alert each person has already been told of, so it is not repeated daily."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertState(models.Model):
    """One open alert for one recipient; `resolved_at` is set once the problem is gone (a new one starts afresh)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("alert"), max_length=200)
    kind = models.CharField(_("module"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)  # in the recipient's language, as last built
    url = models.CharField(_("link"), max_length=300, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    notified_at = models.DateTimeField(_("notified in the app"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("last in a digest"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["first_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=Q(resolved_at__isnull=True),
                name="alertstate_open_unique",
                violation_error_message=_("This alert is already open for this person."),
            )
        ]
        indexes = [models.Index(fields=["recipient", "resolved_at"], name="alertstate_recipient_idx")]

    def __str__(self) -> str:
        return self.title
