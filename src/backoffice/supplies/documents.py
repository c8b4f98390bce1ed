"""Printable documents: the purchase order for the supplier and the count sheet for the stock room.

fpdf2 embeds a TrueType font, so Czech letters (ř, ů, č…) print correctly; the font comes from Debian's
fonts-dejavu-core (installed by .ci/run) or BACKOFFICE_PDF_FONT_DIR.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from backoffice.core.errors import Conflict
from backoffice.supplies.models import PurchaseOrder, StockCount

FONT_DIRS = [
    os.environ.get("BACKOFFICE_PDF_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
]


def _font_dir() -> Path:
    for folder in FONT_DIRS:
        if folder and (Path(folder) / "DejaVuSans.ttf").exists():
            return Path(folder)
    raise Conflict(_("The PDF font is missing: install the fonts-dejavu-core package."))


def _document() -> FPDF:
    pdf = FPDF(format="A4")
    folder = _font_dir()
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, settings.COMPANY_NAME, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _company_lines() -> list[str]:
    """The buyer's header under its name: address, then IČO and DIČ (each only when set)."""
    lines = [settings.COMPANY_ADDRESS] if settings.COMPANY_ADDRESS else []
    ico, dic = settings.COMPANY_ICO, settings.COMPANY_DIC
    if ico and dic:
        lines.append(_("IČO: %(ico)s   DIČ: %(dic)s") % {"ico": ico, "dic": dic})
    elif ico:
        lines.append(_("IČO: %(ico)s") % {"ico": ico})
    elif dic:
        lines.append(_("DIČ: %(dic)s") % {"dic": dic})
    return lines


def _money(value: Decimal, currency: str) -> str:
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} {currency}"


def _qty(value: Decimal) -> str:
    return formats.number_format(value.normalize(), use_l10n=True)


def order_pdf(order: PurchaseOrder) -> bytes:
    from backoffice.supplies.services import order_totals

    with translation.override(order.language):
        pdf = _document()
        pdf.set_font("DejaVu", "", 9)
        for text in _company_lines():
            pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, _("Purchase order %(number)s") % {"number": order.number}, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        supplier = order.supplier
        lines = [
            _("Supplier: %(name)s") % {"name": supplier.name},
            _("IČO: %(ico)s   DIČ: %(dic)s") % {"ico": supplier.ico or "—", "dic": supplier.dic or "—"},
            _("Date: %(date)s") % {"date": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")},
            _("Deliver to: %(place)s") % {"place": order.location},
        ]
        for text in lines:
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        widths = (25, 70, 22, 28, 15, 30)
        pdf.set_font("DejaVu", "B", 9)
        for width, title in zip(
            widths, (_("SKU"), _("Item"), _("Quantity"), _("Unit price"), _("VAT"), _("Net")), strict=True
        ):
            pdf.cell(width, 7, title, border=1)
        pdf.ln()
        pdf.set_font("DejaVu", "", 9)
        for line in order.lines.select_related("item__unit"):
            cells = (
                line.item.sku,
                line.item.name[:45],
                f"{_qty(line.quantity)} {line.item.unit.code}",
                _money(line.unit_price, order.currency),
                f"{line.vat_rate} %",
                _money(line.net, order.currency),
            )
            for width, text in zip(widths, cells, strict=True):
                pdf.cell(width, 6, text, border=1)
            pdf.ln()
        totals = order_totals(order)
        pdf.ln(3)
        pdf.cell(
            0,
            6,
            _("Total without VAT: %(amount)s") % {"amount": _money(totals["net"], order.currency)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        for rate, vat in sorted(totals["vat"].items(), key=lambda pair: -int(pair[0])):
            pdf.cell(
                0,
                6,
                _("VAT %(rate)s %%: %(amount)s") % {"rate": rate, "amount": _money(vat, order.currency)},
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(
            0,
            7,
            _("Total including VAT: %(amount)s") % {"amount": _money(totals["gross"], order.currency)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if order.note:
            pdf.set_font("DejaVu", "", 9)
            pdf.multi_cell(0, 5, order.note)
        return bytes(pdf.output())


def count_sheet_pdf(count: StockCount) -> bytes:
    pdf = _document()
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, _("Count sheet: %(location)s") % {"location": count.location}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    if count.category:
        pdf.cell(0, 6, _("Category: %(category)s") % {"category": count.category}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (30, 95, 20, 45)
    pdf.set_font("DejaVu", "B", 9)
    for width, title in zip(widths, (_("SKU"), _("Item"), _("Unit"), _("Counted")), strict=True):
        pdf.cell(width, 7, title, border=1)
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    for line in count.lines.select_related("item__unit"):
        for width, text in zip(widths, (line.item.sku, line.item.name[:60], line.item.unit.code, ""), strict=True):
            pdf.cell(width, 8, text, border=1)
        pdf.ln()
    return bytes(pdf.output())
