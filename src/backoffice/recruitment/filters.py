"""Filters shared by the list pages and the API lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.recruitment.choices import PositionStatus, Source, Stage
from backoffice.recruitment.models import Application, Position


class PositionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PositionStatus.choices)

    class Meta:
        model = Position
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value.strip()[:100])


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    position = django_filters.ModelChoiceFilter(label=_("Position"), queryset=Position.objects.all())
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")

    class Meta:
        model = Application
        fields = ["q", "position", "stage", "source", "tag"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(
            Q(candidate__name__icontains=value)
            | Q(candidate__email__icontains=value)
            | Q(candidate__phone__icontains=value)
        )

    def filter_tag(self, queryset, name, value):
        matching = [
            a.pk for a in queryset.only("pk", "tags") if value.strip().casefold() in {t.casefold() for t in a.tags}
        ]
        return queryset.filter(pk__in=matching)
