"""Equipment test data, made through the equipment services; the three real printer recordings served by snmpsim."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

from backoffice.equipment import services
from backoffice.equipment.choices import Category
from tests.conftest import need

_seq = itertools.count(1)
RECORDINGS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "snmp"


def make_vendor(**values):
    n = next(_seq)
    defaults = {"name": f"Servis {n} s.r.o.", "email": f"servis{n}@vendor.example.cz", "phone": "+420 222 111 000"}
    defaults.update(values)
    return services.vendor_create(actor=None, **defaults)


def make_asset(**values):
    n = next(_seq)
    defaults = {
        "category": Category.PRINTER,
        "manufacturer": "Brother",
        "model_name": "MFC-L2710DW",
        "serial_number": f"SN{n:06d}",
        "inventory_number": f"INV-{n}",
        "location": "Recepce",
    }
    defaults.update(values)
    return services.asset_create(actor=None, **defaults)


def make_toner(name: str = "Toner Sharp MX-36GTMA purpurový"):
    """A supply item, made through the supplies services."""
    from backoffice.supplies import services as supplies

    n = next(_seq)
    unit = supplies.unit_create(actor=None, code=f"ks{n}", name="kus")
    return supplies.item_create(actor=None, sku=f"TON-{n}", name=name, unit=unit, category="toner")


def recordings() -> list[Path]:
    found = sorted(RECORDINGS.glob("*.snmprec"))
    need(len(found) == 3, f"the three SNMP recordings in {RECORDINGS} (the shared/ folder beside the repository)")
    return found


@pytest.fixture(scope="session")
def snmp_agent():
    """snmpsim on a random UDP port of 127.0.0.1, serving brother-…, sharp-… and xerox-… (community = file name)."""
    need(importlib.util.find_spec("snmpsim") is not None, "snmpsim (pip install -e '.[dev]')")
    from tests.peers import SnmpSimulator

    with SnmpSimulator(recordings()) as agent:
        yield agent
