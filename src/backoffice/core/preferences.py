"""A person's preferences: which language the product speaks to them (pages, notifications, e-mails) and
whether they get the daily digest. Chosen on the profile page or by the language switch."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import Preference

LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}


def preference_of(user: AbstractBaseUser) -> Preference:
    """The stored preference, or an unsaved one with the defaults."""
    try:
        return user.preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def language_of(user: AbstractBaseUser | None) -> str:
    """The language to speak to this person in: their choice, else the company's default."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    return preference_of(user).language or settings.LANGUAGE_CODE


@contextmanager
def speaking_to(user: AbstractBaseUser | None):
    """Build a message for a person in their own language, whoever's request is running:

    with speaking_to(approver.user):
        notify(recipient=approver.user, title=_("…") % {...})
    """
    with translation.override(language_of(user)):
        yield


def preference_update(
    *, actor: AbstractBaseUser, user: AbstractBaseUser, language: str | None = None, daily_digest: bool | None = None
) -> Preference:
    """A person changes their own preferences (nobody else's)."""
    if actor.pk != user.pk:
        raise NotAllowed(_("You can change only your own preferences."))
    if language is not None and language not in LANGUAGE_CODES:
        raise InvalidInput(fields={"language": [_("Choose one of the offered languages.")]})
    with transaction.atomic():
        preference = Preference.objects.select_for_update().filter(user=user).first()
        created = preference is None
        preference = preference or Preference(user=user)
        before = snapshot(preference)
        if language is not None:
            preference.language = language
        if daily_digest is not None:
            preference.daily_digest = daily_digest
        if created or snapshot(preference) != before:
            preference.save()
            record_change(preference, "create" if created else "update", before=None if created else before)
    user.preference = preference
    return preference
