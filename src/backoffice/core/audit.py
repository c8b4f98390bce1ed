"""Writing and reading the audit trail."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from backoffice.core.context import current_actor
from backoffice.core.models import AuditEntry

NOT_AUDITED = {"created_at", "updated_at", "password"}


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _redacted(obj: models.Model, name: str, value: Any) -> str:
    """A secret's stand-in: shows that it is set and when it changed, never the value (keyed, not guessable)."""
    if value in (None, ""):
        return ""
    message = f"{obj._meta.label}.{name}:{value}".encode()
    return "[redacted " + hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:10] + "]"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's own column values, as JSON-ready data (foreign keys as ids).

    Fields a model names in `audit_redacted` (passwords, keys) are kept out of the trail: only a stand-in.
    """
    data = {}
    secret = getattr(obj, "audit_redacted", frozenset())
    for field in obj._meta.concrete_fields:
        if field.name in NOT_AUDITED:
            continue
        value = _plain(getattr(obj, field.attname))
        data[field.name] = _redacted(obj, field.name, value) if field.name in secret else value
    return data


def record_change(
    obj: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    actor = current_actor()
    after = None if action == AuditEntry.Action.DELETE else snapshot(obj)
    return AuditEntry.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        request_id=actor.request_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        before=before,
        after=after,
        reason=reason[:500],
    )


def history_of(obj: models.Model):
    """History entries of one record; the caller has already checked the user may see the record."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
    ).select_related("actor", "content_type")


def record_bulk_create(objs: list[models.Model], reason: str = "") -> None:
    """Audit rows for records inserted in bulk (imports, demo data), written in bulk too."""
    if not objs:
        return
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(objs[0], for_concrete_model=False)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor.user,
                actor_label=actor.label,
                request_id=actor.request_id,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                action=AuditEntry.Action.CREATE,
                after=snapshot(obj),
                reason=reason[:500],
            )
            for obj in objs
        ],
        batch_size=2000,
    )
