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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos and documents go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def png_bytes(size=(4, 3), colour=(200, 30, 30)) -> bytes:
    """A real, small PNG image, made with Pillow."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(text: str = "Servisní protokol") -> bytes:
    """A real one-page PDF, made with fpdf2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text.encode("ascii", "replace").decode())
    return bytes(pdf.output())


# SNMP v3 (USM) users of the simulated devices: (user, auth protocol, auth key, privacy protocol, privacy key).
V3_USERS = {
    "monitor": ("SHA", "auth-key-123", "AES", "priv-key-123"),  # authPriv, HMAC-SHA-1 + AES-128
    "strong": ("SHA256", "auth-key-256", "AES256", "priv-key-256"),  # authPriv, HMAC-SHA-256 + AES-256
}


@pytest.fixture(scope="session")
def snmp_v3_agent():
    """snmpsim with SNMP v3 users (the recordings are chosen by the v3 context name = the file's base name)."""
    need(importlib.util.find_spec("snmpsim") is not None, "snmpsim (pip install -e '.[dev]')")
    need(importlib.util.find_spec("cryptography") is not None, "cryptography (pysnmp's SNMP v3 privacy)")
    from tests.peers import SnmpSimulator

    options = []
    for user, (auth_protocol, auth_key, priv_protocol, priv_key) in V3_USERS.items():
        options += [
            f"--v3-user={user}",
            f"--v3-auth-key={auth_key}",
            f"--v3-auth-proto={auth_protocol}",
            f"--v3-priv-key={priv_key}",
            f"--v3-priv-proto={priv_protocol}",
        ]
    with SnmpSimulator(recordings(), options=options) as agent:
        yield agent
