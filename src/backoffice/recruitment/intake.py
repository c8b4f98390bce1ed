"""Resume files from outside: checked by content (not by name), limited in size, unpacked only when safe.

`read_resume(data, filename)` returns the text of a PDF, DOCX, ODT, TXT or (through tesseract, when installed)
a scanned PDF or an image; anything else — an encrypted PDF, a corrupt DOCX, a zip bomb, an executable renamed
.pdf, a file with no text — raises `ResumeRefused` with a message a person understands.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from backoffice.core import files

MAX_FILE_BYTES = getattr(settings, "RECRUITMENT_MAX_RESUME_BYTES", 10 * 1024 * 1024)
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all members of a DOCX/ODT/zip together
MAX_RATIO = 200  # a member that unpacks to more than 200× its packed size is a bomb
MAX_ZIP_MEMBERS = 1000
MIN_TEXT = 20
OCR_TIMEOUT = 120
OCR_LANGS = "ces+eng"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TXT = "text/plain"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff", "image/bmp", "image/gif", "image/webp"}


class ResumeRefused(Exception):
    """A file that is not taken as a resume; `str()` says why, for the person who sent it."""


@dataclass
class ResumeText:
    text: str
    content_type: str
    ocr: bool = False


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _size_check(data: bytes, filename: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise ResumeRefused(
            _("%(name)s is larger than %(limit)s MB.") % {"name": filename, "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data:
        raise ResumeRefused(_("%(name)s is empty.") % {"name": filename})


ZIP_LIMITS = files.ZipLimits(members=MAX_ZIP_MEMBERS, unpacked=MAX_UNPACKED_BYTES, ratio=MAX_RATIO)


def _refused(filename: str, refused: files.FileRefused) -> ResumeRefused:
    return ResumeRefused(_("%(name)s: %(reason)s") % {"name": filename, "reason": refused.message})


def safe_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    """Open a zip only after core.files has seen it is no bomb, holds no unsafe paths and no deep nesting."""
    try:
        return files.open_zip(data, ZIP_LIMITS)
    except files.FileRefused as refused:
        raise _refused(filename, refused) from None


def _parses(data: bytes, content_type: str, filename: str) -> None:
    """Parse-check in core.files' resource-limited child before the reader here touches the file."""
    try:
        files.check_parses(data, content_type)
    except files.FileRefused as refused:
        raise _refused(filename, refused) from None


def sniff(data: bytes, filename: str) -> str:
    """The type by content: PDF, DOCX, ODT, image, or plain text; anything else is refused."""
    mime = files.sniff(data)
    if mime not in files.PROGRAMS and files.polyglot(data, mime):
        raise _refused(
            filename,
            files.FileRefused(
                "polyglot",
                _("The file is two kinds of file at once (for example a PDF and an archive); it was refused."),
            ),
        )
    if mime == PDF:
        return PDF
    if mime in IMAGE_TYPES:
        return mime
    if mime in files.ZIP_KINDS:
        archive = safe_zip(data, filename)
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return DOCX
        if "content.xml" in names:
            return ODT
        raise ResumeRefused(_("%(name)s is an archive, not a resume document.") % {"name": filename})
    if mime == TXT:
        return TXT
    described = mime.rsplit("/", 1)[-1] if mime != files.UNKNOWN else _("unknown")
    raise ResumeRefused(
        _("%(name)s is not a PDF, DOCX, ODT, text or image file (its content is %(kind)s).")
        % {"name": filename, "kind": described}
    )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _pdf_text(data: bytes, filename: str) -> tuple[str, list[bytes]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    _parses(data, PDF, filename)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ResumeRefused(_("%(name)s is password-protected; send it without the password.") % {"name": filename})
        pages = list(reader.pages)
        text = "\n".join(page.extract_text() or "" for page in pages)
        images: list[bytes] = []
        if len(text.strip()) < MIN_TEXT:
            for page in pages[:10]:
                images.extend(image.data for image in page.images)
        return text, images
    except ResumeRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ResumeRefused(_("%(name)s is a damaged PDF and cannot be read.") % {"name": filename}) from None


def _docx_text(data: bytes, filename: str) -> str:
    import docx

    safe_zip(data, filename)
    _parses(data, DOCX, filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 — python-docx raises many kinds for a broken file; all mean "damaged"
        raise ResumeRefused(_("%(name)s is a damaged Word document and cannot be read.") % {"name": filename}) from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt_text(data: bytes, filename: str) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    safe_zip(data, filename)
    try:
        document = load(io.BytesIO(data))
    except Exception:  # noqa: BLE001 — odfpy raises many kinds for a broken file; all mean "damaged"
        raise ResumeRefused(_("%(name)s is a damaged ODT document and cannot be read.") % {"name": filename}) from None
    return "\n".join(teletype.extractText(node) for node in document.getElementsByType(text.P))


def ocr_image(image: bytes) -> str:
    """Text of an image by tesseract (Czech + English); "" when tesseract is not installed."""
    if not ocr_available():
        return ""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page"
        source.write_bytes(image)
        try:
            result = subprocess.run(  # noqa: S603 — fixed program and arguments, the file is ours
                ["tesseract", str(source), "stdout", "-l", OCR_LANGS],  # noqa: S607
                capture_output=True,
                timeout=OCR_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ""
    return result.stdout.decode("utf-8", "replace")


def read_resume(data: bytes, filename: str) -> ResumeText:
    """The text of a resume file, or ResumeRefused saying why not."""
    _size_check(data, filename)
    content_type = sniff(data, filename)
    ocr = False
    if content_type == PDF:
        text, images = _pdf_text(data, filename)
        if len(text.strip()) < MIN_TEXT and images and ocr_available():
            text, ocr = "\n".join(ocr_image(image) for image in images), True
    elif content_type == DOCX:
        text = _docx_text(data, filename)
    elif content_type == ODT:
        text = _odt_text(data, filename)
    elif content_type in IMAGE_TYPES:
        _parses(data, content_type, filename)
        if not ocr_available():
            raise ResumeRefused(
                _("%(name)s is an image; reading images needs tesseract, which is not installed here.")
                % {"name": filename}
            )
        text, ocr = ocr_image(data), True
    else:
        text = _decode(data)
    text = text.replace("\x00", "").strip()
    if len(text) < MIN_TEXT:
        raise ResumeRefused(
            _("No text was found in %(name)s (is it a scan? send a text PDF or DOCX).") % {"name": filename}
        )
    return ResumeText(text=text, content_type=content_type, ocr=ocr)


def unpack_zip(data: bytes, filename: str) -> list[tuple[str, bytes]]:
    """The files of an uploaded zip of resumes (checked by core.files first); folders and hidden files skipped."""
    archive = safe_zip(data, filename)
    found = []
    try:
        for member in archive.infolist():
            name = member.filename
            base = name.rsplit("/", 1)[-1]
            if member.is_dir() or not base or base.startswith(".") or name.startswith("__MACOSX"):
                continue
            found.append((base[:255], archive.read(member)))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ResumeRefused(_("%(name)s is damaged and cannot be opened.") % {"name": filename}) from None
    return found


def is_zip_upload(data: bytes) -> bool:
    """A plain zip of files (not a DOCX or ODT, which are zips too)."""
    return data[:4] == b"PK\x03\x04" and files.sniff(data) == files.ZIP
