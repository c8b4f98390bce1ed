"""Filters shared by the front-desk list pages and the API lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from backoffice.frontdesk.choices import (
    OPEN_MESSAGE_STATUSES,
    CallOutcome,
    ConversationStatus,
    Direction,
    FaxStatus,
    MessageStatus,
)
from backoffice.frontdesk.models import Call, Conversation, Fax, PhoneMessage
from backoffice.frontdesk.selectors import PageByIds, calls_of_company, name_search_parts, search_calls


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or name"), method="search")
    company = django_filters.CharFilter(label=_("Company"), method="filter_company")
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=CallOutcome.choices)
    day = django_filters.DateFilter(label=_("Day"), method="filter_day")

    class Meta:
        model = Call
        fields = ["q", "company", "direction", "outcome", "day"]

    def search(self, queryset, name, value):
        return search_calls(queryset, value)

    def filter_company(self, queryset, name, value):
        return calls_of_company(queryset, value)

    def filter_day(self, queryset, name, value):
        import datetime as dt

        from django.utils import timezone

        start = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
        return queryset.filter(started_at__gte=start, started_at__lt=start + dt.timedelta(days=1))

    @property
    def qs(self):
        return super().qs.order_by("-started_at", "-id")

    def pages(self) -> PageByIds:
        """The filtered calls for a paginator; a name search read as two disjoint index ranges (name_search_parts)."""
        rows = self.qs
        q = getattr(self.form, "cleaned_data", {}).get("q") or ""
        parts = None
        if q:
            others = self.data.copy()
            others["q"] = ""
            unsearched = CallFilter(others, queryset=self.queryset, request=self.request).qs
            parts = name_search_parts(unsearched, q)
        return PageByIds(rows, parts)


class MessageFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MessageStatus.choices)
    open = django_filters.BooleanFilter(label=_("Still to handle"), method="filter_open")
    for_person = django_filters.NumberFilter(label=_("For whom"), field_name="for_person_id")

    class Meta:
        model = PhoneMessage
        fields = ["status", "open", "for_person"]

    def filter_open(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=OPEN_MESSAGE_STATUSES)
        return queryset.exclude(status__in=OPEN_MESSAGE_STATUSES)

    @property
    def qs(self):
        return super().qs.order_by("-created_at", "-id")


class ConversationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConversationStatus.choices)

    class Meta:
        model = Conversation
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(subject__icontains=word) | queryset.filter(counterpart__icontains=word)
        return queryset

    @property
    def qs(self):
        return super().qs.order_by("-last_message_at", "-id")


class FaxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FaxStatus.choices)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)

    class Meta:
        model = Fax
        fields = ["status", "direction"]

    @property
    def qs(self):
        return super().qs.order_by("-created_at", "-id")
