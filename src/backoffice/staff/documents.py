"""Printable staff documents: a written warning (Czech or English), a training certificate, an employment certificate.

fpdf2 embeds DejaVu (Debian's fonts-dejavu-core, or BACKOFFICE_PDF_FONT_DIR) so Czech letters print correctly.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from backoffice.core.errors import Conflict
from backoffice.staff.models import Certificate, DisciplinaryRecord, Offboarding

FONT_DIRS = [
    os.environ.get("BACKOFFICE_PDF_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
]
LANGUAGES = ("cs", "en")


def _font_dir() -> Path:
    for folder in FONT_DIRS:
        if folder and (Path(folder) / "DejaVuSans.ttf").exists():
            return Path(folder)
    raise Conflict(_("The PDF font is missing: install the fonts-dejavu-core package."))


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    folder = _font_dir()
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, settings.COMPANY_NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10)
    return pdf


def _line(pdf: FPDF, text: str, height: float = 6) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _signatures(pdf: FPDF, left: str, right: str) -> None:
    pdf.ln(18)
    pdf.cell(90, 6, "......................................")
    pdf.cell(0, 6, "......................................", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(90, 6, left)
    pdf.cell(0, 6, right, new_x="LMARGIN", new_y="NEXT")


def warning_letter_pdf(record: DisciplinaryRecord, language: str) -> bytes:
    """The letter handed to the employee; the caller has checked the user may see the record."""
    with translation.override(language if language in LANGUAGES else "cs"):
        employee = record.employee
        pdf = _document(_("Written warning") if record.kind == "written" else record.get_kind_display().capitalize())
        _line(pdf, _("Employee: %(name)s") % {"name": employee.full_name})
        if employee.job_title:
            _line(pdf, _("Job title: %(title)s") % {"title": employee.job_title})
        _line(pdf, _("Date: %(date)s") % {"date": _day(timezone.localdate())})
        pdf.ln(4)
        _line(
            pdf,
            _(
                "We hereby warn you that on %(date)s you breached your obligations arising from the legal regulations "
                "relating to the work you perform, as follows:"
            )
            % {"date": _day(record.incident_date)},
        )
        pdf.ln(2)
        _line(pdf, record.description)
        if record.witnesses:
            pdf.ln(2)
            _line(pdf, _("Witnesses: %(names)s") % {"names": record.witnesses})
        pdf.ln(4)
        _line(
            pdf,
            _(
                "Should the breach be repeated, the employer may give you notice under section 52(g) of the Labour "
                "Code. This warning counts until %(date)s."
            )
            % {"date": _day(record.counts_until)},
        )
        if record.employee_statement:
            pdf.ln(4)
            pdf.set_font("DejaVu", "B", 10)
            _line(pdf, _("The employee's statement"))
            pdf.set_font("DejaVu", "", 10)
            _line(pdf, record.employee_statement)
        _signatures(pdf, _("for the employer"), _("taken over by the employee"))
        return bytes(pdf.output())


def certificate_pdf(certificate: Certificate) -> bytes:
    pdf = _document(_("Certificate of training"))
    _line(pdf, _("%(name)s attended the course") % {"name": certificate.employee.full_name})
    pdf.set_font("DejaVu", "B", 13)
    _line(pdf, f"{certificate.course.code} {certificate.course.name}", 9)
    pdf.set_font("DejaVu", "", 10)
    _line(pdf, _("Issued on %(date)s") % {"date": _day(certificate.issued_on)})
    if certificate.valid_until:
        _line(pdf, _("Valid until %(date)s") % {"date": _day(certificate.valid_until)})
    session = certificate.session
    if session is not None:
        _line(pdf, _("Trainer: %(name)s, %(place)s") % {"name": session.trainer_name, "place": session.place})
    _signatures(pdf, _("trainer"), _("for the employer"))
    return bytes(pdf.output())


def employment_certificate_pdf(offboarding: Offboarding) -> bytes:
    """Potvrzení o zaměstnání (§ 313 of the Labour Code): the employment's dates and the kind of work."""
    employee = offboarding.employee
    pdf = _document(_("Employment certificate"))
    _line(pdf, _("Employer: %(company)s") % {"company": settings.COMPANY_NAME})
    _line(pdf, _("Employee: %(name)s") % {"name": employee.full_name})
    _line(
        pdf,
        _("Employed from %(start)s to %(end)s")
        % {"start": _day(employee.start_date), "end": _day(offboarding.last_day)},
    )
    _line(pdf, _("Kind of work: %(title)s") % {"title": employee.job_title or "—"})
    _line(pdf, _("The employment ended by: %(reason)s") % {"reason": offboarding.get_leaving_reason_display()})
    _line(pdf, _("Date: %(date)s") % {"date": _day(timezone.localdate())})
    _signatures(pdf, _("for the employer"), "")
    return bytes(pdf.output())
