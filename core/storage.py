"""Where uploaded files and built reports live: Django's storage API, never a path.

Two backends, chosen in settings by configuration: the local file system (`MEDIA_ROOT`,
the default for `./dev start` and the tests) and a private bucket in S3-compatible
object storage (`STORAGE_S3_BUCKET`, through django-storages and boto3), which every
web node and worker on every machine shares. Code reads and writes files only through
a `FieldFile` (`.open()`, `.save()`, `.delete()`) or `default_storage`; nothing opens a
file under `MEDIA_ROOT` or asks for `.path`, which an object store does not have.

Files stay private: the bucket refuses anonymous requests, objects are written without
a public ACL, and a download goes through a view that has checked who may see the file
and then streams it from the storage (`core.files.serve_file` with `open_stored`). A
pre-signed URL is never handed out: the view's response headers (no-store, nosniff, the
download name) would not travel with it. Sealed bid files are encrypted by
`procurements.crypto` before they reach the storage, so the bucket holds only ciphertext.
"""

from __future__ import annotations

from django.conf import settings

try:  # django-storages is installed with the project; the import is lazy for the local case
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - only when the package is missing
    S3Storage = object  # type: ignore[assignment,misc]


class PrivateS3Storage(S3Storage):  # type: ignore[misc,valid-type]
    """django-storages' S3 backend with Samverka's defaults: private objects, no
    overwriting (a name that exists gets a suffix, as on the local disk), files read
    into memory only up to the upload limit (spilled to a temporary file above it), and
    a streaming read for downloads (`open_stream`)."""

    default_acl = None  # the bucket's own policy: private
    file_overwrite = False
    querystring_auth = True  # .url, if anything ever asks, is signed and short-lived
    querystring_expire = 60
    signature_version = "s3v4"

    def __init__(self, **options):
        super().__init__(**options)
        from botocore.config import Config

        # A silent object store must not hang a page or a worker for minutes.
        self.client_config = self.client_config.merge(
            Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3})
        )

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "max_memory_size": settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        }

    def open_stream(self, name: str) -> StoredStream:
        """The object's bytes as a stream read straight from the bucket (no temporary
        copy), with its size."""
        from storages.utils import clean_name

        response = self.connection.meta.client.get_object(
            Bucket=self.bucket_name, Key=self._normalize_name(clean_name(name))
        )
        return StoredStream(response["Body"], size=response.get("ContentLength"))


class StoredStream:
    """A read-only stream of a stored object that `FileResponse` can iterate."""

    def __init__(self, body, *, size: int | None):
        self._body = body
        self.size = size

    def read(self, amount: int = -1) -> bytes:
        return self._body.read(None if amount is None or amount < 0 else amount)

    def close(self) -> None:
        self._body.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_stored(field_file):
    """Open a stored file for reading in the cheapest way its storage offers: a stream
    from the bucket, or the local file. The caller closes it (FileResponse does)."""
    storage = field_file.storage
    if hasattr(storage, "open_stream"):
        return storage.open_stream(field_file.name)
    return storage.open(field_file.name, "rb")


def stored_size(stream) -> int | None:
    """The size of what `open_stored` returned, when it is known without reading it."""
    size = getattr(stream, "size", None)
    return size if isinstance(size, int) else None


def is_object_storage(storage=None) -> bool:
    """Whether files live in the bucket (default: the default storage)."""
    from django.core.files.storage import default_storage

    return isinstance(storage if storage is not None else default_storage, S3Storage)
