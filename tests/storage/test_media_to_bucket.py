"""`manage.py media_to_bucket`: an installation's local files copied into the bucket,
verified, idempotent and resumable (against the real SeaweedFS of conftest.py)."""

import uuid
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

import core.storage
from reports.models import Report
from tests.factories.reports import ReportFactory


@pytest.fixture
def old_media(tmp_path):
    """A local MEDIA_ROOT as an installation before the move has it."""
    local = FileSystemStorage(location=str(tmp_path / "old-media"))
    files = {
        "needs/a1.txt": b"behov",
        "bids/b2.bin": bytes(range(256)) * 40,
        "sharing/photos/c3.jpg": b"\xff\xd8\xff fake jpeg",
        "reports/d4.pdf": b"%PDF-1.7 rapport",
    }
    for name, content in files.items():
        local.save(name, ContentFile(content))
    return tmp_path / "old-media", files


def _run(source, *args):
    out, err = StringIO(), StringIO()
    call_command("media_to_bucket", "--source", str(source), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_copies_every_file_to_the_same_name_and_then_nothing_again(db, s3, s3_prefix, old_media):
    source, files = old_media
    out, _err = _run(source)
    assert "copied 4, already in the bucket 0, failed 0" in out
    assert s3.keys(s3_prefix) == sorted(f"{s3_prefix}/{name}" for name in files)
    for name, content in files.items():
        assert s3.read(f"{s3_prefix}/{name}") == content
    out, _err = _run(source)
    assert "copied 0, already in the bucket 4, failed 0" in out
    # The local files are left as they were.
    assert sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()) == (
        sorted(files)
    )


def test_dry_run_copies_nothing(db, s3, s3_prefix, old_media):
    source, _files = old_media
    out, _err = _run(source, "--dry-run")
    assert "would copy 4" in out
    assert s3.keys(s3_prefix) == []


def test_an_object_that_differs_is_copied_again(db, s3, s3_prefix, old_media):
    source, files = old_media
    _run(source)
    # A broken earlier upload: same name, other bytes (and then a shorter one).
    s3.client().put_object(Bucket=s3.bucket, Key=f"{s3_prefix}/needs/a1.txt", Body=b"BEHOV")
    s3.client().put_object(Bucket=s3.bucket, Key=f"{s3_prefix}/reports/d4.pdf", Body=b"%PDF")
    out, _err = _run(source)
    assert "copied 2, already in the bucket 2, failed 0" in out
    assert s3.read(f"{s3_prefix}/needs/a1.txt") == files["needs/a1.txt"]
    assert s3.read(f"{s3_prefix}/reports/d4.pdf") == files["reports/d4.pdf"]


def test_an_interrupted_run_resumes_where_it_stopped(db, s3, s3_prefix, old_media, monkeypatch):
    source, files = old_media
    real_digests = core.storage._digests
    seen = []

    def interrupted(local, name):
        seen.append(name)
        if len(seen) == 3:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C on the third file
        return real_digests(local, name)

    monkeypatch.setattr(core.storage, "_digests", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(source)
    assert len(s3.keys(s3_prefix)) == 2
    monkeypatch.setattr(core.storage, "_digests", real_digests)
    out, _err = _run(source)
    assert "copied 2, already in the bucket 2, failed 0" in out
    assert s3.keys(s3_prefix) == sorted(f"{s3_prefix}/{name}" for name in files)


def test_names_in_the_database_without_a_local_file_are_reported(db, s3, old_media):
    source, _files = old_media
    ReportFactory()
    Report.objects.update(file="reports/gone.pdf")
    _out, err = _run(source)
    assert "reports/gone.pdf" in err


def test_refuses_when_the_storage_is_the_local_disk(db, old_media):
    source, _files = old_media
    with pytest.raises(CommandError, match="STORAGE_S3_BUCKET"):
        _run(source)


def test_create_bucket_makes_a_missing_bucket_once(db, settings, seaweedfs, old_media):
    source, files = old_media
    bucket = f"samverka-new-{uuid.uuid4().hex[:8]}"
    options = seaweedfs.storages("")
    options["OPTIONS"]["bucket_name"] = bucket
    settings.STORAGES = {**settings.STORAGES, "default": options}
    out, _err = _run(source, "--create-bucket")
    assert "created the bucket" in out and "copied 4" in out
    out, _err = _run(source, "--create-bucket")
    assert "created the bucket" not in out and "already in the bucket 4" in out
    listing = seaweedfs.client().list_objects_v2(Bucket=bucket)
    assert sorted(item["Key"] for item in listing["Contents"]) == sorted(files)
