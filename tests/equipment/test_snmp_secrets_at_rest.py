"""The SNMP v3 authentication and privacy keys are encrypted at rest; polling over v3 still works with them."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from backoffice.core import secrets
from backoffice.equipment import polling
from backoffice.equipment.models import Asset
from tests.equipment.conftest import make_asset
from tests.equipment.test_snmp_v3 import SHARP, v3_printer

pytestmark = pytest.mark.django_db


def stored_keys(asset: Asset) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT snmp_auth_key, snmp_priv_key FROM equipment_asset WHERE id = %s", [asset.pk])
        return cursor.fetchone()


def test_the_columns_hold_no_plain_text_and_polling_over_v3_still_works(snmp_v3_agent):
    asset = v3_printer(snmp_v3_agent, SHARP)
    auth, priv = stored_keys(asset)
    assert secrets.is_encrypted(auth) and secrets.is_encrypted(priv)
    assert "auth-key-123" not in auth and "priv-key-123" not in priv
    fresh = Asset.objects.get(pk=asset.pk)
    assert (fresh.snmp_auth_key, fresh.snmp_priv_key) == ("auth-key-123", "priv-key-123")
    report = polling.assets_poll(actor=None, assets=[fresh], timeout=15)[0]
    assert report.ok, report.error
    assert report.page_count == 121104


def test_empty_keys_stay_empty():
    asset = make_asset(ip_address="192.0.2.50", snmp_version="2c", snmp_community="verejna-1")
    assert stored_keys(asset) == ("", "")


def test_the_migration_encrypts_keys_stored_as_plain_text():
    asset = make_asset(ip_address="192.0.2.51", snmp_version="3", snmp_user="u", snmp_auth_key="placeholder")
    with connection.cursor() as cursor:  # as a database from before the migration has it
        cursor.execute(
            "UPDATE equipment_asset SET snmp_auth_key = %s, snmp_priv_key = %s WHERE id = %s",
            ["plain-auth-key", "plain-priv-key", asset.pk],
        )
    migration = importlib.import_module("backoffice.equipment.migrations.0008_encrypt_snmp_v3_keys").Migration
    encrypt = [op for op in migration.operations if op.__class__.__name__ == "RunPython"][0]
    encrypt.code(apps, None)
    auth, priv = stored_keys(asset)
    assert secrets.is_encrypted(auth) and secrets.is_encrypted(priv)
    assert "plain" not in auth + priv
    fresh = Asset.objects.get(pk=asset.pk)
    assert (fresh.snmp_auth_key, fresh.snmp_priv_key) == ("plain-auth-key", "plain-priv-key")
