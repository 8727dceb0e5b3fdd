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


# Never accepted, whatever a caller allows and whatever the bytes look like: a browser may
# run them as a page of this site (scripts) if ever served with their own type.
ACTIVE_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}
ACTIVE_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<svg", b"<iframe", b"<body")


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
    if _is_active(upload, content_type):
        raise ValidationError(
            _("Web pages, SVG and script files are not accepted."), code="refused_type"
        )
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
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix and content_type in SUFFIXES and suffix not in SUFFIXES[content_type]:
        # A name proves nothing, but a mismatch would be served under a false name.
        raise ValidationError(
            _("The file's name (%(suffix)s) does not match its content (%(type)s).")
            % {"suffix": suffix, "type": content_type},
            code="name_mismatch",
        )
    if content_type in IMAGE_TYPES:
        validate_image(upload)
    return content_type


# The names a file of each checked type may have. Zip files are stored as they are and
# never unpacked, so a zip bomb costs only its (limited) stored size.
SUFFIXES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/zip": {".zip"},
}


def _is_active(upload, content_type: str) -> bool:
    """HTML, SVG or script by content, by name, or text that carries markup."""
    guessed = mimetypes.guess_type(upload.name or "")[0]
    if content_type in ACTIVE_TYPES or guessed in ACTIVE_TYPES:
        return True
    if content_type.startswith("text/"):
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(4096).lower()
        upload.seek(position)
        return any(marker in head for marker in ACTIVE_MARKERS)
    return False


def validate_image(upload) -> None:
    """A readable image of at most `Image.MAX_IMAGE_PIXELS` pixels (a decompression bomb
    is refused before its pixels are ever decoded)."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > (Image.MAX_IMAGE_PIXELS or 89_478_485):
                raise Image.DecompressionBombError
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image is too large in pixels; the limit is %(limit)s megapixels.")
            % {"limit": (Image.MAX_IMAGE_PIXELS or 89_478_485) // 1_000_000},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
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


def served_content_type(download_name: str) -> str:
    """The type an upload is served with: its own only when it is an accepted, passive
    type; anything else (HTML, SVG, scripts, unknown) as opaque bytes."""
    guessed = mimetypes.guess_type(download_name or "")[0]
    if guessed in DOCUMENT_TYPES and guessed not in ACTIVE_TYPES:
        return guessed
    return "application/octet-stream"


def serve_file(field_file, *, download_name: str, as_attachment: bool = True) -> FileResponse:
    """Stream a stored file that the caller has already checked the user may see (from
    the local disk or straight from the bucket: `core.storage.open_stored`).

    Every upload is sent as an attachment (only a verified image may be shown inline),
    with a passive content type and `Content-Security-Policy: sandbox`, so even a file
    that slipped through is never run as a page of this site."""
    from core.storage import open_stored, stored_size

    content_type = served_content_type(download_name)
    inline = not as_attachment and content_type in IMAGE_TYPES
    stream = open_stored(field_file)
    response = FileResponse(
        stream, as_attachment=not inline, filename=download_name, content_type=content_type
    )
    response.block_size = 64 * 1024
    if "Content-Length" not in response.headers and stored_size(stream) is not None:
        response.headers["Content-Length"] = str(stored_size(stream))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
