"""Reads of equipment data, restricted to what the user may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from backoffice.core.permissions import can
from backoffice.equipment.choices import AssetStatus
from backoffice.equipment.models import (
    Asset,
    AssetFile,
    ConsumableLink,
    MaintenancePlan,
    MaintenanceRequest,
    MeterReading,
    SupplyLevel,
    TroubleshootingGuide,
    Vendor,
)
from backoffice.people.choices import Area
from backoffice.people.selectors import covered_by, employee_of


def assets_visible_to(user: AbstractBaseUser) -> QuerySet[Asset]:
    """The register for the back office and technicians; anyone else sees the machines assigned to them."""
    rows = Asset.objects.select_related("assignee", "department", "vendor")
    if can(user, "equipment.view_asset"):
        return rows
    me = employee_of(user)
    return rows.filter(assignee=me) if me else rows.none()


def asset_files_visible_to(user: AbstractBaseUser) -> QuerySet[AssetFile]:
    """Photos and documents of the assets the user may see (and of no other): the download checks this."""
    return AssetFile.objects.filter(
        archived_at__isnull=True, asset__in=assets_visible_to(user).select_related(None).values("pk")
    ).select_related("asset")


def assets_reportable_by(user: AbstractBaseUser) -> QuerySet[Asset]:
    """Anyone logged in may report a fault on any machine in use (the QR label leads here)."""
    if not user.is_authenticated:
        return Asset.objects.none()
    return Asset.objects.filter(archived_at__isnull=True).exclude(status=AssetStatus.RETIRED)


def vendors_visible_to(user: AbstractBaseUser) -> QuerySet[Vendor]:
    if can(user, "equipment.view_vendor"):
        return Vendor.objects.all()
    return Vendor.objects.none()


def _people_i_handle(user: AbstractBaseUser) -> list[int]:
    me = employee_of(user)
    if me is None:
        return []
    return [me.pk, *(c.pk for c in covered_by(me, Area.EQUIPMENT))]


def requests_visible_to(user: AbstractBaseUser) -> QuerySet[MaintenanceRequest]:
    """All requests for the back office and technicians; others see what they reported or must work on."""
    rows = MaintenanceRequest.objects.select_related("asset", "assignee", "vendor", "reporter")
    if can(user, "equipment.view_maintenancerequest"):
        return rows
    if not user.is_authenticated:
        return rows.none()
    return rows.filter(Q(reporter=user) | Q(assignee_id__in=_people_i_handle(user)))


def readings_visible_to(user: AbstractBaseUser) -> QuerySet[MeterReading]:
    if can(user, "equipment.view_meterreading"):
        return MeterReading.objects.select_related("asset")
    return MeterReading.objects.none()


def supply_levels_of(user: AbstractBaseUser, asset: Asset) -> QuerySet[SupplyLevel]:
    if can(user, "equipment.view_asset"):
        return asset.supply_levels.all()
    return SupplyLevel.objects.none()


def plans_visible_to(user: AbstractBaseUser) -> QuerySet[MaintenancePlan]:
    if can(user, "equipment.view_maintenanceplan"):
        return MaintenancePlan.objects.select_related("asset", "assignee")
    return MaintenancePlan.objects.none()


def guides_for(asset: Asset) -> QuerySet[TroubleshootingGuide]:
    """Self-help for this model, and the manufacturer's general guides. Everyone may read them."""
    return TroubleshootingGuide.objects.filter(
        Q(model_name__iexact=asset.model_name) | Q(model_name=""),
        manufacturer__iexact=asset.manufacturer,
        archived_at__isnull=True,
    )


def guides_visible_to(user: AbstractBaseUser) -> QuerySet[TroubleshootingGuide]:
    if not user.is_authenticated:
        return TroubleshootingGuide.objects.none()
    return TroubleshootingGuide.objects.filter(archived_at__isnull=True)


def past_resolutions(asset: Asset, limit: int = 5) -> list[MaintenanceRequest]:
    """How faults of the same model were fixed before: offered to the reporter as suggestions."""
    return list(
        MaintenanceRequest.objects.filter(
            asset__manufacturer__iexact=asset.manufacturer,
            asset__model_name__iexact=asset.model_name,
            resolved_at__isnull=False,
        )
        .exclude(resolution="")
        .only("id", "description", "resolution", "resolved_at")
        .order_by("-resolved_at")[:limit]
    )


def consumables_visible_to(user: AbstractBaseUser) -> QuerySet[ConsumableLink]:
    if can(user, "equipment.view_consumablelink"):
        return ConsumableLink.objects.select_related("item")
    return ConsumableLink.objects.none()
