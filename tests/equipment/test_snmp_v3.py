"""SNMP v3 (USM authPriv) against snmpsim with v3 users, the credentials stored per device, and never shown back:
not on pages, not in the API, not in the history."""

import itertools

import pytest

from backoffice.core.errors import InvalidInput
from backoffice.core.models import AuditEntry
from backoffice.core.roles import BACK_OFFICE, TECHNICIAN
from backoffice.equipment import polling, services
from backoffice.equipment.models import Asset
from tests.builders import make_user
from tests.equipment.conftest import V3_USERS, make_asset

pytestmark = pytest.mark.django_db
API = "/api/v1/equipment"
SHARP, XEROX = "sharp-mx-3570n", "xerox-altalink-c8045"
_serials = itertools.count(1)
SECRETS = ("auth-key-123", "priv-key-123", "auth-key-256", "priv-key-256", "tajna-komunita")


def v3_printer(agent, recording: str, user: str = "monitor", **values):
    _auth_protocol, auth_key, _priv_protocol, priv_key = V3_USERS.get(user, V3_USERS["monitor"])
    settings = {
        "ip_address": "127.0.0.1",
        "snmp_port": agent.port,
        "snmp_version": "3",
        "snmp_user": user,
        "snmp_auth_key": auth_key,
        "snmp_priv_key": priv_key,
        "snmp_context": recording,
    }
    settings.update(values)
    return make_asset(serial_number=f"V3-{next(_serials)}", **settings)


def test_authpriv_devices_are_read_with_their_own_credentials(snmp_v3_agent):
    sharp = v3_printer(snmp_v3_agent, SHARP)  # HMAC-SHA-1 + AES-128
    xerox = v3_printer(snmp_v3_agent, XEROX, user="strong", snmp_auth_protocol="sha256", snmp_priv_protocol="aes256")
    reports = {r.key: r for r in polling.assets_poll(actor=make_user(TECHNICIAN), assets=[sharp, xerox])}
    assert reports[sharp.pk].ok and reports[xerox.pk].ok, [r.error for r in reports.values()]
    assert reports[sharp.pk].page_count == 121104 and reports[sharp.pk].serial_number == "6509415X00"
    assert sharp.readings.get().pages == 121104
    assert xerox.supply_levels.count() == 12
    sharp.refresh_from_db()
    assert sharp.poll_outcome == "ok"


def test_wrong_credentials_are_shown_as_such_and_the_others_are_still_read(snmp_v3_agent, client_for):
    good = v3_printer(snmp_v3_agent, SHARP)
    wrong_auth = v3_printer(snmp_v3_agent, SHARP, snmp_auth_key="not-the-key-1")
    wrong_priv = v3_printer(snmp_v3_agent, SHARP, snmp_priv_key="not-the-key-2")
    unknown_user = v3_printer(snmp_v3_agent, SHARP, snmp_user="intruder")
    wrong_protocol = v3_printer(snmp_v3_agent, SHARP, snmp_auth_protocol="md5")
    bad = [wrong_auth, wrong_priv, unknown_user, wrong_protocol]
    reports = {
        r.key: r for r in polling.assets_poll(actor=None, assets=[good, *bad], timeout=15)
    }  # generous: the machine may be busy
    assert reports[good.pk].ok
    for asset in bad:
        asset.refresh_from_db()
        assert asset.poll_outcome == "credentials", (asset.snmp_user, asset.poll_error)
        assert "refused the credentials" in asset.poll_error
        assert not asset.readings.exists()
    page = client_for(BACK_OFFICE).get(f"/equipment/{wrong_auth.pk}/?tab=meters").content.decode()
    assert "wrong credentials" in page and "refused the credentials" in page


