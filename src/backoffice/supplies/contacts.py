"""Suppliers behind a phone number, for the front desk's caller lookup."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.core.contacts import Contact, provides_contacts
from backoffice.supplies.selectors import suppliers_visible_to


@provides_contacts
def suppliers_with_number(number_e164: str, user) -> list[Contact]:
    rows = suppliers_visible_to(user).filter(phone_e164=number_e164, archived_at__isnull=True)[:5]
    return [
        Contact(
            kind=_("supplier"),
            name=s.name,
            url=reverse("supplies:supplier_detail", args=[s.pk]),
            detail=s.contact_person,
        )
        for s in rows
    ]
