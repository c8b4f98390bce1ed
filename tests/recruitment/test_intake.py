"""Resume files from outside: read by content, refused with a clear message when they are not resumes."""

import io
import zipfile

import pytest

from backoffice.recruitment import intake
from backoffice.recruitment.samples import image_pdf, resume_docx, resume_pdf
from tests.conftest import need_program

TEXT = "Jana Nováková\njana@example.cz, 777 123 456\nPracovní zkušenosti\n2018 – dosud účetní, účetnictví, DPH\n"


def test_pdf_docx_odt_and_txt_are_read_whatever_their_names():
    assert "účetnictví" in intake.read_resume(resume_pdf(TEXT), "cv.bin").text
    assert intake.read_resume(resume_docx(TEXT), "cv.pdf").content_type == intake.DOCX
    assert "Nováková" in intake.read_resume(TEXT.encode("cp1250"), "cv.txt").text
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in TEXT.splitlines():
        document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    read = intake.read_resume(buffer.getvalue(), "cv.odt")
    assert read.content_type == intake.ODT and "DPH" in read.text


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(resume_pdf(TEXT))))
    writer.encrypt("tajne")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(intake.ResumeRefused, match="password"):
        intake.read_resume(buffer.getvalue(), "cv.pdf")


def test_a_corrupt_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nonsense")
        archive.writestr("word/document.xml", "<w:document>broken")
    with pytest.raises(intake.ResumeRefused, match="damaged"):
        intake.read_resume(buffer.getvalue(), "cv.docx")


def test_a_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(intake.ResumeRefused, match="bomb"):
        intake.read_resume(buffer.getvalue(), "cv.docx")
    with pytest.raises(intake.ResumeRefused, match="bomb"):
        intake.unpack_zip(buffer.getvalue(), "resumes.zip")


def test_an_executable_renamed_pdf_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200 + b"PE\0\0" + b"\0" * 300
    with pytest.raises(intake.ResumeRefused, match="not a PDF"):
        intake.read_resume(exe, "cv.pdf")


def test_too_large_empty_and_textless_files_are_refused(settings):
    with pytest.raises(intake.ResumeRefused, match="larger"):
        intake.read_resume(b"a" * (intake.MAX_FILE_BYTES + 1), "cv.txt")
    with pytest.raises(intake.ResumeRefused, match="empty"):
        intake.read_resume(b"", "cv.txt")
    with pytest.raises(intake.ResumeRefused, match="No text"):
        intake.read_resume(resume_pdf(" "), "cv.pdf")


def test_a_scanned_pdf_is_read_by_ocr():
    need_program("tesseract", "apt install tesseract-ocr tesseract-ocr-ces")
    read = intake.read_resume(
        image_pdf("Petr Novák\nZkušenosti: účetnictví a daně\nE-mail petr@example.cz"), "scan.pdf"
    )
    assert read.ocr
    assert "petr@example.cz" in read.text
    assert "účetnictví" in read.text.lower()
