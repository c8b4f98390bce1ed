"""Candidates behind a phone number, for the front desk's caller lookup: shown only to those who may see them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.core.contacts import Contact, provides_contacts
from backoffice.recruitment.selectors import applications_visible_to, candidates_visible_to


@provides_contacts
def candidates_with_number(number_e164: str, user) -> list[Contact]:
    rows = candidates_visible_to(user).filter(phone_e164=number_e164, anonymised_at__isnull=True)[:5]
    contacts = []
    for candidate in rows:
        application = applications_visible_to(user).filter(candidate=candidate).order_by("-created_at").first()
        url = reverse("recruitment:application_detail", args=[application.pk]) if application else ""
        contacts.append(
            Contact(
                kind=_("candidate"),
                name=candidate.name,
                url=url,
                detail=str(application.position) if application else "",
            )
        )
    return contacts
