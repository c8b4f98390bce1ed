"""Mailboxes and routing rules in the Django admin too (audited like every change); people manage them in the pages
under /frontdesk/inbox/."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice.core.admin import AuditedModelAdmin
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
        widgets = {"password": forms.PasswordInput(render_value=False)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the stored password is never sent back to the browser; empty keeps it
            self.fields["password"].required = False
            self.fields["password"].help_text = _("Leave empty to keep the current password.")

    def clean_password(self):
        typed = self.cleaned_data.get("password")
        return typed if typed or not self.instance.pk else Mailbox.objects.get(pk=self.instance.pk).password


@admin.register(Mailbox)
class MailboxAdmin(AuditedModelAdmin):
    form = MailboxForm
    list_display = ["name", "purpose", "address", "host", "active", "last_sync_at", "last_uid"]
    readonly_fields = ["uidvalidity", "last_uid", "last_sync_at", "last_error", "failures", "retry_at"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedModelAdmin):
    list_display = ["position", "field", "contains", "assignee", "supplier", "mailbox"]
    list_editable = ["contains"]
