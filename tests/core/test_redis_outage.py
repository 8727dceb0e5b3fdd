"""Redis stops and comes back: what users did meanwhile is delivered, exactly once.

A private redis-server on a free port (never the machine's shared Redis), a real Celery
worker thread, real pages. While Redis is down a supplier asks a question on an RFI, the
officer publishes the answer and a staff member uploads a listing photo; every page
works. When Redis is back the sweeper publishes the stored jobs: each notice, e-mail and
processed photo arrives once, and sweeping again adds nothing.
"""

import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

pytestmark = [pytest.mark.celery_integration, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def _reset_pools(app):
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), "#0b4f6c").save(buffer, format="PNG")
    return buffer.getvalue()


def _wait_for(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def _counts():
    from notifications.models import Notification, OutboxEmail
    from sharing.models import ListingPhoto

    return {
        "asked": Notification.objects.filter(event="dialogue.clarification_asked").count(),
        "published": Notification.objects.filter(event="dialogue.clarification_published").count(),
        "emails_sent": OutboxEmail.objects.filter(state="sent").count(),
        "emails": OutboxEmail.objects.count(),
        "photos_ready": ListingPhoto.objects.filter(processed_at__isnull=False).count(),
    }


def test_work_done_while_redis_is_down_arrives_once_when_it_returns(
    client, private_redis, mailoutbox
):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from core.models import OutboxJob
    from core.tasks import jobs_publish_waiting, reset_broker_backoff
    from dialogue import services as dialogue_services
    from dialogue.models import Clarification
    from sharing.models import ListingPhoto
    from tests.factories.dialogue import CaseFactory
    from tests.factories.organizations import MunicipalityFactory, SupplierFactory, UserFactory
    from tests.factories.sharing import ListingFactory, LocationFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    officer = UserFactory(organization=ystad, roles=["officer"], email="officer@ystad.test")
    staff = UserFactory(organization=ystad, roles=["staff"], email="staff@ystad.test")
    suppliers = [SupplierFactory(name="Myloc AB"), SupplierFactory(name="Kodkraft AB")]
    asker = UserFactory(organization=suppliers[0], roles=["supplier"], email="s@myloc.test")
    UserFactory(organization=suppliers[1], roles=["supplier"], email="s@kodkraft.test")
    case = CaseFactory(lead_organization=ystad, title="Delningstjänst")
    listing = ListingFactory(
        organization=ystad,
        created_by=staff,
        title="Kontorsstol",
        location=LocationFactory(
            organization=ystad, name="Stadshuset", address="Ystad", latitude=55.4, longitude=13.8
        ),
    )

    queue = f"test-outage-{os.getpid()}-{time.time_ns()}"
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = private_redis.url
    app.conf.task_default_queue = queue
    _reset_pools(app)
    try:
        with start_worker(
            app, queues=[queue], perform_ping_check=False, pool="solo", shutdown_timeout=10
        ):
            rfi = dialogue_services.rfi_create(
                created_by=officer,
                anchor=case,
                title="RFI delningstjänst",
                background="Bakgrund",
                need="Behov",
                deadline=timezone.now() + timedelta(days=10),
                invitation_mode="chosen",
                chosen_suppliers=suppliers,
            )
            dialogue_services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
            dialogue_services.rfi_publish(rfi=rfi, by=officer)
            assert _wait_for(lambda: not OutboxJob.objects.exclude(state="published").exists())
            assert _wait_for(lambda: _counts()["emails"] == _counts()["emails_sent"] > 0)
            before = _counts()
            mails_before = len(mailoutbox)

            # --- Redis dies. Users go on working. ---
            private_redis.stop()
            started = time.monotonic()
            client.force_login(asker)
            response = client.post(
                reverse("dialogue:clarification-ask", args=[rfi.pk]), {"question": "BankID?"}
            )
            assert response.status_code == 302
            clarification = Clarification.objects.get()
            client.force_login(officer)
            response = client.post(
                reverse("dialogue:clarification-answer", args=[clarification.pk]),
                {"question": "Krävs e-legitimation?", "answer": "Ja."},
            )
            assert response.status_code == 302
            client.force_login(staff)
            response = client.post(
                reverse("sharing:photo-add", args=[listing.pk]),
                {"photo": SimpleUploadedFile("stol.png", _png(), content_type="image/png")},
            )
            assert response.status_code == 302
            elapsed = time.monotonic() - started
            assert elapsed < 10, f"three actions took {elapsed:.1f}s with Redis down"
            assert sorted(
                OutboxJob.objects.filter(state="pending").values_list("task", flat=True)
            ) == [
                "dialogue.notify_clarification_asked",
                "dialogue.publish_clarification",
                "sharing.process_photo",
            ]
            time.sleep(1)
            assert _counts() == before  # nothing was delivered during the outage

            # --- Redis returns (empty, as after a crash); beat's sweeper runs. ---
            private_redis.start()
            _reset_pools(app)
            reset_broker_backoff()
            OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=1))
            assert jobs_publish_waiting() == 3

            def delivered():
                now = _counts()
                return (
                    now["asked"] == 1
                    and now["published"] == 2
                    and now["photos_ready"] == 1
                    and now["emails"] == now["emails_sent"]
                    and not OutboxJob.objects.exclude(state="published").exists()
                )

            assert _wait_for(delivered, timeout=60), _counts()
            # Sweeping again (beat every 30 s) delivers nothing twice.
            OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=1))
            assert jobs_publish_waiting() == 0
            time.sleep(2)
            after = _counts()
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = old
        _reset_pools(app)
    assert after["asked"] == before["asked"] + 1
    assert after["published"] == before["published"] + 2
    assert after["photos_ready"] == 1
    new_mails = mailoutbox[mails_before:]
    assert len(new_mails) == after["emails"] - before["emails"]
    assert len({(m.to[0], m.subject) for m in new_mails}) == len(new_mails)  # no duplicates
    recipients = {to for m in new_mails for to in m.to}
    assert {"s@kodkraft.test", "s@myloc.test"} <= recipients
    photo = ListingPhoto.objects.get()
    assert photo.image and photo.thumbnail
    client.force_login(staff)
    assert client.get(reverse("sharing:photo-file", args=[photo.pk, "thumb"])).status_code == 200
