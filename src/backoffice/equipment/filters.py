"""Filters shared by the list pages and the API lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.text import fold
from backoffice.equipment.choices import OPEN_STATUSES, AssetStatus, Category, Priority, RequestKind, RequestStatus
from backoffice.equipment.models import Asset, MaintenanceRequest
from backoffice.people.models import Department


class AssetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssetStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.filter(archived_at__isnull=True)
    )
    location = django_filters.CharFilter(label=_("Location"), lookup_expr="icontains")
    archived = django_filters.ChoiceFilter(
        label=_("Which"),
        method="filter_archived",
        empty_label=None,
        choices=[("false", _("in the register")), ("true", _("archived")), ("all", _("all"))],
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("manufacturer", "name"),
            ("serial_number", "serial"),
            ("inventory_number", "inventory"),
            ("location", "location"),
            ("status", "status"),
            ("warranty_until", "warranty"),
        ),
    )

    class Meta:
        model = Asset
        fields = ["q", "category", "status", "department", "location", "archived"]

    def search(self, queryset, name, value):
        for word in fold(value).split()[:5]:
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
            return rows.order_by("manufacturer", "model_name", "id")
        return rows.order_by(*rows.query.order_by, "id")


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    open = django_filters.BooleanFilter(label=_("Open"), method="filter_open")
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RequestKind.choices)
    asset = django_filters.NumberFilter(label=_("Asset"), field_name="asset_id")
    ordering = django_filters.OrderingFilter(
        fields=(("created_at", "reported"), ("priority", "priority"), ("status", "status")),
    )

    class Meta:
        model = MaintenanceRequest
        fields = ["q", "status", "open", "priority", "kind", "asset"]

    def search(self, queryset, name, value):
        for word in fold(value).split()[:5]:
            queryset = queryset.filter(Q(asset__search_text__contains=word) | Q(description__icontains=word))
        return queryset

    def filter_open(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)

    @property
    def qs(self):
        rows = super().qs
        if not self.form.cleaned_data.get("ordering"):
            return rows.order_by("-created_at", "-id")
        return rows.order_by(*rows.query.order_by, "-id")
