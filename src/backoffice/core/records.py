"""The three writes every service repeats: create, change and archive a record, validated and audited."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import Conflict, InvalidInput
from backoffice.core.models import AuditEntry

M = TypeVar("M", bound=models.Model)


def _validated_save(obj: models.Model, **save_kwargs: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise InvalidInput.from_django(exc) from exc
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError as exc:
        # full_clean() checked the constraints already; this is a concurrent write that got there first.
        raise Conflict(_("Someone else saved a conflicting record at the same moment; please try again.")) from exc


def create_record(model: type[M], *, reason: str = "", **values: Any) -> M:
    obj = model(**values)
    with transaction.atomic():
        _validated_save(obj)
        record_change(obj, AuditEntry.Action.CREATE, reason=reason)
    return obj


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    """Whether setting `name` to `value` changes `obj` (a relation compared by its key, without loading it)."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a plain attribute, not a field
        return getattr(obj, name, None) != value
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname) != (value.pk if isinstance(value, models.Model) else value)
    return getattr(obj, field.attname, None) != value


def update_record(obj: M, *, reason: str = "", **changes: Any) -> M:
    with transaction.atomic():
        before = snapshot(obj)
        # Compared value by value, not by the audit snapshot: a change only to a field the audit leaves out
        # (a password) must still be saved.
        if not any(_differs(obj, name, value) for name, value in changes.items()):
            return obj
        for name, value in changes.items():
            setattr(obj, name, value)
        _validated_save(obj)
        record_change(obj, AuditEntry.Action.UPDATE, before=before, reason=reason)
    return obj


def archive_record(obj: M, *, reason: str = "") -> M:
    if getattr(obj, "archived_at", None) is not None:
        return obj
    with transaction.atomic():
        before = snapshot(obj)
        obj.archived_at = timezone.now()
        obj.save(update_fields=["archived_at", "updated_at"])
        record_change(obj, AuditEntry.Action.ARCHIVE, before=before, reason=reason)
    return obj
