"""Serving stored photos and documents: only after the caller checked the user may see the record.

The Content-Type is the one sniffed from the bytes when the file came in; the browser is told not to guess
(nosniff), raster images may be shown inline, everything else is downloaded as an attachment, and the file's own
CSP forbids running anything even if a browser tried.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from backoffice.equipment.services import PHOTO_TYPES, sniff_content_type

INLINE_TYPES = frozenset(PHOTO_TYPES)


def file_response(stored: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    if not stored or not default_storage.exists(stored.name):
        raise Http404
    inline = content_type in INLINE_TYPES
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(
        default_storage.open(stored.name, "rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def request_photo_response(maintenance_request) -> FileResponse:
    """A fault report's photo (stored by the form's ImageField). Its type is sniffed again here: older uploads
    never had it recorded."""
    photo = maintenance_request.photo
    if not photo or not default_storage.exists(photo.name):
        raise Http404
    with default_storage.open(photo.name, "rb") as handle:
        head = handle.read(8192)
    content_type = sniff_content_type(head)
    if content_type not in INLINE_TYPES:
        content_type = "application/octet-stream"
    extension = PHOTO_TYPES.get(content_type, "bin")
    return file_response(
        photo, filename=f"request-{maintenance_request.pk}-photo.{extension}", content_type=content_type
    )
