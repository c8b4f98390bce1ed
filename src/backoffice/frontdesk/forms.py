"""Page forms of the front desk. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backoffice.frontdesk.choices import CallOutcome, ConversationStatus, Direction, MessageStatus, Urgency
from backoffice.frontdesk.models import Mailbox, RoutingRule
from backoffice.frontdesk.selectors import mailboxes_visible_to
from backoffice.people.models import Employee
from backoffice.supplies.selectors import suppliers_visible_to


def current_staff():
    return Employee.objects.filter(archived_at__isnull=True).order_by("sort_name", "id")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.Form):
    """The quick call form: number first (it finds the caller), Enter saves."""

    number = forms.CharField(label=_("Number"), max_length=32, required=False)
    caller_name = forms.CharField(label=_("Caller"), max_length=120, required=False)
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    for_person = forms.ModelChoiceField(label=_("For whom"), queryset=Employee.objects.none(), required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices[:-1], initial=CallOutcome.CONNECTED)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.INCOMING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_person"].queryset = current_staff()
        self.fields["number"].widget.attrs.update(
            {"autofocus": True, "inputmode": "tel", "autocomplete": "off", "accesskey": "n"}
        )


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=pgettext_lazy("phone call", "Transfer to"), queryset=Employee.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = current_staff()


class MessageForm(forms.Form):
    for_person = forms.ModelChoiceField(label=_("For whom"), queryset=Employee.objects.none())
    caller_name = forms.CharField(label=_("Who called"), max_length=120)
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    callback_number = forms.CharField(label=_("Callback number"), max_length=32, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    callback_by = forms.DateTimeField(
        label=_("Call back by"), required=False, widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"]
    )
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_person"].queryset = current_staff()


class MessageStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MessageStatus.choices)


class CdrForm(forms.Form):
    file = forms.FileField(label=_("Master.csv file"))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 6}))


class ConversationForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ConversationStatus.choices)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=Employee.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = current_staff()


class FaxForm(forms.Form):
    number = forms.CharField(label=_("Fax number"), max_length=32)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    document = forms.FileField(label=_("PDF document"), required=False)
    cover_text = forms.CharField(label=_("Cover page text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MailboxForm(forms.ModelForm):
    """The mailbox settings; the stored password is never sent back to the browser, and empty keeps it."""

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
        ]
        widgets = {"password": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fax_recipient"].queryset = current_staff()
        self.fields["fax_recipient"].help_text = _("Only for a mailbox of incoming faxes.")
        if self.instance.pk:
            self.fields["password"].required = False
            self.fields["password"].widget.attrs["placeholder"] = _("stored — leave empty to keep")
            self.fields["password"].help_text = _("Leave empty to keep the current password.")

    def changes(self) -> dict:
        """What to hand to the service: an empty password keeps the stored one."""
        data = dict(self.cleaned_data)
        if not data.get("password"):
            data.pop("password", None)
        return data

    def _post_clean(self):
        """The service validates the record and reports problems by the field."""


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["mailbox", "field", "contains", "assignee", "supplier"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = mailboxes_visible_to(user).order_by("name")
        self.fields["mailbox"].empty_label = _("every mailbox")
        self.fields["mailbox"].label = _("Mailbox")
        self.fields["assignee"].queryset = current_staff()
        self.fields["supplier"].queryset = suppliers_visible_to(user).filter(archived_at__isnull=True).order_by("name")

    def changes(self) -> dict:
        return dict(self.cleaned_data)

    def _post_clean(self):
        """The service validates the record and reports problems by the field."""
