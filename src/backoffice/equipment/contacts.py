"""Service vendors behind a phone number, for the front desk's caller lookup."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.core.contacts import Contact, provides_contacts
from backoffice.equipment.selectors import vendors_visible_to


@provides_contacts
def vendors_with_number(number_e164: str, user) -> list[Contact]:
    rows = vendors_visible_to(user).filter(phone_e164=number_e164, archived_at__isnull=True)[:5]
    return [
        Contact(kind=_("service vendor"), name=v.name, url=reverse("equipment:vendor_list"), detail=v.email)
        for v in rows
    ]
