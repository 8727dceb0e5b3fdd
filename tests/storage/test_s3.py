"""Files in S3-compatible object storage, against a real SeaweedFS (see conftest.py):
uploads, downloads through the permission-checked views, sealed bids, photo processing,
report building, a real worker on the same bucket, two server processes sharing only
PostgreSQL, Redis and the bucket, and a bucket that refuses anonymous requests."""

import os
import time
import urllib.error
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.storage import PrivateS3Storage, is_object_storage
from needs.models import Need
from procurements import services as procurement_services
from procurements.models import BidFile
from procurements.services.bids import bid_file_bytes, bid_file_name
from reports.models import Report
from reports.reports import NETWORK_PORTFOLIO
from scripts.seaweedfs import free_ports
from sharing import services as sharing_services
from sharing.models import ListingPhoto
from tests.factories.organizations import UserFactory
from tests.factories.procurements import make_case, pdf_file, publish, supplier_with_user
from tests.factories.sharing import ListingFactory, LocationFactory
from tests.storage import servers

ROOT = Path(__file__).resolve().parents[2]


def _jpeg_with_exif(size=(2000, 1500)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, "#3a7d44")
    exif = Image.Exif()
    exif[0x010F] = "Kamera AB"  # Make
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("stol.jpg", buffer.getvalue(), content_type="image/jpeg")


def _listing(organization, user):
    location = LocationFactory(
        organization=organization, name="Stadshuset", address="Ystad", latitude=55.4, longitude=13.8
    )
    return ListingFactory(
        organization=organization, created_by=user, location=location, title="Kontorsstol"
    )


def _local_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- The bucket itself ------------------------------------------------------------


def test_bucket_refuses_anonymous_requests(s3, s3_prefix):
    key = f"{s3_prefix}/secret.txt"
    s3.client().put_object(Bucket=s3.bucket, Key=key, Body=b"hemligt")
    base = f"{s3.endpoint_url}/{s3.bucket}"
    for method, url, body in (
        ("GET", f"{base}/{key}", None),  # read an object
        ("GET", f"{base}?list-type=2", None),  # list the bucket
        ("GET", s3.endpoint_url + "/", None),  # list the buckets
        ("PUT", f"{base}/{s3_prefix}/planted.txt", b"x"),  # write an object
        ("DELETE", f"{base}/{key}", None),
    ):
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 - our own test server
        assert refused.value.code == 403, (method, url)
    assert s3.read(key) == b"hemligt"
    assert s3.keys(s3_prefix) == [key]


def test_default_storage_is_the_bucket_with_private_defaults(s3, s3_prefix):
    assert is_object_storage()
    assert isinstance(default_storage._wrapped, PrivateS3Storage)
    assert default_storage.default_acl is None and default_storage.file_overwrite is False
    first = default_storage.save("x/a.txt", SimpleUploadedFile("a.txt", b"1"))
    second = default_storage.save("x/a.txt", SimpleUploadedFile("a.txt", b"2"))
    assert first == "x/a.txt" and second != first  # never overwritten
    assert s3.keys(s3_prefix) == sorted([f"{s3_prefix}/{first}", f"{s3_prefix}/{second}"])
    # No object is readable without a signature, even by its exact name.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3.endpoint_url}/{s3.bucket}/{s3_prefix}/{first}", timeout=10)  # noqa: S310
    assert refused.value.code == 403


def test_a_missing_object_is_a_missing_file(s3):
    from core.storage import open_stored

    class Stored:
        storage = default_storage
        name = "no/such/file.pdf"

    with pytest.raises(FileNotFoundError):
        open_stored(Stored())
    assert not default_storage.exists("no/such/file.pdf")


# --- Uploads and downloads through the views ------------------------------------------


def test_need_attachment_goes_to_the_bucket_and_back_through_the_view(
    client, s3, s3_prefix, settings, staff, outsider
):
    client.force_login(staff)
    content = "Golven är hala\n".encode()
    upload = SimpleUploadedFile("underlag.txt", content, content_type="text/plain")
    response = client.post(
        reverse("needs:need-create"),
        {"title": "Golv", "problem": "Hala", "department": "it", "attachment": upload},
    )
    assert response.status_code == 302
    attachment = Need.objects.get().attachments.get()
    assert s3.keys(s3_prefix) == [f"{s3_prefix}/{attachment.file.name}"]
    assert s3.read(f"{s3_prefix}/{attachment.file.name}") == content
    assert _local_files(settings) == []
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Length"] == str(len(content))
    assert download["Cache-Control"] == "private, no-store"
    assert "underlag.txt" in download["Content-Disposition"]
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_sealed_bid_file_is_ciphertext_in_the_bucket(s3, s3_prefix, officer, trelleborg):
    tender = publish(make_case(officer, participating=[trelleborg]), officer)
    _org, user = supplier_with_user("Myloc Test AB")
    procurement_services.bid_submit(
        tender=tender,
        by=user,
        text="Vår hemliga lösning",
        price_sek="125000",
        files=[pdf_file("offert.pdf", b"%PDF-1.4\nHEMLIG BILAGA\n")],
    )
    stored = BidFile.objects.get()
    raw = s3.read(f"{s3_prefix}/{stored.file.name}")
    assert b"HEMLIG BILAGA" not in raw and b"%PDF" not in raw
    assert bid_file_bytes(stored).endswith(b"HEMLIG BILAGA\n")
    assert bid_file_name(stored) == "offert.pdf"


