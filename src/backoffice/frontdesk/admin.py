"""Mailboxes and routing rules are set up by an administrator in the Django admin."""

from django import forms
from django.contrib import admin

from backoffice.frontdesk.models import Mailbox, RoutingRule


class MailboxForm(forms.ModelForm):
    class Meta:
        model = Mailbox
        fields = [
            "name",
            "purpose",
            "address",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "folder",
            "fax_recipient",
            "active",
        ]
        widgets = {"password": forms.PasswordInput(render_value=True)}


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "purpose", "address", "host", "active", "last_sync_at", "last_uid"]
    readonly_fields = ["uidvalidity", "last_uid", "last_sync_at", "last_error"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "field", "contains", "assignee", "mailbox"]
    list_editable = ["contains"]
