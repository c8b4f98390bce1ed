"""Meters: readings by hand (a counter that goes backwards is a reset), and over SNMP from the real recordings."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import polling, services, snmp
from backoffice.equipment.models import MeterReading, SupplyLevel
from tests.builders import make_user
from tests.equipment.conftest import make_asset

pytestmark = pytest.mark.django_db
API = "/api/v1/equipment"
BROTHER, SHARP, XEROX = "brother-mfc-l2710dw", "sharp-mx-3570n", "xerox-altalink-c8045"


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_a_counter_that_goes_backwards_is_recorded_flagged_and_not_trusted():
    asset = make_asset()
    technician = make_user(TECHNICIAN)
    services.meter_record(actor=technician, asset=asset, pages=1000, taken_at=ago(20))
    services.meter_record(actor=technician, asset=asset, pages=1500, taken_at=ago(10))
    reset = services.meter_record(actor=technician, asset=asset, pages=30, taken_at=ago(5))
    after = services.meter_record(actor=technician, asset=asset, pages=80, taken_at=ago(1))
    assert reset.is_reset and "backwards" in reset.note
    assert not after.is_reset
    assert MeterReading.objects.filter(asset=asset).count() == 4


def test_bad_readings_are_refused_and_nothing_is_written():
    asset = make_asset()
    for pages, taken_at, field in [(-1, None, "pages"), (10, timezone.now() + dt.timedelta(days=1), "taken_at")]:
        with pytest.raises(InvalidInput) as caught:
            services.meter_record(actor=None, asset=asset, pages=pages, taken_at=taken_at)
        assert field in caught.value.fields
    with pytest.raises(NotAllowed):
        services.meter_record(actor=make_user(EMPLOYEE), asset=asset, pages=5)
    assert not MeterReading.objects.exists()


def test_reading_over_the_api_and_the_page(api_for, client_for):
    asset = make_asset()
    api = api_for(TECHNICIAN)
    assert (
        api.post(f"{API}/assets/{asset.pk}/readings", {"pages": 500}, content_type="application/json").status_code
        == 201
    )
    backwards = api.post(f"{API}/assets/{asset.pk}/readings", {"pages": 100}, content_type="application/json")
    assert backwards.status_code == 201 and backwards.json()["is_reset"] is True
    assert (
        api.post(f"{API}/assets/{asset.pk}/readings", {"pages": "lots"}, content_type="application/json").status_code
        == 422
    )
    page = client_for(BACK_OFFICE).post(f"/equipment/{asset.pk}/readings/", {"pages": "50"}, follow=True)
    assert "recorded as a reset, not trusted" in page.content.decode()
    meters = client_for(BACK_OFFICE).get(f"/equipment/{asset.pk}/?tab=meters")
    assert meters.status_code == 200 and "counter reset, not trusted" in meters.content.decode()


def test_special_values_are_shown_as_such_never_as_percentages():
    assert snmp.level_text(-3, -2) == "some remaining"
    assert snmp.level_text(-2, 100) == "unknown"
    assert snmp.level_text(-1, 100) == "other"
    assert snmp.level_text(55, 100) == "55 %"
    assert snmp.level_text(1060, 5300) == "20 %"
    assert snmp.level_percent(-3, -2) is None
    assert snmp.level_text(150, 100) == "150 of 100"  # garbage from a device is shown as it came, not as 150 %


def printer(agent, recording: str, **values):
    return make_asset(
        serial_number=values.pop("serial_number", recording.upper()),
        ip_address="127.0.0.1",
        snmp_port=agent.port,
        snmp_version="2c",
        snmp_community=recording,
        **values,
    )


def test_each_real_recording_is_read_correctly(snmp_agent):
    brother = printer(snmp_agent, BROTHER)
    sharp = printer(snmp_agent, SHARP, manufacturer="Sharp", model_name="MX-3570N")
    xerox = printer(snmp_agent, XEROX, manufacturer="Xerox", model_name="AltaLink C8045")
    reports = {r.key: r for r in polling.assets_poll(actor=make_user(TECHNICIAN), assets=[brother, sharp, xerox])}
    assert all(r.ok for r in reports.values()), [r.error for r in reports.values()]

    sharp_report = reports[sharp.pk]
    assert sharp_report.page_count == 121104 and sharp_report.serial_number == "6509415X00"
    assert sharp.readings.get().pages == 121104
    sharp_levels = {s.description: snmp.level_text(s.level, s.max_capacity) for s in sharp.supply_levels.all()}
    assert sharp_levels["Cyan Toner"] == "55 %"
    assert sharp_levels["Waste Toner"] == "100 (capacity unknown)"
    assert sharp_levels["Fusing Unit"] == "unknown"

    brother_levels = {s.description: (s.max_capacity, s.level) for s in brother.supply_levels.all()}
    assert brother_levels == {"Black Toner Cartridge": (-2, -3), "Drum Unit": (12000, 11501)}
    assert snmp.level_text(-3, -2) == "some remaining"
    assert reports[brother.pk].page_count is None and not brother.readings.exists()
    assert reports[brother.pk].device_descr == "Brother MFC-L2710DW series"

    xerox_levels = list(xerox.supply_levels.order_by("index"))
    assert len(xerox_levels) == 12
    assert xerox_levels[0].description.startswith("Black Toner, PN 006R01509")
    assert snmp.level_text(xerox_levels[0].level, xerox_levels[0].max_capacity) == "20 %"
    assert reports[xerox.pk].page_count is None  # no prtMarkerLifeCount in this device
    assert reports[xerox.pk].sys_descr.startswith("Xerox AltaLink C8045;")
    xerox.refresh_from_db()
    assert xerox.poll_outcome == "ok" and xerox.last_polled_at is not None


def test_a_dead_device_does_not_stall_the_others_and_its_error_is_shown(snmp_agent, client_for):
    live = printer(snmp_agent, SHARP)
    wrong_community = make_asset(
        ip_address="127.0.0.1", snmp_port=snmp_agent.port, snmp_version="2c", snmp_community="not-this-one"
    )
    nobody_there = make_asset(ip_address="127.0.0.1", snmp_port=9, snmp_version="2c", snmp_community="public")
    more_dead = [
        make_asset(ip_address="127.0.0.1", snmp_port=9, snmp_version="2c", snmp_community="public") for _ in range(3)
    ]
    started = time.monotonic()
    assets = [live, wrong_community, nobody_there, *more_dead]
    reports = {r.key: r for r in polling.assets_poll(actor=None, assets=assets, timeout=2)}
    elapsed = time.monotonic() - started
    # five dead devices one after another would take 10 s
    assert elapsed < 6, f"devices must be polled concurrently, each with its own deadline ({elapsed:.1f} s)"
    assert reports[live.pk].ok
    for dead in (wrong_community, nobody_there):
        dead.refresh_from_db()
        assert dead.poll_outcome == "unreachable"
        assert "community is wrong" in dead.poll_error
        assert not dead.readings.exists()
    page = client_for(BACK_OFFICE).get(f"/equipment/{nobody_there.pk}/?tab=meters")
    assert "unreachable" in page.content.decode()


def test_a_resetting_device_counter_is_flagged(snmp_agent):
    sharp = printer(snmp_agent, SHARP)
    services.meter_record(actor=None, asset=sharp, pages=200000, taken_at=ago(3))
    polling.assets_poll(actor=None, assets=[sharp])
    latest = sharp.readings.order_by("-taken_at").first()
    assert latest.pages == 121104 and latest.is_reset and latest.source == "snmp"


def test_poll_now_over_the_api(snmp_agent, api_for):
    sharp = printer(snmp_agent, SHARP)
    response = api_for(TECHNICIAN).post(f"{API}/assets/{sharp.pk}/poll")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["page_count"] == 121104
    waste = next(s for s in body["supplies"] if s["description"] == "Waste Toner")
    assert waste["percent"] is None and waste["shown_as"] == "100 (capacity unknown)"
    unconfigured = make_asset()
    assert api_for(TECHNICIAN).post(f"{API}/assets/{unconfigured.pk}/poll").status_code == 422


def test_discovery_by_ip_fills_model_and_serial(snmp_agent, api_for, client_for):
    api = api_for(BACK_OFFICE)
    found = api.post(
        f"{API}/discover",
        {"ip_address": "127.0.0.1", "community": SHARP, "port": snmp_agent.port},
        content_type="application/json",
    )
    assert found.status_code == 200, found.content
    assert found.json() | {"device_description": ""} == {
        "manufacturer": "Sharp",
        "model_name": "MX-3570N",
        "serial_number": "6509415X00",
        "ip_address": "127.0.0.1",
        "device_description": "",
        "page_count": 121104,
    }
    brother = api.post(
        f"{API}/discover",
        {"ip_address": "127.0.0.1", "community": BROTHER, "port": snmp_agent.port},
        content_type="application/json",
    ).json()
    assert (brother["manufacturer"], brother["model_name"], brother["serial_number"]) == ("Brother", "MFC-L2710DW", "")
    make_asset(serial_number="6509415X00")
    again = api.post(
        f"{API}/discover",
        {"ip_address": "127.0.0.1", "community": SHARP, "port": snmp_agent.port},
        content_type="application/json",
    )
    assert again.status_code == 422 and "already registered" in again.json()["fields"]["ip_address"][0]
    bad = api.post(f"{API}/discover", {"ip_address": "300.1.1.1"}, content_type="application/json")
    assert bad.status_code == 422 and "ip_address" in bad.json()["fields"]
    page = client_for(BACK_OFFICE).post(
        "/equipment/discover/",
        {"ip_address": "127.0.0.1", "community": XEROX, "port": snmp_agent.port, "version": "2c"},
    )
    assert page.status_code == 302 and "manufacturer=Xerox" in page["Location"]
    assert "model_name=AltaLink+C8045" in page["Location"]
    form = client_for(BACK_OFFICE).get(page["Location"])
    assert form.context["form"].initial["manufacturer"] == "Xerox"


def test_the_periodic_job_polls_every_configured_device(snmp_agent):
    from backoffice.equipment.tasks import poll_devices_hourly

    printer(snmp_agent, SHARP)
    printer(snmp_agent, XEROX)
    make_asset()  # no SNMP settings: not polled
    assert poll_devices_hourly.call_local() == {"devices": 2, "read": 2, "waiting": 0}
    assert SupplyLevel.objects.count() == 7 + 12
