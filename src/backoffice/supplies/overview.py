"""What supplies contributes to the overview: items, suppliers and requests in the global search, deliveries
expected today, and items below their reorder point as alerts to whoever handles supplies."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.permissions import can
from backoffice.overview.folding import Folded
from backoffice.overview.registry import (
    Alert,
    SearchHit,
    SearchQuery,
    TodayRow,
    TodaySection,
    provides_alerts,
    provides_search,
    provides_today,
)
from backoffice.people.choices import Area
from backoffice.people.overview import matching_people
from backoffice.supplies import planning, selectors, services
from backoffice.supplies.choices import OrderStatus
from backoffice.supplies.models import Item

TODAY_ROWS = 20
CATALOGUE_ORDER = ("sku", "id")


def _with_q(url_name: str):
    return lambda q: reverse(url_name) + "?" + urlencode({"q": q})


@provides_search("items", gettext_lazy("Supplies"), order=20, more_url=_with_q("supplies:item_list"))
def find_items(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    # The catalogue is all or nothing (selectors.items_visible_to): the first matches of all items are the user's.
    matching = query.matching_ids(Item.objects.filter(archived_at__isnull=True), *CATALOGUE_ORDER)
    rows = selectors.items_visible_to(user).filter(id__in=matching)
    return [
        SearchHit(title=item.name, url=reverse("supplies:item_detail", args=[item.pk]), detail=item.sku)
        for item in rows.order_by(*CATALOGUE_ORDER)[:limit]
    ]


@provides_search("suppliers", gettext_lazy("Suppliers"), order=21)
def find_suppliers(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    # A few hundred rows at most: folding the name in SQL is cheap, and the list page matches IČO exactly.
    rows = selectors.suppliers_visible_to(user).filter(archived_at__isnull=True).annotate(folded=Folded("name"))
    for word in query.words:
        rows = rows.filter(Q(folded__contains=word) | Q(ico=word))
    return [
        SearchHit(
            title=supplier.name,
            url=reverse("supplies:supplier_detail", args=[supplier.pk]),
            detail=supplier.ico and _("IČO %(ico)s") % {"ico": supplier.ico},
        )
        for supplier in rows.order_by("name", "id")[:limit]
    ]


@provides_search("supply_requests", gettext_lazy("Supply requests"), order=22)
def find_supply_requests(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    """Requests for the items or by the people the words name (matched first, a few hundred at most each)."""
    item_ids = query.matching_ids(Item.objects.filter(archived_at__isnull=True), *CATALOGUE_ORDER)
    people_ids = matching_people(query)
    if not item_ids and not people_ids:
        return []
    rows = selectors.requests_visible_to(user).filter(Q(item_id__in=item_ids) | Q(requester_id__in=people_ids))
    url = reverse("supplies:request_list")
    return [
        SearchHit(
            title=_("%(item)s for %(name)s") % {"item": request.item.name, "name": request.requester.full_name},
            url=f"{url}?{urlencode({'status': request.status})}",
            detail=f"{request.get_status_display()} · {date_format(request.created_at.date(), 'SHORT_DATE_FORMAT')}",
        )
        for request in rows.order_by("-created_at", "-id")[:limit]
    ]


@provides_today("deliveries", order=20)
def deliveries_expected(user, on: dt.date) -> TodaySection | None:
    """Orders sent to suppliers that should arrive today or are late; only for those who see orders."""
    if not can(user, "supplies.view_purchaseorder"):
        return None  # not their business: no empty section either
    rows = (
        selectors.orders_visible_to(user)
        .filter(status__in=[OrderStatus.SENT, OrderStatus.PARTLY_RECEIVED], expected_on__lte=on)
        .order_by("expected_on", "id")
    )
    total = rows.count()
    shown = []
    for order in rows[:TODAY_ROWS]:
        late = order.expected_on < on
        shown.append(
            TodayRow(
                text=_("%(number)s from %(supplier)s") % {"number": order.number, "supplier": order.supplier.name},
                url=reverse("supplies:order_detail", args=[order.pk]),
                note=_("expected %(day)s") % {"day": date_format(order.expected_on, "SHORT_DATE_FORMAT")},
                badge=_("late") if late else order.get_status_display(),
                urgent=late,
            )
        )
    return TodaySection(
        key="deliveries",
        title=_("Deliveries expected"),
        rows=shown,
        total=total,
        more_url=reverse("supplies:order_list") + "?status=sent",
        empty=_("No delivery is expected today."),
    )


@provides_alerts("supplies.below_reorder_point")
def below_reorder_point(now: dt.datetime) -> list[Alert]:
    """One alert an item (and location with a rule of its own) to the office managers, or their cover: the only
    place low stock is announced (in the app once, then in the daily digest)."""
    managers = services.office_managers()
    if not managers:
        return []
    url = reverse("supplies:suggestion_list")
    alerts = []
    for suggestion in planning.below_reorder_point():
        item, location = suggestion.item, suggestion.location
        where = location.code if location is not None else ""

        def title(item=item, suggestion=suggestion, where=where) -> str:
            text = _("%(item)s is below its reorder point (%(on_hand)s on hand, reorder at %(point)s)") % {
                "item": item.name,
                "on_hand": number_format(suggestion.on_hand.normalize()),
                "point": number_format(suggestion.reorder_point.normalize()),
            }
            return f"{text} – {where}" if where else text

        alerts.append(
            Alert(
                key=f"supplies.below_reorder_point:{item.pk}:{location.pk if location else '-'}",
                area=Area.SUPPLIES,
                owners=managers,
                title=title,
                url=url,
                kind="supplies",
            )
        )
    return alerts
