"""The training matrix as CSV (for Czech Excel: UTF-8 with BOM, ';') or XLSX."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from backoffice.staff.choices import Standing


def _cell(cell) -> str:
    if cell.standing is None:
        return ""
    label = str(Standing(cell.standing).label)
    return f"{label} ({cell.shown_until.isoformat()})" if cell.shown_until else label


def matrix_file(courses, rows, fmt: str) -> tuple[bytes, str]:
    header = [_("Employee"), _("Department"), _("Job title"), *[course.code for course in courses]]
    lines = (
        [row.employee.full_name, str(row.employee.department or ""), row.employee.job_title, *map(_cell, row.cells)]
        for row in rows
    )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Training matrix")[:31])
        sheet.append(header)
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(lines)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
