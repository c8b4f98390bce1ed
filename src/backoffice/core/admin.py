"""Changes made in the Django admin go into the audit trail like every other change; the authenticator apps (an
administrator deletes a lost phone's there) are managed through it."""

from __future__ import annotations

import django_otp.plugins.otp_totp.admin  # noqa: F401 — registers TOTPDevice first, so it can be replaced below
from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.core.audit import record_change, snapshot
from backoffice.core.models import AuditEntry, AuthenticatorApp

ADMIN_REASON = "in the admin"


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions (each object of a bulk deletion too) write audit entries."""

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
        record_change(obj, action, before=before, reason=ADMIN_REASON)

    def delete_model(self, request, obj) -> None:
        before, pk = snapshot(obj), obj.pk
        with transaction.atomic():
            super().delete_model(request, obj)
            obj.pk = pk  # Django clears it on delete; the audit entry names the deleted row
            record_change(obj, AuditEntry.Action.DELETE, before=before, reason=ADMIN_REASON)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)  # its own admin deletes without an audit entry and would show the raw model


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(AuditedModelAdmin, TOTPDeviceAdmin):
    """django-otp's TOTP admin (secret keys hidden, see OTP_ADMIN_HIDE_SENSITIVE_DATA) with audited changes."""
