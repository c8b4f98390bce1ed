"""Files from outside (mail attachments, fax documents): size-limited, type sniffed from content, stored privately."""

from __future__ import annotations

import os
import uuid

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from backoffice.core import files

ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
FAX_MAX_BYTES = 20 * 1024 * 1024
OFFICE_ZIPS = {"word/": files.DOCX, "xl/": files.XLSX, "ppt/": files.PPTX}
REFUSED_TYPES = files.PROGRAMS


def sniff(data: bytes) -> str:
    """The content type judged from the bytes themselves (core.files.sniff), never from the name the sender gave."""
    return files.sniff(data)


def refusal(data: bytes, content_type: str, max_bytes: int) -> str:
    """Why a mail attachment may not be stored, or "" when it may. Attachments are kept as they came (any type
    but programs, polyglots and archive bombs), so they are not parsed here."""
    if len(data) > max_bytes:
        return _("The file is larger than %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)}
    if content_type in REFUSED_TYPES:
        return _("Programs are not accepted.")
    if files.polyglot(data, content_type):
        return _("The file is two kinds of file at once (for example a PDF and an archive); it was refused.")
    if content_type in files.ZIP_KINDS:
        try:
            files.open_zip(data, files.ZipLimits(unpacked=ZIP_MAX_UNPACKED, ratio=ZIP_MAX_RATIO))
        except files.FileRefused as refused:
            return refused.message
    return ""


def fax_document_refusal(data: bytes) -> str:
    """Why a document may not be faxed (only a PDF that really opens, up to 20 MB), or "" when it may."""
    try:
        files.check(data, types={files.PDF}, max_bytes=FAX_MAX_BYTES)
    except files.FileRefused as refused:
        if refused.code == "too_large":
            return _("The document is larger than 20 MB.")
        if refused.code in {"type", "program"}:
            return _("Only PDF documents can be faxed.")
        return refused.message
    return ""


def safe_name(filename: str) -> str:
    try:
        name = get_valid_filename(os.path.basename((filename or "").replace("\\", "/")))
    except SuspiciousFileOperation:
        name = ""
    return (name or "file")[:200]


def store(folder: str, filename: str, data: bytes) -> str:
    """Save under MEDIA_ROOT with a random name (the sender's name is kept only in the database)."""
    extension = os.path.splitext(safe_name(filename))[1][:10]
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{extension}", ContentFile(data))
