"""Filters shared by the list pages and the API lists, so both answer the same question the same way."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backoffice.core.text import fold
from backoffice.people.choices import AbsenceKind, AbsenceStatus, Area
from backoffice.people.models import Absence, Department, Employee, Substitution


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.filter(archived_at__isnull=True),
        empty_label=_("All departments"),
    )
    archived = django_filters.ChoiceFilter(
        label=_("Who"),
        method="filter_archived",
        empty_label=None,
        choices=[("false", _("current staff")), ("true", _("former staff")), ("all", _("everyone"))],
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("sort_name", "name"),
            ("department__name", "department"),
            ("phone_extension", "extension"),
            ("job_title", "job_title"),
        ),
        field_labels={
            "sort_name": pgettext_lazy("person", "Name"),
            "department__name": _("Department"),
            "phone_extension": _("Extension"),
            "job_title": _("Job title"),
        },
    )

    class Meta:
        model = Employee
        fields = ["q", "department", "archived"]

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
        ordering = self.form.cleaned_data.get("ordering")
        if not ordering:
            return rows.order_by("sort_name", "id")
        return rows.order_by(*rows.query.order_by, "id")  # a stable order across pages


class AbsenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AbsenceKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AbsenceStatus.choices)
    on = django_filters.DateFilter(label=_("On day"), method="filter_on")

    class Meta:
        model = Absence
        fields = ["q", "kind", "status", "on"]

    def search(self, queryset, name, value):
        for word in fold(value).split()[:5]:
            queryset = queryset.filter(employee__search_text__contains=word)
        return queryset

    def filter_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class SubstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    area = django_filters.ChoiceFilter(label=_("Duties"), choices=Area.choices)
    current = django_filters.BooleanFilter(label=_("Not cancelled"), method="filter_current")

    class Meta:
        model = Substitution
        fields = ["q", "area", "current"]

    def search(self, queryset, name, value):
        for word in fold(value).split()[:5]:
            queryset = queryset.filter(
                Q(absent__search_text__contains=word) | Q(substitute__search_text__contains=word)
            )
        return queryset

    def filter_current(self, queryset, name, value):
        return queryset.filter(cancelled_at__isnull=value)
