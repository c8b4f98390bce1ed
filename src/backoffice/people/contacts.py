"""Employees behind a phone number (their direct line or mobile), for the front desk's caller lookup."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.core.contacts import Contact, provides_contacts
from backoffice.people.selectors import employees_visible_to


@provides_contacts
def employees_with_number(number_e164: str, user) -> list[Contact]:
    rows = employees_visible_to(user).filter(phone_e164=number_e164, archived_at__isnull=True)[:5]
    return [
        Contact(
            kind=_("employee"), name=e.full_name, url=reverse("people:employee_detail", args=[e.pk]), detail=e.job_title
        )
        for e in rows
    ]
