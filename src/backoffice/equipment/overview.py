"""What equipment contributes to the overview: assets and repair requests in the global search, machines out of
order today, and alerts for overdue maintenance and expiring warranties and service contracts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.permissions import can
from backoffice.equipment import selectors
from backoffice.equipment.choices import OPEN_STATUSES, AssetStatus
from backoffice.equipment.models import Asset, MaintenanceRequest
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
from backoffice.supplies.services import office_managers

TODAY_ROWS = 20
EXPIRY_NOTICE_DAYS = 30  # warranties and contracts: a month ahead is time enough to renew or decide


def _with_q(url_name: str):
    return lambda q: reverse(url_name) + "?" + urlencode({"q": q})


REGISTER_ORDER = ("manufacturer", "model_name", "id")


def _matching_assets(query: SearchQuery) -> list[int]:
    """The machines in use that the words name, in register order: the equipment and the repair hits start here."""
    return query.matching_ids(Asset.objects.filter(archived_at__isnull=True), *REGISTER_ORDER)


@provides_search("assets", gettext_lazy("Equipment"), order=30, more_url=_with_q("equipment:asset_list"))
def find_assets(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    rows = selectors.assets_visible_to(user)
    if can(user, "equipment.view_asset"):  # the whole register: its first matches are the user's first hits
        rows = rows.filter(id__in=_matching_assets(query))
    else:  # their own few machines, found through the assignee index
        rows = query.narrow(rows.filter(archived_at__isnull=True))
    return [
        SearchHit(
            title=asset.name,
            url=asset.get_absolute_url(),
            detail=" · ".join(part for part in (asset.inventory_number, asset.location) if part),
        )
        for asset in rows.order_by(*REGISTER_ORDER)[:limit]
    ]


@provides_search("repairs", gettext_lazy("Repair requests"), order=31, more_url=_with_q("equipment:request_list"))
def find_repairs(user, query: SearchQuery, limit: int) -> list[SearchHit]:
    """Requests on the machines the words name: matching assets first (a few hundred at most), then their newest
    requests through the (asset, created) index, instead of a LIKE over every request's description."""
    asset_ids = _matching_assets(query)
    if not asset_ids:
        return []
    rows = selectors.requests_visible_to(user).filter(asset_id__in=asset_ids)
    return [
        SearchHit(
            title=_("%(asset)s: %(what)s") % {"asset": request.asset.name, "what": request.description[:80]},
            url=reverse("equipment:request_detail", args=[request.pk]),
            detail=f"{request.get_status_display()} · {date_format(request.created_at.date(), 'SHORT_DATE_FORMAT')}",
        )
        for request in rows.order_by("-created_at", "-id")[:limit]
    ]


@provides_today("out_of_order", order=30)
def out_of_order(user, on: dt.date) -> TodaySection | None:
    """Machines that cannot be used; those without the register see only their own machines."""
    rows = (
        selectors.assets_visible_to(user)
        .filter(archived_at__isnull=True, status__in=[AssetStatus.OUT_OF_ORDER, AssetStatus.IN_REPAIR])
        .order_by("status", "manufacturer", "model_name", "id")
    )
    total = rows.count()
    if not total and not can(user, "equipment.view_asset"):
        return None  # an employee whose machines all work needs no empty section
    shown = [
        TodayRow(
            text=asset.name,
            url=asset.get_absolute_url(),
            note=asset.location,
            badge=asset.get_status_display(),
            urgent=asset.status == AssetStatus.OUT_OF_ORDER,
        )
        for asset in rows[:TODAY_ROWS]
    ]
    return TodaySection(
        key="out_of_order",
        title=_("Out of order"),
        rows=shown,
        total=total,
        more_url=reverse("equipment:asset_list") + "?status=out_of_order",
        empty=_("Every machine works."),
    )


@provides_alerts("equipment.maintenance_overdue")
def maintenance_overdue(now: dt.datetime) -> list[Alert]:
    """Open requests past their due date: to the assignee (or cover); unassigned ones to the office managers."""
    today = timezone.localdate(now)
    managers = None
    alerts = []
    rows = MaintenanceRequest.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today).select_related(
        "asset", "assignee__manager"
    )
    for request in rows.order_by("due_date", "id")[:500]:
        if request.assignee is not None:
            owners = [request.assignee]
        else:
            managers = office_managers() if managers is None else managers
            owners = managers

        def title(request=request) -> str:
            return _("Maintenance overdue since %(day)s: %(asset)s – %(what)s") % {
                "day": date_format(request.due_date, "SHORT_DATE_FORMAT"),
                "asset": request.asset.name,
                "what": request.description[:80],
            }

        alerts.append(
            Alert(
                key=f"equipment.maintenance_overdue:{request.pk}",
                area=Area.EQUIPMENT,
                owners=owners,
                title=title,
                url=reverse("equipment:request_detail", args=[request.pk]),
                kind="equipment",
            )
        )
    return alerts


@provides_alerts("equipment.expiring")
def warranties_and_contracts_expiring(now: dt.datetime) -> list[Alert]:
    """Warranties and service contracts ending within a month: to the office managers (or their cover)."""
    today = timezone.localdate(now)
    until = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    rows = Asset.objects.filter(archived_at__isnull=True).exclude(status=AssetStatus.RETIRED)
    soon = rows.filter(
        Q(warranty_until__gte=today, warranty_until__lte=until)
        | Q(contract_until__gte=today, contract_until__lte=until)
    )
    assets = list(soon.order_by("id")[:500])
    if not assets:
        return []
    managers = office_managers()
    alerts = []
    for asset in assets:
        for what, day in (("warranty", asset.warranty_until), ("contract", asset.contract_until)):
            if day is None or not today <= day <= until:
                continue

            def title(asset=asset, what=what, day=day) -> str:
                template = (
                    _("Warranty of %(asset)s ends on %(day)s")
                    if what == "warranty"
                    else _("Service contract %(number)s for %(asset)s ends on %(day)s")
                )
                return template % {
                    "asset": asset.name,
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                    "number": asset.contract_number,
                }

            alerts.append(
                Alert(
                    key=f"equipment.{what}:{asset.pk}:{day.isoformat()}",
                    area=Area.EQUIPMENT,
                    owners=managers,
                    title=title,
                    url=asset.get_absolute_url(),
                    kind="equipment",
                )
            )
    return alerts
