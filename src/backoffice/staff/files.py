"""Uploaded evidence and certificate scans: size-limited, type judged from the content, stored under a random name."""

from __future__ import annotations

import os
import uuid

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from backoffice.core.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def accept(data: bytes, field: str) -> str:
    """The content type of an acceptable file (PDF, JPEG or PNG up to 10 MB); anything else is a field error."""
    if not data:
        raise InvalidInput(fields={field: [_("The file is empty.")]})
    if len(data) > MAX_BYTES:
        raise InvalidInput(fields={field: [_("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES >> 20}]})
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ACCEPTED:
        raise InvalidInput(fields={field: [_("Upload a PDF, JPEG or PNG file.")]})
    return kind.mime


def store(folder: str, data: bytes, content_type: str) -> str:
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{ACCEPTED[content_type]}", ContentFile(data))


def display_name(filename: str) -> str:
    return (os.path.basename((filename or "").replace("\\", "/")) or "file")[:200]
