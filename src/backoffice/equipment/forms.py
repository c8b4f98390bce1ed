"""Page forms. They only shape input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backoffice.equipment.choices import (
    AssetFileKind,
    Priority,
    RequestKind,
    RequestStatus,
    SnmpAuthProtocol,
    SnmpPrivProtocol,
    SnmpVersion,
)
from backoffice.equipment.models import Asset, ConsumableLink, MaintenancePlan, TroubleshootingGuide, Vendor
from backoffice.equipment.services import SNMP_SECRETS
from backoffice.people.models import Department, Employee

MAX_PHOTO_BYTES = getattr(settings, "EQUIPMENT_MAX_PHOTO_BYTES", 10 * 1024 * 1024)


class DateInput(forms.DateInput):
    input_type = "date"


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = [
            "category",
            "manufacturer",
            "model_name",
            "serial_number",
            "inventory_number",
            "location",
            "assignee",
            "department",
            "purchase_date",
            "purchase_price",
            "warranty_until",
            "vendor",
            "contract_number",
            "response_hours",
            "contract_until",
            "status",
            "ip_address",
            "snmp_port",
            "snmp_version",
            "snmp_community",
            "snmp_user",
            "snmp_auth_protocol",
            "snmp_auth_key",
            "snmp_priv_protocol",
            "snmp_priv_key",
            "snmp_context",
        ]
        widgets = {
            "purchase_date": DateInput,
            "warranty_until": DateInput,
            "contract_until": DateInput,
            # secrets: written, never sent back to the browser
            "snmp_community": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
            "snmp_auth_key": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
            "snmp_priv_key": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        }

    forget_snmp_secrets = forms.BooleanField(label=_("Remove the stored SNMP community and keys"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Employee.objects.filter(archived_at__isnull=True)
        self.fields["department"].queryset = Department.objects.filter(archived_at__isnull=True)
        self.fields["vendor"].queryset = Vendor.objects.filter(archived_at__isnull=True)
        stored = self.instance.pk is not None
        for name in SNMP_SECRETS:
            field = self.fields[name]
            if stored and getattr(self.instance, name):
                field.widget.attrs["placeholder"] = _("stored — leave empty to keep")
            field.help_text = _("Stored and never shown again.")
        if not stored:
            del self.fields["forget_snmp_secrets"]
        for name in ("snmp_auth_protocol", "snmp_priv_protocol"):
            self.fields[name].required = False  # only SNMP v3 uses them; the model has the usual defaults

    def changes(self) -> dict:
        """What to hand to the service: an empty secret field keeps the stored value (it is never shown)."""
        data = dict(self.cleaned_data)
        forget = data.pop("forget_snmp_secrets", False)
        for name in ("snmp_auth_protocol", "snmp_priv_protocol"):
            if not data.get(name):
                data.pop(name, None)
        for name in SNMP_SECRETS:
            if forget:
                data[name] = ""
            elif not data.get(name) and self.instance.pk is not None:
                data.pop(name, None)
        return data

    def _post_clean(self):
        """The service validates the record and reports problems by the field."""


class DiscoverForm(forms.Form):
    ip_address = forms.GenericIPAddressField(label=_("IP address"))
    port = forms.IntegerField(label=_("SNMP port"), min_value=1, max_value=65535, initial=161)
    version = forms.ChoiceField(label=_("SNMP version"), choices=SnmpVersion.choices, initial=SnmpVersion.V2C)
    community = forms.CharField(label=_("SNMP community"), max_length=100, initial="public", required=False)
    user = forms.CharField(label=_("SNMP v3 user"), max_length=100, required=False)
    auth_protocol = forms.ChoiceField(
        label=_("SNMP v3 authentication protocol"),
        choices=SnmpAuthProtocol.choices,
        initial=SnmpAuthProtocol.SHA,
        required=False,
    )
    auth_key = forms.CharField(
        label=_("SNMP v3 authentication key"), max_length=100, required=False, widget=forms.PasswordInput
    )
    priv_protocol = forms.ChoiceField(
        label=_("SNMP v3 privacy protocol"),
        choices=SnmpPrivProtocol.choices,
        initial=SnmpPrivProtocol.AES128,
        required=False,
    )
    priv_key = forms.CharField(
        label=_("SNMP v3 privacy key"), max_length=100, required=False, widget=forms.PasswordInput
    )
    context = forms.CharField(label=_("SNMP v3 context name"), max_length=100, required=False)


class FaultForm(forms.Form):
    description = forms.CharField(label=_("What is wrong"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    out_of_service = forms.BooleanField(label=_("The machine cannot be used at all"), required=False)
    photo = forms.ImageField(label=_("Photo"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is too large (at most %(size)s MB).") % {"size": MAX_PHOTO_BYTES // (1024 * 1024)}
            )
        return photo


class TriageForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Colleague"), queryset=Employee.objects.none(), required=False)
    vendor = forms.ModelChoiceField(label=_("Or a vendor"), queryset=Vendor.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Employee.objects.filter(archived_at__isnull=True)
        self.fields["vendor"].queryset = Vendor.objects.filter(archived_at__isnull=True)


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=RequestStatus.choices)
    resolution = forms.CharField(label=_("Resolution notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    parts_cost = forms.DecimalField(label=_("Parts cost"), min_value=0, max_digits=12, decimal_places=2, required=False)
    labour_cost = forms.DecimalField(
        label=_("Labour cost"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("Note for the reporter"), max_length=500, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), max_length=500)


class ReadingForm(forms.Form):
    pages = forms.IntegerField(label=_("Page counter"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = ["name", "email", "phone"]

    def _post_clean(self):
        """Validated by the service."""


class GuideForm(forms.ModelForm):
    class Meta:
        model = TroubleshootingGuide
        fields = ["manufacturer", "model_name", "title", "body"]

    def _post_clean(self):
        """Validated by the service."""


class PlanForm(forms.ModelForm):
    class Meta:
        model = MaintenancePlan
        fields = [
            "asset",
            "title",
            "checklist",
            "every_days",
            "every_months",
            "every_pages",
            "lead_days",
            "next_due",
            "assignee",
        ]
        widgets = {"next_due": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = Asset.objects.filter(archived_at__isnull=True)
        self.fields["assignee"].queryset = Employee.objects.filter(archived_at__isnull=True)

    def _post_clean(self):
        """Validated by the service."""


class ConsumableForm(forms.ModelForm):
    class Meta:
        model = ConsumableLink
        fields = ["manufacturer", "model_name", "item", "match", "low_percent", "reorder_quantity"]

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items

    def _post_clean(self):
        """Validated by the service."""


class AssetFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetFileKind.choices, initial=AssetFileKind.PHOTO)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))
