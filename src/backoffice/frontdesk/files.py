"""Files from outside (mail attachments, fax documents): size-limited, type sniffed from content, stored privately."""

from __future__ import annotations

import io
import os
import uuid
import zipfile

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"PK\x03\x04", "application/zip"),
    (b"Rar!", "application/vnd.rar"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"MZ", "application/x-msdownload"),
]
OFFICE_ZIPS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
REFUSED_TYPES = {"application/x-msdownload"}


def sniff(data: bytes) -> str:
    """The content type judged from the bytes themselves, never from the name the sender gave."""
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            if content_type == "application/zip":
                return _zip_kind(data)
            return content_type
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def _zip_kind(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return "application/zip"
    for prefix, content_type in OFFICE_ZIPS.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return "application/zip"


def refusal(data: bytes, content_type: str, max_bytes: int) -> str:
    """Why a file may not be stored, or "" when it may."""
    if len(data) > max_bytes:
        return _("The file is larger than %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)}
    if content_type in REFUSED_TYPES:
        return _("Programs are not accepted.")
    if content_type == "application/zip" or content_type in OFFICE_ZIPS.values():
        try:
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile:
            return _("The archive is damaged.")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > ZIP_MAX_UNPACKED or unpacked > ZIP_MAX_RATIO * max(len(data), 1):
            return _("The archive unpacks to far more than its size (an archive bomb).")
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
