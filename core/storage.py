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

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
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
        from botocore.exceptions import ClientError
        from storages.utils import clean_name

        key = self._normalize_name(clean_name(name))
        try:
            response = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                raise FileNotFoundError(f"No such file in the bucket: {name}") from exc
            raise
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


# --- Moving an installation's local files into the bucket ------------------------------

MULTIPART_LIMIT = 5 * 1024**3  # one PUT per file (up to 5 GB), so the ETag is the MD5


@dataclass
class CopyResult:
    copied: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named in the database, not on disk


def _digests(local, name: str) -> tuple[str, str]:
    md5, sha256 = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    with local.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            md5.update(chunk)
            sha256.update(chunk)
    return md5.hexdigest(), sha256.hexdigest()


def _walk(local, folder: str = "") -> list[str]:
    """Every file name in a storage, through its own listdir (no paths)."""
    folders, files = local.listdir(folder)
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in folders:
        names.extend(_walk(local, f"{folder}/{sub}" if folder else sub))
    return names


def _stored_matches(head: dict | None, *, size: int, md5: str, sha256: str) -> bool:
    """Whether the object the bucket holds is byte for byte the local file: same size,
    and the same MD5 (a single-part ETag) or the SHA-256 recorded when it was copied."""
    if head is None or head.get("ContentLength") != size:
        return False
    etag = (head.get("ETag") or "").strip('"')
    if len(etag) == 32 and "-" not in etag:
        return etag == md5
    return (head.get("Metadata") or {}).get("sha256") == sha256


def referenced_file_names() -> set[str]:
    """Every file name the database refers to (all file and image fields of all models)."""
    from django.apps import apps
    from django.db import models

    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = (
                    model._base_manager.exclude(**{model_field.attname: ""})
                    .values_list(model_field.attname, flat=True)
                    .distinct()
                )
                names.update(value for value in values.iterator() if value)
    return names


def media_copy_to_bucket(
    *, source: str | Path, storage=None, dry_run: bool = False, progress=None
) -> CopyResult:
    """Copy every file under `source` (the old MEDIA_ROOT, read through a local
    FileSystemStorage) to the same name in the bucket (the default storage).

    Idempotent and resumable: a file whose object already matches (size and MD5/SHA-256)
    is left alone, so running it again after an interruption copies only what is left,
    and an object that differs (a broken earlier upload) is written again. Each copy is
    verified with a HEAD afterwards. Local files are never changed or deleted.
    """
    from boto3.s3.transfer import TransferConfig
    from botocore.exceptions import BotoCoreError, ClientError
    from django.core.files.storage import FileSystemStorage, default_storage
    from storages.utils import clean_name

    storage = storage if storage is not None else default_storage
    if not is_object_storage(storage):
        raise ValueError("The default storage is not a bucket: set STORAGE_S3_BUCKET first.")
    client = storage.connection.meta.client
    transfer = TransferConfig(multipart_threshold=MULTIPART_LIMIT, use_threads=False)
    local = FileSystemStorage(location=str(source))
    names = sorted(_walk(local)) if Path(source).is_dir() else []
    result = CopyResult()
    for name in names:
        key = storage._normalize_name(clean_name(name))
        try:
            size = local.size(name)
            md5, sha256 = _digests(local, name)
            head = _head(client, storage.bucket_name, key)
            if _stored_matches(head, size=size, md5=md5, sha256=sha256):
                result.already_there.append(name)
            elif dry_run:
                result.copied.append(name)
            else:
                content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                with local.open(name, "rb") as handle:
                    client.upload_fileobj(
                        handle,
                        storage.bucket_name,
                        key,
                        ExtraArgs={"ContentType": content_type, "Metadata": {"sha256": sha256}},
                        Config=transfer,
                    )
                head = _head(client, storage.bucket_name, key)
                if not _stored_matches(head, size=size, md5=md5, sha256=sha256):
                    raise OSError("the stored object differs from the local file")
                result.copied.append(name)
        except (OSError, BotoCoreError, ClientError) as exc:
            result.failed.append((name, str(exc)))
        if progress:
            progress(name, result)
    result.missing = sorted(referenced_file_names() - set(names))
    return result


def bucket_ensure(storage=None) -> bool:
    """Create the bucket when it does not exist yet (private: no ACL, no policy).
    Returns whether it was created."""
    from botocore.exceptions import ClientError
    from django.core.files.storage import default_storage

    storage = storage if storage is not None else default_storage
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket", "NotFound"}:
            raise
    options = {}
    if storage.region_name and storage.region_name != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": storage.region_name}
    client.create_bucket(Bucket=storage.bucket_name, **options)
    return True


def _head(client, bucket: str, key: str) -> dict | None:
    from botocore.exceptions import ClientError

    try:
        return client.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise
