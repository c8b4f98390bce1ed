"""What staff contributes to the overview: trainings (certificates) running out within a month, as alerts to the
holder and their manager (or whoever covers their staff duties). The staff module's own reminder job tells them in
the app; the overview adds them to the daily digest until the certificate is renewed."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.overview.registry import Alert, provides_alerts
from backoffice.people.choices import Area
from backoffice.staff.models import Certificate

EXPIRY_NOTICE_DAYS = 30


@provides_alerts("staff.training_expiring")
def trainings_expiring(now: dt.datetime) -> list[Alert]:
    today = timezone.localdate(now)
    renewed = Certificate.objects.filter(employee=OuterRef("employee"), course=OuterRef("course")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until"))
    )
    rows = (
        Certificate.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
            employee__archived_at__isnull=True,
        )
        .exclude(Exists(renewed))
        .select_related("employee__manager", "course")
        .order_by("valid_until", "id")[:1000]
    )
    url = reverse("staff:my_hr")
    alerts = []
    for certificate in rows:
        employee = certificate.employee

        def title(certificate=certificate) -> str:
            return _("%(course)s of %(name)s expires on %(date)s") % {
                "course": certificate.course.name,
                "name": certificate.employee.full_name,
                "date": date_format(certificate.valid_until, "SHORT_DATE_FORMAT"),
            }

        owners = [employee] + ([employee.manager] if employee.manager and employee.manager.archived_at is None else [])
        alerts.append(
            Alert(
                key=f"staff.training_expiring:{certificate.pk}",
                area=Area.STAFF,
                owners=owners,
                title=title,
                url=url,
                kind="staff",
                in_app=False,
            )
        )
    return alerts
