"""Page forms. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.people.models import Department, Employee
from backoffice.supplies.choices import MovementKind
from backoffice.supplies.models import Item, Location, Supplier, SupplierOffer, SupplyRequest


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["sku", "name", "category", "unit", "ean", "preferred_supplier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_supplier"].queryset = Supplier.objects.filter(archived_at__isnull=True)

    def _post_clean(self):
        """Validated by the service."""


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = [
            "name",
            "ico",
            "dic",
            "contact_person",
            "phone",
            "email",
            "order_email",
            "lead_time_days",
            "min_order_value",
        ]

    def _post_clean(self):
        """Validated by the service."""


class OfferForm(forms.ModelForm):
    class Meta:
        model = SupplierOffer
        fields = ["supplier", "supplier_sku", "price", "currency", "pack_size", "min_quantity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(archived_at__isnull=True)

    def _post_clean(self):
        """Validated by the service."""


def _locations():
    return Location.objects.filter(archived_at__isnull=True)


class MovementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MovementKind.choices)
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.filter(archived_at__isnull=True))
    quantity = forms.CharField(label=_("Quantity"), help_text=_("For a count adjustment: the difference, e.g. -2."))
    from_location = forms.ModelChoiceField(label=_("From"), queryset=_locations(), required=False)
    to_location = forms.ModelChoiceField(label=_("To"), queryset=_locations(), required=False)
    department = forms.ModelChoiceField(
        label=_("For department"), queryset=Department.objects.filter(archived_at__isnull=True), required=False
    )
    employee = forms.ModelChoiceField(
        label=_("For employee"), queryset=Employee.objects.filter(archived_at__isnull=True), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_location"].queryset = _locations()
        self.fields["to_location"].queryset = _locations()


class RequestForm(forms.ModelForm):
    quantity = forms.CharField(label=_("Quantity"))

    class Meta:
        model = SupplyRequest
        fields = ["item", "quantity", "note"]

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()

    def _post_clean(self):
        """Validated by the service."""


class LocationChoiceForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations()


class CountOpenForm(LocationChoiceForm):
    category = forms.CharField(label=_("Only this category"), max_length=80, required=False)


class CountEntryForm(forms.Form):
    code = forms.CharField(
        label=_("SKU or barcode"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    counted = forms.CharField(label=_("Counted"), widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("items", _("items")),
            ("suppliers", _("suppliers")),
            ("offers", _("supplier offers")),
            ("stock", _("opening stock")),
        ],
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))
