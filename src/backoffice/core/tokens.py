"""Create, check and revoke personal API tokens. The secret is shown once and stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import InvalidInput, NotFound
from backoffice.core.models import ApiToken, AuditEntry

PREFIX = "bo_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(fields={"name": [_("Give the token a name, e.g. the program that will use it.")]})
    if not user.is_active:
        raise InvalidInput(_("An inactive user cannot have API tokens."))
    key = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:10], key_hash=_hash(key))
        record_change(token, AuditEntry.Action.CREATE)
    return token, key


def token_revoke(*, user: AbstractBaseUser, token_id: int) -> ApiToken:
    token = tokens_of(user).filter(id=token_id).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        with transaction.atomic():
            before = snapshot(token)
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_change(token, AuditEntry.Action.UPDATE, before=before, reason="revoked")
    return token


def tokens_of(user: AbstractBaseUser):
    return ApiToken.objects.filter(user=user)


def user_for_key(key: str) -> AbstractBaseUser | None:
    if not key.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
