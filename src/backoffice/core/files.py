"""Files from outside, checked in one place: size, type judged from the content (never the name), archives opened
only when safe, and documents parsed in a separate, resource-limited process before anything keeps them.

`check(data, types=..., max_bytes=...)` returns the content type or raises `FileRefused`, whose `str()` says why in
words a person understands (and `code` says it for programs: "empty", "too_large", "type", "program", "polyglot",
"damaged", "encrypted", "bomb", "too_many", "nested", "unsafe_path", "pixels", "pages", "timeout").

What is checked:
- size before anything else; empty files;
- the type from the bytes (`sniff`); programs (PE, ELF, Mach-O, scripts with #!) are never taken;
- polyglots: a file that is also a zip (a zip directory at its end), carries HTML a browser would run in its first
  kilobyte, or hides a PDF header behind another type;
- zips (and DOCX/XLSX/PPTX/ODF, which are zips): member count, declared unpacked total, packing ratio, unsafe member
  paths (absolute, "..", drive letters, backslashes), encrypted members, and archives nested in archives (depth);
  all from the central directory and at most the first bytes of each member — nothing is unpacked to see if it is big;
- PDFs, DOCX, TIFF and the other images: parsed by pypdf / python-docx / Pillow in a child process with a memory
  (RLIMIT_AS) and CPU-time limit and a wall-clock timeout, so a hostile file cannot exhaust the web process; images
  with Pillow's decompression-bomb guard turned into an error at `MAX_IMAGE_PIXELS`.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
ZIP = "application/zip"
TIFF = "image/tiff"
TEXT = "text/plain"
HTML = "text/html"
OLE = "application/x-ole-storage"
PROGRAM = "application/x-msdownload"
EXECUTABLE = "application/x-executable"
UNKNOWN = "application/octet-stream"

IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", TIFF})
OFFICE_ZIPS = frozenset({DOCX, XLSX, PPTX, ODT, ODS, ODP})
ZIP_KINDS = OFFICE_ZIPS | {ZIP}
PROGRAMS = frozenset({PROGRAM, EXECUTABLE, "application/x-elf", "application/x-mach-binary", "application/x-sh"})

_PROGRAM_MAGIC = (
    (b"MZ", PROGRAM),
    (b"\x7fELF", EXECUTABLE),
    (b"\xcf\xfa\xed\xfe", EXECUTABLE),
    (b"\xce\xfa\xed\xfe", EXECUTABLE),
    (b"\xfe\xed\xfa\xcf", EXECUTABLE),
    (b"\xca\xfe\xba\xbe", EXECUTABLE),
    (b"#!", EXECUTABLE),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {ODT, ODS, ODP}
# What makes a browser (or a careless viewer) treat bytes as a page: checked in the first kilobyte of any file.
_HTML_MARKERS = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]", re.I)

MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: a big phone photo; a decompression bomb is far beyond
MAX_PAGES = 2000
CHILD_MEMORY = 768 * 1024 * 1024  # address space of the parsing process
CHILD_CPU_SECONDS = 15
CHILD_TIMEOUT = 30
NESTED_READ_MAX = 20 * 1024 * 1024  # an archive inside an archive is inspected only up to this size


class FileRefused(Exception):
    """A file that is not taken; `str()` says why (for the person), `code` for programs and tests."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ZipLimits:
    members: int = 1000
    unpacked: int = 50 * 1024 * 1024  # all members together, nested archives included
    ratio: int = 100  # unpacked / packed, for the whole archive and for each member over 1 MB
    depth: int = 2  # an archive in an archive is depth 1 (a DOCX with an embedded XLSX); three levels are refused


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- type by content --------------------------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """The content type judged from the bytes themselves, never from the name or the browser's claim."""
    head = data[:8192]
    for magic, content_type in _PROGRAM_MAGIC:
        if head.startswith(magic):
            return content_type
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(b"%PDF-"):
        return PDF
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime in {"application/zip", "application/epub+zip"}:
            return _zip_kind(data)
        if kind.mime == "image/x-ms-bmp":
            return "image/bmp"
        return kind.mime
    if head.startswith(_OLE_MAGIC):
        return OLE
    if _HTML_MARKERS.search(data[:1024]):
        return HTML
    return TEXT if _is_text(data) else UNKNOWN


