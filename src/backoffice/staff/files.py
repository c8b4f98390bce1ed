"""Uploaded evidence and certificate scans: size-limited, type judged from the content, stored under a random name."""

from __future__ import annotations

import os
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from backoffice.core import files
from backoffice.core.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def accept(data: bytes, field: str) -> str:
    """The content type of an acceptable file (PDF, JPEG or PNG up to 10 MB); anything else is a field error.
    The checking itself is core.files, in full as for every other upload: type by content, polyglots, the PDF or
    image really opened (in the limited child, with the bomb guard)."""
    try:
        return files.check(
            data,
            types=ACCEPTED,
            max_bytes=MAX_BYTES,
            type_message=_("Upload a PDF, JPEG or PNG file."),
        )
    except files.FileRefused as refused:
        raise InvalidInput(fields={field: [refused.message]}) from None


def store(folder: str, data: bytes, content_type: str) -> str:
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{ACCEPTED[content_type]}", ContentFile(data))


def display_name(filename: str) -> str:
    return (os.path.basename((filename or "").replace("\\", "/")) or "file")[:200]