def test_listing_photo_is_processed_in_the_bucket_and_served_by_the_view(
    client, s3, s3_prefix, settings, ystad, staff, outsider, django_capture_on_commit_callbacks
):
    listing = _listing(ystad, staff)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sharing:photo-add", args=[listing.pk]), {"photo": _jpeg_with_exif()}
        )
    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    assert photo.processed_at is not None
    # Only the clean copies are kept: the original (with its EXIF) is gone from the bucket.
    assert s3.keys(s3_prefix) == sorted(
        [f"{s3_prefix}/{photo.image.name}", f"{s3_prefix}/{photo.thumbnail.name}"]
    )
    assert _local_files(settings) == []
    response = client.get(reverse("sharing:photo-file", args=[photo.pk, "full"]))
    assert response.status_code == 200
    with Image.open(BytesIO(b"".join(response.streaming_content))) as image:
        assert max(image.size) == 1600 and not image.getexif()
    thumb = client.get(reverse("sharing:photo-file", args=[photo.pk, "thumb"]))
    with Image.open(BytesIO(b"".join(thumb.streaming_content))) as image:
        assert max(image.size) == 400
    client.force_login(outsider)
    assert client.get(reverse("sharing:photo-file", args=[photo.pk, "full"])).status_code == 404


def test_report_is_built_into_the_bucket_and_downloaded_through_the_view(
    client, s3, s3_prefix, coordinator, network, outsider, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key]),
            {"network": network.pk, "period_start": "", "period_end": "", "report-language": "sv"},
        )
    report = Report.objects.get()
    assert report.state == "done", report.error_message
    assert s3.keys(s3_prefix) == [f"{s3_prefix}/{report.file.name}"]
    stored = s3.read(f"{s3_prefix}/{report.file.name}")
    assert stored.startswith(b"%PDF") and len(stored) == report.file_size
    download = client.get(reverse("reports:report-download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored
    client.force_login(outsider)
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 404


# --- A real worker, and two server processes, on the same bucket ----------------------


@pytest.fixture
def real_worker(settings):
    """A Celery worker thread on a queue of this test's own, through the real Redis."""
    import redis as redis_lib
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis_lib.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}; ./dev test starts one")
    queue = f"test-s3-{os.getpid()}-{time.time_ns()}"
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app.conf.task_default_queue = queue
    try:
        with start_worker(
            app, queues=[queue], perform_ping_check=False, pool="solo", shutdown_timeout=10
        ):
            yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = old
        from kombu import pools

        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None


@pytest.mark.celery_integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_processes_the_photo_and_builds_the_report_in_the_bucket(
    s3, s3_prefix, settings, real_worker
):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    network = NetworkFactory(name="Syd", members=[ystad])
    staff = UserFactory(organization=ystad, roles=["staff", "coordinator"])
    listing = _listing(ystad, staff)
    photo = sharing_services.photo_add(user=staff, listing=listing, upload=_jpeg_with_exif())
    original = photo.original.name
    from reports.services import report_request

    report = report_request(
        user=staff,
        kind_key=NETWORK_PORTFOLIO.key,
        params={"network": network.pk, "period_start": None, "period_end": None},
        language="en",
    )
    assert servers.wait_until(
        lambda: ListingPhoto.objects.get(pk=photo.pk).processed_at is not None
    )
    assert servers.wait_until(lambda: Report.objects.get(pk=report.pk).state in {"done", "failed"})
    photo.refresh_from_db()
    report.refresh_from_db()
    assert report.state == "done", report.error_message
    keys = s3.keys(s3_prefix)
    assert f"{s3_prefix}/{original}" not in keys
    assert f"{s3_prefix}/{photo.image.name}" in keys
    assert f"{s3_prefix}/{photo.thumbnail.name}" in keys
    assert s3.read(f"{s3_prefix}/{report.file.name}").startswith(b"%PDF")
    assert _local_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_file_uploaded_through_one_server_is_downloaded_through_another(
    s3, s3_prefix, tmp_path, client
):
    """Two gunicorn processes with separate (empty) MEDIA_ROOTs share only PostgreSQL,
    Redis and the bucket: what one stores, the other serves, to the same session."""
    import requests
    from django.db import connection

    from tests.factories.organizations import MunicipalityFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    outside = MunicipalityFactory(name="Växjö", municipality_code="0780")
    staff = UserFactory(organization=ystad, roles=["staff"], email="staff@ystad.test")
    outsider = UserFactory(organization=outside, roles=["staff"], email="staff@vaxjo.test")
    database = servers.database_url(connection.settings_dict)
    envs = [
        servers.node_env(
            s3=s3, prefix=s3_prefix, database=database, media_root=tmp_path / f"media-{i}"
        )
        for i in range(2)
    ]
    logs = [tmp_path / f"server-{i}.log" for i in range(2)]
    with servers.gunicorn_nodes(free_ports(2), envs, logs) as (one, two):
        browser = servers.browser_as(client, staff)
        servers.create_need_with_attachment(browser, one, "underlag.txt", "Från nod ett\n".encode())
        attachment = Need.objects.get().attachments.get()
        url = attachment.get_absolute_url()
        download = browser.get(f"{two}{url}", timeout=30)
        assert download.status_code == 200
        assert download.content == "Från nod ett\n".encode()
        # Neither node kept a local copy; the other node's outsider still gets a 404.
        kept = [p for i in range(2) for p in (tmp_path / f"media-{i}").rglob("*") if p.is_file()]
        assert kept == []
        stranger = servers.browser_as(client, outsider)
        assert stranger.get(f"{two}{url}", timeout=30).status_code == 404
        assert requests.get(f"{two}{url}", allow_redirects=False, timeout=30).status_code == 302