def _is_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for cut in (0, 1, 2, 3):  # a multi-byte character cut at the end of the sample is still text
        try:
            sample[: len(sample) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    try:
        sample.decode("cp1250")
    except UnicodeDecodeError:
        return False
    return True


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ZIP
    names = {info.filename for info in infos}
    if "word/document.xml" in names or any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if any(name.startswith("ppt/") for name in names):
        return PPTX
    mimetype = next((info for info in infos if info.filename == "mimetype"), None)
    if mimetype is not None and mimetype.file_size <= 100:
        try:
            declared = archive.read(mimetype).decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001 — a broken member: a plain (damaged) zip, judged later
            return ZIP
        if declared in _ODF_MIMETYPES:
            return declared
    if "content.xml" in names:
        return ODT
    return ZIP


# --- polyglots --------------------------------------------------------------------------------------------------


def polyglot(data: bytes, content_type: str) -> bool:
    """Bytes that are also another kind of file a program would open differently."""
    head = data[:1024]
    if content_type not in {HTML, TEXT} and _HTML_MARKERS.search(head):
        return True
    if content_type != PDF and b"%PDF-" in head:
        return True  # PDF readers look for the header anywhere in the first kilobyte
    if content_type not in ZIP_KINDS and b"PK\x05\x06" in data[-65558:]:
        try:
            return zipfile.is_zipfile(io.BytesIO(data))
        except Exception:  # noqa: BLE001 — is_zipfile is meant not to raise; whatever happens, it is no zip
            return False
    return False


# --- archives ---------------------------------------------------------------------------------------------------


def _unsafe_path(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    parts = name.split("/")
    return ".." in parts or (len(parts[0]) >= 2 and parts[0][1] == ":")


def open_zip(data: bytes, limits: ZipLimits | None = None) -> zipfile.ZipFile:
    """The archive, opened only after its central directory shows it is safe (no bomb, no traversal, no deep
    nesting); nothing is unpacked to find out, beyond the first bytes of each member and nested archives within
    the limits. Raises FileRefused."""
    limits = limits or ZipLimits()
    archive, _unpacked, _members = _inspect_zip(data, limits, depth=0, unpacked=0, members=0)
    return archive


def _inspect_zip(data: bytes, limits: ZipLimits, *, depth: int, unpacked: int, members: int):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise FileRefused("damaged", _("The archive is damaged.")) from None
    members += len(infos)
    if members > limits.members:
        raise FileRefused("too_many", _("The archive contains too many files."))
    if any(_unsafe_path(info.filename) for info in infos):
        raise FileRefused("unsafe_path", _("The archive contains a file with an unsafe path."))
    total = sum(info.file_size for info in infos)
    unpacked += total
    bomb = unpacked > limits.unpacked or (total > 1024 * 1024 and total > limits.ratio * max(len(data), 1))
    bomb = bomb or any(
        info.file_size > 1024 * 1024 and info.file_size > limits.ratio * max(info.compress_size, 1) for info in infos
    )
    if bomb:
        raise FileRefused("bomb", _("The archive unpacks to far more than its size (an archive bomb)."))
    for info in infos:
        if info.is_dir() or info.file_size < 4:
            continue
        if info.flag_bits & 0x1:
            raise FileRefused("encrypted", _("The archive is encrypted; upload it without a password."))
        try:
            with archive.open(info) as member:
                head = member.read(4)
                if head not in (b"PK\x03\x04", b"PK\x05\x06"):
                    continue
                if depth + 1 > limits.depth:
                    raise FileRefused("nested", _("The archive contains archives nested too deeply."))
                if info.file_size > NESTED_READ_MAX:
                    raise FileRefused("bomb", _("The archive unpacks to far more than its size (an archive bomb)."))
                inner = head + member.read(info.file_size)
        except FileRefused:
            raise
        except RuntimeError:  # zipfile's "password required"
            raise FileRefused("encrypted", _("The archive is encrypted; upload it without a password.")) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise FileRefused("damaged", _("The archive is damaged.")) from None
        _inner, unpacked, members = _inspect_zip(
            inner[: info.file_size], limits, depth=depth + 1, unpacked=unpacked, members=members
        )
    return archive, unpacked, members


# --- parsing in a limited child process -------------------------------------------------------------------------

_CHILD = r"""
import io, sys, warnings
kind, max_pixels, max_pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = sys.stdin.buffer.read()
def answer(code):
    sys.stdout.write(code)
    sys.stdout.flush()
    raise SystemExit(0)
warnings.simplefilter("ignore")
try:
    if kind == "pdf":
        import logging
        logging.disable(logging.CRITICAL)
        from pypdf import PdfReader
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            answer("encrypted")
        count = len(reader.pages)
        if count < 1:
            answer("damaged")
        if count > max_pages:
            answer("pages")
        for number in range(min(count, 50)):
            page = reader.pages[number]
            page.mediabox
            page.get_contents()
    elif kind == "docx":
        import docx
        document = docx.Document(io.BytesIO(data))
        for paragraph in document.paragraphs:
            paragraph.text
    else:
        from PIL import Image
        Image.MAX_IMAGE_PIXELS = max_pixels
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > max_pages:
                answer("pages")
            if frames * image.width * image.height > 4 * max_pixels:
                answer("pixels")
            for frame in range(min(frames, 100)):
                image.seek(frame)
                image.load()
except SystemExit:
    raise
except BaseException as exc:
    name = type(exc).__name__
    answer("pixels" if "DecompressionBomb" in name else "memory" if name == "MemoryError" else "damaged")
answer("ok")
"""


def _limit_child() -> None:  # runs in the child between fork and exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def parse_check(data: bytes, kind: str) -> str:
    """Parse `data` as "pdf", "docx" or "image" in a child process with bounded memory and time.
    Returns "ok", "encrypted", "pages", "pixels", "memory", "damaged" or "timeout"."""
    try:
        result = subprocess.run(  # noqa: S603 — our own interpreter and our own fixed program
            [
                sys.executable,
                "-I",
                "-c",
                _CHILD,
                kind,
                str(_setting("FILES_MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS)),
                str(MAX_PAGES),
            ],
            input=data,
            capture_output=True,
            timeout=CHILD_TIMEOUT,
            preexec_fn=_limit_child,  # noqa: PLW1509 — setrlimit only, no locks taken
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    answer = result.stdout.decode("ascii", "replace").strip()
    if result.returncode != 0 or not answer:
        return "memory" if result.returncode in (-9, -24, 137, 152) else "damaged"  # killed at a limit, or crashed
    return answer


def _parse_refusal(code: str, content_type: str) -> FileRefused:
    if code == "timeout":
        return FileRefused("timeout", _("The file could not be checked in time; it was refused."))
    if code in {"pixels", "memory"} and content_type in IMAGES:
        return FileRefused("pixels", _("The image is too large in pixels (a decompression bomb?)."))
    if code == "encrypted":
        return FileRefused("encrypted", _("The PDF is password-protected; upload it without the password."))
    if code == "pages":
        return FileRefused("pages", _("The document has too many pages."))
    if content_type == PDF:
        return FileRefused("damaged", _("The PDF is damaged and could not be read."))
    if content_type == DOCX:
        return FileRefused("damaged", _("The Word document is damaged and could not be read."))
    if content_type in IMAGES:
        return FileRefused("damaged", _("The image is damaged and cannot be shown."))
    return FileRefused("damaged", _("The file is damaged and could not be read."))


def check_parses(data: bytes, content_type: str) -> None:
    """Raise FileRefused unless the PDF, DOCX or image really opens (in the limited child process)."""
    if content_type == PDF:
        kind = "pdf"
    elif content_type == DOCX:
        kind = "docx"
    elif content_type in IMAGES:
        kind = "image"
    else:
        return
    code = parse_check(data, kind)
    if code != "ok":
        raise _parse_refusal(code, content_type)


# --- the whole check --------------------------------------------------------------------------------------------


def check(
    data: bytes,
    *,
    types: Iterable[str],
    max_bytes: int,
    parse: str = "full",
    zip_limits: ZipLimits | None = None,
    type_message: str = "",
    html_as_text: bool = False,
) -> str:
    """The content type of `data` when it may be taken; FileRefused otherwise.

    `types`: the accepted content types (as `sniff` names them). `parse`: "full" parses PDFs, DOCX and images in the
    limited child; "none" judges by type, size, archives and polyglots only (for mail attachments, kept as they
    came). `type_message`: what to say when the type is not among `types` (the caller knows best what it wanted).
    `html_as_text`: take a page as plain text when text is accepted (it is then only ever served as text/plain, as an
    attachment, with nosniff).
    """
    allowed = frozenset(types)
    if not data:
        raise FileRefused("empty", _("The file is empty."))
    if len(data) > max_bytes:
        raise FileRefused("too_large", _("The file is larger than %(limit)d MB.") % {"limit": max(max_bytes >> 20, 1)})
    content_type = sniff(data)
    if content_type in PROGRAMS:
        raise FileRefused("program", _("Programs are not accepted."))
    if content_type == HTML and html_as_text and TEXT in allowed:
        content_type = TEXT
    if content_type not in allowed:
        raise FileRefused("type", type_message or _("This kind of file is not accepted."))
    if polyglot(data, content_type):
        raise FileRefused(
            "polyglot", _("The file is two kinds of file at once (for example a PDF and an archive); it was refused.")
        )
    if content_type in ZIP_KINDS:
        open_zip(data, zip_limits)
    if parse == "none":
        return content_type
    check_parses(data, content_type)
    return content_type


class SizeAtMost:
    """A form field validator: an upload over `max_bytes` is refused from its size alone, before anyone reads it.

    Django has streamed a large upload to a temporary file by then, so the web process never holds it in memory.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        from django.core.exceptions import ValidationError

        if getattr(upload, "size", 0) > self.max_bytes:
            raise ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": max(self.max_bytes >> 20, 1)}, code="too_large"
            )
