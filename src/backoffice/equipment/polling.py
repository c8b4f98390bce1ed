"""Reading devices over SNMP into the register: page counters, consumable levels, errors, discovery by IP."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.backoff import retry_delay
from backoffice.core.errors import InvalidInput
from backoffice.core.permissions import ensure
from backoffice.equipment import snmp
from backoffice.equipment.choices import PollOutcome, ReadingSource, SnmpAuthProtocol, SnmpPrivProtocol, SnmpVersion
from backoffice.equipment.models import Asset, SupplyLevel
from backoffice.equipment.services import (
    Actor,
    check_snmp_settings,
    consumable_running_low,
    links_for,
    meter_record,
)

OUTCOMES = {
    "": PollOutcome.OK,
    snmp.UNREACHABLE: PollOutcome.UNREACHABLE,
    snmp.CREDENTIALS: PollOutcome.CREDENTIALS,
    snmp.GARBAGE: PollOutcome.GARBAGE,
}


# A device away is polled again after 1, 2, 4 hours, then every 6 hours: the hourly round is the first step, and a
# printer switched off for a weekend is read again within hours of being switched on, while a dead one costs four
# timeouts a day instead of twenty-four.
POLL_RETRY_BASE = dt.timedelta(hours=1)
POLL_RETRY_CAP = dt.timedelta(hours=6)


def poll_timeout() -> float:
    return float(getattr(settings, "EQUIPMENT_SNMP_TIMEOUT", 5.0))


def poll_concurrency() -> int:
    return int(getattr(settings, "EQUIPMENT_SNMP_CONCURRENCY", 8))


def poll_in_flight() -> int:
    return int(getattr(settings, "EQUIPMENT_SNMP_IN_FLIGHT", 64))


def target_of(asset: Asset) -> snmp.Target:
    return snmp.Target(
        key=asset.pk,
        host=asset.ip_address,
        port=asset.snmp_port or 161,
        version=asset.snmp_version or SnmpVersion.V2C,
        community=asset.snmp_community,
        user=asset.snmp_user,
        auth_protocol=asset.snmp_auth_protocol,
        auth_key=asset.snmp_auth_key,
        priv_protocol=asset.snmp_priv_protocol,
        priv_key=asset.snmp_priv_key,
        context=asset.snmp_context,
    )


def _apply(asset: Asset, report: snmp.DeviceReport, *, now: dt.datetime | None = None) -> None:
    """Store what one device said, all of it or (on an error) nothing but the error and when to try again.

    `now`: when the round started; the next attempt is counted from it, so it falls on a later round exactly."""
    now = now or timezone.now()
    failures = 0 if report.ok else asset.poll_failures + 1
    retry_at = now + retry_delay(failures, base=POLL_RETRY_BASE, cap=POLL_RETRY_CAP) if failures else None
    with transaction.atomic():
        if report.ok:
            if report.page_count is not None:
                meter_record(actor=None, asset=asset, pages=report.page_count, taken_at=now, source=ReadingSource.SNMP)
            for supply in report.supplies:
                SupplyLevel.objects.update_or_create(
                    asset=asset,
                    index=supply.index,
                    defaults={
                        "description": supply.description[:200],
                        "max_capacity": supply.max_capacity,
                        "level": supply.level,
                        "read_at": now,
                    },
                )
            SupplyLevel.objects.filter(asset=asset).exclude(index__in=[s.index for s in report.supplies]).delete()
            _check_consumables(asset)
        description = (report.device_descr or report.sys_descr)[:300] if report.ok else asset.device_description
        Asset.objects.filter(pk=asset.pk).update(
            last_polled_at=now,
            poll_outcome=OUTCOMES[report.error_kind],
            poll_error=report.error[:500],
            poll_failures=failures,
            poll_retry_at=retry_at,
            device_description=description,
        )
    asset.poll_failures, asset.poll_retry_at = failures, retry_at


def _check_consumables(asset: Asset) -> None:
    """Tell once when a linked consumable falls to its low mark; again only after it was refilled."""
    links = links_for(asset)
    if not links:
        return
    for level in asset.supply_levels.all():
        link = next((k for k in links if k.match.casefold() in level.description.casefold()), None)
        if link is None:
            continue
        percent = snmp.level_percent(level.level, level.max_capacity)
        low = (percent is not None and percent <= link.low_percent) or level.level == 0
        if low and not level.low_reported:
            consumable_running_low(asset=asset, link=link, level=level.level, max_capacity=level.max_capacity)
            SupplyLevel.objects.filter(pk=level.pk).update(low_reported=True)
        elif not low and level.low_reported and percent is not None:
            SupplyLevel.objects.filter(pk=level.pk).update(low_reported=False)


def assets_poll(
    *, actor: Actor, assets: list[Asset], timeout: float | None = None, now: dt.datetime | None = None
) -> list[snmp.DeviceReport]:
    """Read the devices concurrently; each one's result is stored on its own, so one bad device spoils nothing.

    Whoever asks for a device here ("Read over SNMP now") reads it even while its next poll is not yet due."""
    now = now or timezone.now()
    ensure(actor, "equipment.add_meterreading")
    pollable = [a for a in assets if a.polls and a.archived_at is None]
    reports = snmp.read_devices(
        [target_of(a) for a in pollable],
        timeout=timeout or poll_timeout(),
        concurrency=poll_concurrency(),
        in_flight=poll_in_flight(),
    )
    by_pk = {a.pk: a for a in pollable}
    for report in reports:
        try:
            _apply(by_pk[report.key], report, now=now)
        except InvalidInput as exc:
            report.error_kind, report.error = snmp.GARBAGE, exc.message
            garbage = snmp.DeviceReport(key=report.key, error_kind=snmp.GARBAGE, error=exc.message)
            _apply(by_pk[report.key], garbage, now=now)
    return reports


def poll_everything(*, timeout: float | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job: every device with SNMP settings whose next poll is due (`waiting`: those left for later)."""
    now = now or timezone.now()
    with_snmp = Asset.objects.filter(archived_at__isnull=True, ip_address__isnull=False).exclude(snmp_version="")
    due = Q(poll_retry_at__isnull=True) | Q(poll_retry_at__lte=now)
    assets = [a for a in with_snmp.filter(due) if a.polls]
    waiting = sum(1 for a in with_snmp.exclude(due) if a.polls)
    reports = assets_poll(actor=None, assets=assets, timeout=timeout, now=now)
    return {"devices": len(reports), "read": sum(1 for r in reports if r.ok), "waiting": waiting}


