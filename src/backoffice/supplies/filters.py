"""Filters shared by the list pages and the API lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.text import fold
from backoffice.supplies.choices import MovementKind, OrderStatus, RequestStatus
from backoffice.supplies.models import Item, PurchaseOrder, StockMovement, Supplier, SupplyRequest


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.CharFilter(label=_("Category"))
    archived = django_filters.ChoiceFilter(
        label=_("Which"),
        method="filter_archived",
        empty_label=None,
        choices=[("false", _("stocked")), ("true", _("archived")), ("all", _("all"))],
    )
    ordering = django_filters.OrderingFilter(
        fields=(("sku", "sku"), ("name", "name"), ("category", "category")),
        field_labels={"sku": _("SKU"), "name": _("Name"), "category": _("Category")},
    )

    class Meta:
        model = Item
        fields = ["q", "category", "archived"]

    def search(self, queryset, name, value):
        words = fold(value).split()[:5]
        if len(words) == 1 and words[0].isdigit() and len(words[0]) >= 8:
            return queryset.filter(ean=words[0])  # a scanner typed a barcode
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_archived(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=value != "true")

    @property
    def qs(self):
        rows = super().qs
        if not self.form.cleaned_data.get("archived"):
            rows = rows.filter(archived_at__isnull=True)
        if not self.form.cleaned_data.get("ordering"):
            return rows.order_by("sku", "id")
        return rows.order_by(*rows.query.order_by, "id")


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Supplier
        fields = ["q"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(name__icontains=value) | Q(ico=value))

    @property
    def qs(self):
        return super().qs.filter(archived_at__isnull=True).order_by("name", "id")


class MovementFilter(django_filters.FilterSet):
    item = django_filters.NumberFilter(label=_("Item"), field_name="item_id")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MovementKind.choices)
    location = django_filters.NumberFilter(label=_("Location"), method="at")
    since = django_filters.DateFilter(label=_("From"), field_name="occurred_on", lookup_expr="gte")

    class Meta:
        model = StockMovement
        fields = ["item", "kind", "location", "since"]

    def at(self, queryset, name, value):
        return queryset.filter(Q(from_location_id=value) | Q(to_location_id=value))


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)

    class Meta:
        model = SupplyRequest
        fields = ["status"]


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices)
    supplier = django_filters.ModelChoiceFilter(label=_("Supplier"), queryset=Supplier.objects.all())

    class Meta:
        model = PurchaseOrder
        fields = ["status", "supplier"]