def test_secrets_are_stored_but_never_shown_back(api_for, client_for):
    api = api_for(BACK_OFFICE)
    created = api.post(
        f"{API}/assets",
        {
            "category": "multifunction",
            "manufacturer": "Sharp",
            "model_name": "MX-3570N",
            "serial_number": "V3-SECRET",
            "ip_address": "192.0.2.20",
            "snmp_version": "3",
            "snmp_user": "monitor",
            "snmp_auth_protocol": "sha256",
            "snmp_auth_key": "auth-key-256",
            "snmp_priv_protocol": "aes256",
            "snmp_priv_key": "priv-key-256",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    asset = Asset.objects.get(serial_number="V3-SECRET")
    assert (asset.snmp_auth_key, asset.snmp_priv_key) == ("auth-key-256", "priv-key-256")  # stored, to be used
    body = created.json()
    assert body["snmp_user"] == "monitor" and body["snmp_auth_protocol"] == "sha256"
    assert body["snmp_auth_key_set"] is True and body["snmp_priv_key_set"] is True
    assert body["snmp_community_set"] is False
    services.asset_update(actor=None, asset=asset, snmp_version="2c", snmp_community="tajna-komunita")
    services.asset_update(actor=None, asset=asset, snmp_version="3", location="Sklad")

    client = client_for(BACK_OFFICE)
    shown = [
        api.get(f"{API}/assets/{asset.pk}").content.decode(),
        api.get(f"{API}/assets").content.decode(),
        api.get(f"{API}/assets/{asset.pk}/history").content.decode(),
        client.get(f"/equipment/{asset.pk}/").content.decode(),
        client.get(f"/equipment/{asset.pk}/edit/").content.decode(),
        client.get(f"/equipment/{asset.pk}/?tab=history").content.decode(),
    ]
    for text in shown:
        for secret in SECRETS:
            assert secret not in text
    history = api.get(f"{API}/assets/{asset.pk}/history").json()
    assert any("[redacted" in str(entry["after"]["snmp_auth_key"]) for entry in history)
    for entry in AuditEntry.objects.filter(object_id=str(asset.pk), content_type__model="asset"):
        for secret in SECRETS:
            assert secret not in str(entry.before) + str(entry.after)
    # a change of a secret alone is still recorded (its stand-in changes), without the value
    before = AuditEntry.objects.count()
    services.asset_update(actor=None, asset=asset, snmp_priv_key="new-priv-key-1")
    assert AuditEntry.objects.count() == before + 1


def test_the_edit_form_keeps_a_secret_left_empty_and_can_remove_them(client_for):
    asset = make_asset(
        ip_address="192.0.2.30",
        snmp_version="3",
        snmp_user="monitor",
        snmp_auth_key="auth-key-123",
        snmp_priv_key="priv-key-123",
    )
    client = client_for(BACK_OFFICE)
    form = client.get(f"/equipment/{asset.pk}/edit/").context["form"]
    fields = {name: value for name, value in form.initial.items() if not name.startswith("snmp_")}
    fields = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in fields.items()}
    fields.update(snmp_version="3", snmp_user="monitor", snmp_port=161, ip_address="192.0.2.30", location="Nové místo")
    assert client.post(f"/equipment/{asset.pk}/edit/", fields).status_code == 302
    asset.refresh_from_db()
    assert asset.location == "Nové místo"
    assert (asset.snmp_auth_key, asset.snmp_priv_key) == ("auth-key-123", "priv-key-123")
    fields.update(snmp_version="2c", snmp_community="verejna-1", forget_snmp_secrets="")
    fields.pop("forget_snmp_secrets")
    assert client.post(f"/equipment/{asset.pk}/edit/", fields).status_code == 302
    asset.refresh_from_db()
    assert asset.snmp_community == "verejna-1" and asset.snmp_auth_key == "auth-key-123"
    fields.update(snmp_version="", forget_snmp_secrets="on")
    assert client.post(f"/equipment/{asset.pk}/edit/", fields).status_code == 302
    asset.refresh_from_db()
    assert (asset.snmp_community, asset.snmp_auth_key, asset.snmp_priv_key) == ("", "", "")


def test_bad_v3_settings_are_refused_by_field_and_nothing_is_written():
    base = {"category": "printer", "manufacturer": "HP", "model_name": "M404", "ip_address": "192.0.2.40"}
    cases = [
        ({"snmp_version": "3", "snmp_auth_key": "auth-key-123"}, "snmp_user"),
        ({"snmp_version": "3", "snmp_user": "u", "snmp_auth_key": "short"}, "snmp_auth_key"),
        ({"snmp_version": "3", "snmp_user": "u", "snmp_priv_key": "priv-key-123"}, "snmp_priv_key"),
        ({"snmp_version": "3", "snmp_user": "u", "snmp_auth_key": "auth-key-1", "snmp_priv_key": "x"}, "snmp_priv_key"),
        ({"snmp_version": "2c"}, "snmp_community"),
    ]
    for number, (values, field) in enumerate(cases):
        with pytest.raises(InvalidInput) as caught:
            services.asset_create(actor=None, serial_number=f"BAD-{number}", **base, **values)
        assert field in caught.value.fields, (values, caught.value.fields)
    assert not Asset.objects.exists()
    asset = make_asset(ip_address="192.0.2.41", snmp_version="3", snmp_user="u", snmp_auth_key="auth-key-123")
    with pytest.raises(InvalidInput) as caught:
        services.asset_update(actor=None, asset=asset, snmp_user="")
    assert "snmp_user" in caught.value.fields
    asset.refresh_from_db()
    assert asset.snmp_user == "u"


def test_discovery_over_v3_by_api_and_page_keeps_the_keys_out_of_answers_and_urls(snmp_v3_agent, api_for, client_for):
    found = api_for(BACK_OFFICE).post(
        f"{API}/discover",
        {
            "ip_address": "127.0.0.1",
            "port": snmp_v3_agent.port,
            "version": "3",
            "user": "monitor",
            "auth_key": "auth-key-123",
            "priv_key": "priv-key-123",
            "context": SHARP,
        },
        content_type="application/json",
    )
    assert found.status_code == 200, found.content
    assert (found.json()["manufacturer"], found.json()["serial_number"]) == ("Sharp", "6509415X00")
    assert "auth-key-123" not in found.content.decode()

    client = client_for(BACK_OFFICE)
    page = client.post(
        "/equipment/discover/",
        {
            "ip_address": "127.0.0.1",
            "port": snmp_v3_agent.port,
            "version": "3",
            "community": "",
            "user": "monitor",
            "auth_protocol": "sha",
            "auth_key": "auth-key-123",
            "priv_protocol": "aes128",
            "priv_key": "priv-key-123",
            "context": SHARP,
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert "snmp_user=monitor" in page["Location"]
    assert "key-123" not in page["Location"]
    form = client.get(page["Location"]).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(status="in_service", snmp_port=snmp_v3_agent.port)
    created = client.post("/equipment/new/", data)
    assert created.status_code == 302, created.context["form"].errors if created.context else created
    asset = Asset.objects.get(serial_number="6509415X00")
    assert (asset.snmp_user, asset.snmp_auth_key, asset.snmp_priv_key) == ("monitor", "auth-key-123", "priv-key-123")
    assert polling.assets_poll(actor=None, assets=[asset])[0].ok
