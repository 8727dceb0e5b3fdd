"""Uploads: checked by content (not name), limited in size, stored under random names,
and served only through views that have checked who may see them.
"""

import mimetypes
import secrets
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
DOCUMENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "text/plain",
    "text/csv",
    "application/zip",
} | IMAGE_TYPES


def sniff_content_type(upload) -> str:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(position)
    return magic.from_buffer(head, mime=True)


def validate_upload(upload, *, allowed_types=DOCUMENT_TYPES, max_bytes: int | None = None) -> str:
    """Raise ValidationError unless the file's content is an allowed type within the limit.

    Returns the content type detected from the bytes.
    """
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    # Office formats are zip containers; libmagic may name them either way.
    if content_type == "application/zip" and PurePath(upload.name).suffix.lower() in {
        ".docx",
        ".xlsx",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
    }:
        content_type = mimetypes.guess_type(upload.name)[0] or content_type
    if content_type not in allowed_types:
        raise ValidationError(
            _("This type of file (%(type)s) is not accepted.") % {"type": content_type},
            code="refused_type",
        )
    if content_type in IMAGE_TYPES:
        validate_image(upload)
    return content_type


def validate_image(upload) -> None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a readable image."), code="bad_image") from exc
    finally:
        upload.seek(0)


@deconstructible
class RandomUploadTo:
    """upload_to that keeps only the extension of the user's file name: `RandomUploadTo("x")`."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.prefix}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def serve_file(field_file, *, download_name: str, as_attachment: bool = True) -> FileResponse:
    """Stream a stored file that the caller has already checked the user may see
    (from the local disk or straight from the bucket: `core.storage.open_stored`)."""
    from core.storage import open_stored, stored_size

    stream = open_stored(field_file)
    response = FileResponse(stream, as_attachment=as_attachment, filename=download_name)
    response.block_size = 64 * 1024
    if "Content-Length" not in response.headers and stored_size(stream) is not None:
        response.headers["Content-Length"] = str(stored_size(stream))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
