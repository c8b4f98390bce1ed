"""A report as a file: CSV (Czech Excel: UTF-8 with BOM, ';'), XLSX (a sheet per table) or a printable PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from backoffice.core.errors import Conflict
from backoffice.reports.figures import DAY, MONEY, MONTH, TEXT, Chart, Figures, Table
from backoffice.supplies.documents import FONT_DIRS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx", "pdf")


def _plain(value: Any, kind: str) -> Any:
    """A cell for a spreadsheet: numbers stay numbers, a month is written as 2026-03."""
    if kind == MONTH and isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    if kind == DAY and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _shown(value: Any, kind: str) -> str:
    """A cell as people read it, in the current language."""
    if value is None:
        return "—"
    if kind == MONTH and isinstance(value, dt.date):
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    if kind == DAY and isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float | int) and kind != TEXT:
        places = 2 if kind == MONEY else None
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return str(value)


def as_csv(figures: Figures) -> bytes:
    """Every table one after another, each under its title, with a blank line between them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([figures.title, figures.period.since.isoformat(), figures.period.until.isoformat()])
    for table in figures.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.label for c in table.columns])
        for row in table.rows:
            cells = [_plain(row.get(c.key), c.kind) for c in table.columns]
            writer.writerow([str(v).replace(".", ",") if isinstance(v, Decimal | float) else v for v in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    while name in used:
        name = f"{name[:26]}_{len(used)}"
    used.add(name)
    return name


def as_xlsx(figures: Figures) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for table in figures.tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([c.label for c in table.columns])
        for row in table.rows:
            sheet.append(
                [
                    float(v) if isinstance(v, Decimal) else v
                    for v in (_plain(row.get(c.key), c.kind) for c in table.columns)
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _font_dir() -> Path:
    for folder in FONT_DIRS:
        if folder and (Path(folder) / "DejaVuSans.ttf").exists():
            return Path(folder)
    raise Conflict(_("The PDF font is missing: install the fonts-dejavu-core package."))


def _pdf_chart(pdf: FPDF, chart: Chart) -> None:
    """The chart's first series as plain bars, so the printed report shows the shape of the figures too."""
    values = [float(v) for v in chart.series[0].data] if chart.series else []
    if chart.stacked:
        values = [sum(float(s.data[n]) for s in chart.series) for n in range(len(chart.labels))]
    if not values or max(values) <= 0:
        return
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 7, chart.title, new_x="LMARGIN", new_y="NEXT")
    left, top, width, height = pdf.l_margin, pdf.get_y(), pdf.epw, 45.0
    step = width / len(values)
    highest = max(values)
    pdf.set_fill_color(60, 110, 180)
    for n, value in enumerate(values):
        bar = height * value / highest
        pdf.rect(left + n * step + step * 0.1, top + height - bar, step * 0.8, bar, style="F")
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left, top + height, left + width, top + height)
    pdf.set_font("DejaVu", "", 6)
    pdf.set_y(top + height + 1)
    if len(values) <= 24:
        for n, label in enumerate(chart.labels):
            pdf.set_x(left + n * step)
            pdf.cell(step, 4, label[:12], align="C")
    pdf.ln(6)


def _pdf_table(pdf: FPDF, table: Table) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    first = 40.0 if len(table.columns) > 8 else 70.0
    rest = (pdf.epw - first) / max(len(table.columns) - 1, 1)
    widths = [first] + [rest] * (len(table.columns) - 1)
    size = 5 if len(table.columns) > 12 else 8
    pdf.set_font("DejaVu", "B", size)
    for width, column in zip(widths, table.columns, strict=True):
        pdf.cell(width, 6, column.label, border=1, align="L" if column.kind in (TEXT, MONTH, DAY) else "R")
    pdf.ln()
    pdf.set_font("DejaVu", "", size)
    for row in table.rows:
        for width, column in zip(widths, table.columns, strict=True):
            text = _shown(row.get(column.key, ""), column.kind)
            pdf.cell(width, 5, text[:48], border=1, align="L" if column.kind in (TEXT, MONTH, DAY) else "R")
        pdf.ln()
    pdf.ln(3)


def as_pdf(figures: Figures) -> bytes:
    pdf = FPDF(format="A4")
    folder = _font_dir()
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, settings.COMPANY_NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, figures.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    period = _("Period: %(since)s – %(until)s") % {
        "since": formats.date_format(figures.period.since, "SHORT_DATE_FORMAT"),
        "until": formats.date_format(figures.period.until, "SHORT_DATE_FORMAT"),
    }
    pdf.cell(0, 5, period, new_x="LMARGIN", new_y="NEXT")
    if figures.period.department:
        department = _("Department: %(name)s") % {"name": figures.period.department.name}
        pdf.cell(0, 5, department, new_x="LMARGIN", new_y="NEXT")
    made = _("Made: %(when)s") % {"when": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")}
    pdf.cell(0, 5, made, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for chart in figures.charts:
        _pdf_chart(pdf, chart)
    for table in figures.tables:
        _pdf_table(pdf, table)
    pdf.set_font("DejaVu", "", 8)
    for note in figures.notes:
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def export(figures: Figures, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return as_xlsx(figures), XLSX
    if fmt == "pdf":
        return as_pdf(figures), "application/pdf"
    return as_csv(figures), "text/csv; charset=utf-8"
