"""A leaver's open repair requests and preventive-maintenance plans go to their successor.

Registered with core.handover; the offboarding of the staff module calls it after the last day.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backoffice.core.handover import provides_handover
from backoffice.core.records import update_record
from backoffice.equipment.choices import RequestStatus
from backoffice.equipment.models import MaintenancePlan, MaintenanceRequest

CLOSED = [RequestStatus.RESOLVED, RequestStatus.CLOSED]


def _requests(person):
    return MaintenanceRequest.objects.filter(assignee=person).exclude(status__in=CLOSED).select_related("asset")


def _plans(person):
    return MaintenancePlan.objects.filter(assignee=person, archived_at__isnull=True)


def open_requests(person) -> list[str]:
    return [str(request) for request in _requests(person)]


def reassign_requests(person, to) -> int:
    from backoffice.equipment.services import request_assign

    moved = 0
    with transaction.atomic():
        for request in _requests(person):
            request_assign(actor=None, request=request, assignee=to, note=str(_("Handed over by a leaving colleague")))
            moved += 1
    return moved


def open_plans(person) -> list[str]:
    return [str(plan) for plan in _plans(person)]


def reassign_plans(person, to) -> int:
    moved = 0
    with transaction.atomic():
        for plan in _plans(person):
            update_record(plan, reason=str(_("Handed over by a leaving colleague")), assignee=to)
            moved += 1
    return moved


provides_handover(
    "equipment.requests", label=_("Repair requests"), open_items=open_requests, reassign=reassign_requests
)
provides_handover("equipment.plans", label=_("Maintenance plans"), open_items=open_plans, reassign=reassign_plans)
