"""Resume files made from text — real PDF (fpdf2 with the DejaVu font, so Czech letters survive) and DOCX —
for the demo data, the tests and the benchmarks."""

from __future__ import annotations

import io

from fpdf import FPDF

from backoffice.supplies.documents import _font_dir


def resume_pdf(text: str, *, pages: int = 1) -> bytes:
    """A PDF with the text; `pages` > 1 repeats it on further pages (for the benchmark's two-page resumes)."""
    pdf = FPDF(format="A4")
    folder = _font_dir()
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", "", 10)
    for _page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def resume_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def image_pdf(text: str) -> bytes:
    """A "scanned" resume: the text drawn into an image, the image alone in a PDF (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_font_dir() / "DejaVuSans.ttf"), 28)
    image = Image.new("L", (1600, 60 + 44 * len(text.splitlines())), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(text.splitlines()):
        draw.text((40, 30 + 44 * index), line, fill=0, font=font)
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())