def device_discover(
    *,
    actor: Actor,
    ip_address: str,
    community: str = "public",
    port: int = 161,
    version: str = SnmpVersion.V2C,
    user: str = "",
    auth_protocol: str = SnmpAuthProtocol.SHA,
    auth_key: str = "",
    priv_protocol: str = SnmpPrivProtocol.AES128,
    priv_key: str = "",
    context: str = "",
) -> dict:
    """Ask a device at an address who it is: the values an asset form can start from. Writes nothing.

    The answer names the device and its address, never the community or keys it was asked with."""
    ensure(actor, "equipment.add_asset")
    try:
        validate_ipv46_address(ip_address)
    except ValidationError as exc:
        raise InvalidInput(fields={"ip_address": [_("Enter a valid IP address.")]}) from exc
    credentials = {
        "snmp_version": version,
        "snmp_community": community,
        "snmp_user": user,
        "snmp_auth_protocol": auth_protocol,
        "snmp_auth_key": auth_key,
        "snmp_priv_protocol": priv_protocol,
        "snmp_priv_key": priv_key,
    }
    try:
        check_snmp_settings(credentials)
    except InvalidInput as exc:  # the discovery form and API call the fields without the snmp_ prefix
        raise InvalidInput(fields={k.removeprefix("snmp_"): v for k, v in exc.fields.items()}) from exc
    report = snmp.read_device(
        snmp.Target(
            key=0,
            host=ip_address,
            port=port,
            version=version,
            community=community,
            user=user,
            auth_protocol=auth_protocol,
            auth_key=auth_key,
            priv_protocol=priv_protocol,
            priv_key=priv_key,
            context=context,
        ),
        timeout=poll_timeout(),
    )
    if not report.ok:
        raise InvalidInput(fields={"ip_address": [report.error]})
    found = snmp.identify(report)
    found.update(
        ip_address=ip_address,
        snmp_version=version,
        snmp_port=port,
        device_description=(report.device_descr or report.sys_descr)[:300],
        page_count=report.page_count,
    )
    if found["serial_number"] and Asset.objects.filter(serial_number__iexact=found["serial_number"]).exists():
        raise InvalidInput(
            fields={
                "ip_address": [
                    _("This device is already registered (serial number %(serial)s).")
                    % {"serial": found["serial_number"]}
                ]
            }
        )
    return found
