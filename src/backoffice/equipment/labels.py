"""The QR label sheet: one label an asset; scanning it opens the asset's "report a fault" page.

fpdf2 embeds a TrueType font so Czech letters print; the font is Debian's fonts-dejavu-core or
BACKOFFICE_PDF_FONT_DIR.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import segno
from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from backoffice.core.errors import Conflict
from backoffice.equipment.models import Asset

FONT_DIRS = [
    os.environ.get("BACKOFFICE_PDF_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
]

# A4 with 3 × 8 labels of 70 × 37 mm (the common self-adhesive sheet).
COLUMNS, ROWS, WIDTH, HEIGHT = 3, 8, 70.0, 37.0
QR_SIZE = 30.0


def _font_dir() -> Path:
    for folder in FONT_DIRS:
        if folder and (Path(folder) / "DejaVuSans.ttf").exists():
            return Path(folder)
    raise Conflict(_("The PDF font is missing: install the fonts-dejavu-core package."))


def report_url(asset: Asset, base_url: str) -> str:
    return base_url + reverse("equipment:fault_report", args=[asset.pk])


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=1)
    buffer.seek(0)
    return buffer


def label_sheet(assets: list[Asset], *, base_url: str) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    folder = _font_dir()
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(_("Equipment labels"))
    per_page = COLUMNS * ROWS
    if not assets:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 10, _("No assets match."))
    for number, asset in enumerate(assets):
        if number % per_page == 0:
            pdf.add_page()
        slot = number % per_page
        x = (slot % COLUMNS) * WIDTH
        y = 148.5 - ROWS * HEIGHT / 2 + (slot // COLUMNS) * HEIGHT
        pdf.image(_qr_png(report_url(asset, base_url)), x=x + 3, y=y + 3.5, w=QR_SIZE, h=QR_SIZE)
        text_x, text_w = x + QR_SIZE + 5, WIDTH - QR_SIZE - 8
        pdf.set_xy(text_x, y + 4)
        pdf.set_font("DejaVu", "B", 8)
        pdf.multi_cell(text_w, 3.6, asset.name[:60], new_x="LEFT", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7)
        lines = [_("S/N %(serial)s") % {"serial": asset.serial_number}]
        if asset.inventory_number:
            lines.append(_("Inv. no. %(number)s") % {"number": asset.inventory_number})
        if asset.location:
            lines.append(asset.location[:40])
        for line in lines:
            pdf.set_x(text_x)
            pdf.cell(text_w, 3.4, line, new_x="LEFT", new_y="NEXT")
        pdf.set_xy(text_x, y + HEIGHT - 9)
        pdf.set_font("DejaVu", "B", 7)
        pdf.multi_cell(text_w, 3.2, _("Not working? Scan to report a fault."))
    return bytes(pdf.output())
