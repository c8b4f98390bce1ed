"""Report test data at chosen moments: made through the modules' services, then dated where the services only
know "now" (as the modules' own report tests do)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from backoffice.equipment import monthly
from backoffice.equipment import services as equipment
from backoffice.equipment.models import MaintenanceRequest
from backoffice.frontdesk import services as frontdesk
from backoffice.supplies import consumption
from backoffice.supplies import services as supplies
from backoffice.supplies.models import StockMovement
from tests.builders import make_user
from tests.equipment.conftest import make_asset  # noqa: F401  (re-exported for the report tests)

PRAGUE = ZoneInfo("Europe/Prague")


def prague(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


def issue(item, location, quantity, *, department, at: dt.datetime) -> StockMovement:
    movement = supplies.stock_issue(
        actor=None, item=item, location=location, quantity=Decimal(str(quantity)), department=department
    )
    StockMovement.objects.filter(pk=movement.pk).update(occurred_at=at, occurred_on=timezone.localtime(at).date())
    consumption.rebuild()  # dated behind the services' back: the summary the reports read is recounted
    return movement


def outage(asset, *, down_from: dt.datetime, hours: int) -> MaintenanceRequest:
    request = equipment.request_report(actor=None, asset=asset, description="Nejde tisknout", out_of_service=True)
    equipment.request_assign(actor=None, request=request, assignee=make_user("Technician").employee)
    equipment.request_move(actor=None, request=request, status="resolved", resolution="Opraveno.")
    MaintenanceRequest.objects.filter(pk=request.pk).update(
        created_at=down_from,
        down_from=down_from,
        down_until=down_from + dt.timedelta(hours=hours),
        down_seconds=hours * 3600,
    )
    monthly.rebuild()  # dated behind the services' back: the summary the reports read is recounted
    return request


def reading(asset, pages: int, at: dt.datetime):
    return equipment.meter_record(actor=None, asset=asset, pages=pages, taken_at=at)


def call(at: dt.datetime, *, person=None, direction: str = "in", outcome: str = "connected"):
    return frontdesk.call_log(
        actor=None, started_at=at, direction=direction, outcome=outcome, for_person=person, caller_name="Jan Novák"
    )
