"""Page forms. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.people.models import Department, Employee
from backoffice.supplies.choices import MovementKind, OrderLanguage, ReorderMethod, VatRate
from backoffice.supplies.models import Item, ItemPack, Location, Supplier, SupplierOffer, SupplyRequest


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
    pack = forms.ModelChoiceField(
        label=_("Quantity in packs"),
        queryset=ItemPack.objects.none(),
        required=False,
        empty_label=_("no, in the item's unit"),
        help_text=_("E.g. 3 boxes of 10 are booked as 30 pieces."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_location"].queryset = _locations()
        self.fields["to_location"].queryset = _locations()
        self.fields["pack"].queryset = ItemPack.objects.select_related("item__unit").order_by("item__sku", "quantity")
        self.fields["pack"].label_from_instance = lambda pack: f"{pack.item.sku}: {pack}"


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


class PackForm(forms.Form):
    name = forms.CharField(label=_("Pack"), max_length=60, help_text=_("E.g. box, carton, pallet."))
    quantity = forms.CharField(label=_("Units in the pack"), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    ean = forms.CharField(label=_("Barcode (EAN) of the pack"), max_length=14, required=False)


class RuleForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("all locations without a rule of their own"),
    )
    method = forms.ChoiceField(label=_("Method"), choices=ReorderMethod.choices)
    min_quantity = forms.CharField(label=_("Reorder point (minimum)"), required=False)
    max_quantity = forms.CharField(label=_("Order up to (maximum)"), required=False)
    lookback_days = forms.IntegerField(label=_("Look-back window (days)"), initial=90, min_value=7, max_value=730)
    review_days = forms.IntegerField(label=_("Review period (days)"), initial=14, min_value=0, max_value=365)
    service_level = forms.DecimalField(
        label=_("Service level"), initial="0.95", max_digits=4, decimal_places=3, help_text=_("E.g. 0.95 for 95 %.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations()


class OrderForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    location = forms.ModelChoiceField(label=_("Deliver to"), queryset=Location.objects.none())
    language = forms.ChoiceField(label=_("Language of the order"), choices=OrderLanguage.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, suppliers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers if suppliers is not None else Supplier.objects.none()
        self.fields["location"].queryset = _locations()


class OrderLineForm(forms.Form):
    """One line of a hand-made order; an empty line is skipped."""

    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none(), required=False)
    quantity = forms.CharField(
        label=_("Quantity"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    pack = forms.ModelChoiceField(
        label=_("In packs"), queryset=ItemPack.objects.none(), required=False, empty_label=_("units")
    )
    unit_price = forms.CharField(
        label=_("Unit price"),
        required=False,
        help_text=_("Empty: the supplier's offer."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    vat_rate = forms.ChoiceField(label=_("VAT"), choices=VatRate.choices, initial=VatRate.STANDARD)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()
        self.fields["pack"].queryset = ItemPack.objects.select_related("item__unit").order_by("item__sku", "quantity")
        self.fields["pack"].label_from_instance = lambda pack: f"{pack.item.sku}: {pack}"

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("item") and not (data.get("quantity") or "").strip()


OrderLineFormSet = forms.formset_factory(OrderLineForm, extra=5, max_num=100, validate_max=True)
