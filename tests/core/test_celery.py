"""Celery and the outbox: on commit only, nothing lost while Redis is down, nothing twice,
and a real worker against the real Redis."""

import os
import socket
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse

from notifications.models import OutboxEmail
from notifications.services import email_enqueue
from notifications.tasks import send_outbox_email, sweep_outbox


def _enqueue(to="a@b.test"):
    return email_enqueue(
        to=to, template="emails/notification", context={"title": "Hej", "body": "Text", "url": ""}
    )


def test_email_rolled_back_is_never_sent(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _enqueue()
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert OutboxEmail.objects.count() == 0
    assert mailoutbox == []


def test_outbox_task_sends_once_even_when_run_twice(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = _enqueue()
    assert send_outbox_email.apply(args=[row.pk]).get() == "skipped"
    row.refresh_from_db()
    assert row.state == "sent"
    assert len(mailoutbox) == 1


def test_outbox_dedupe_key_makes_enqueue_idempotent(db):
    first = email_enqueue(
        to="a@b.test", template="emails/notification", context={"title": "x"}, dedupe_key="k1"
    )
    second = email_enqueue(
        to="a@b.test", template="emails/notification", context={"title": "x"}, dedupe_key="k1"
    )
    assert first.pk == second.pk


def _reset_pools(app):
    """Drop pooled broker connections so a changed broker_url takes effect."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def _black_hole_server():
    """A TCP server that accepts connections and never answers (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []

    def accept():
        while True:
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return server, held


@pytest.mark.django_db(transaction=True)
def test_silent_redis_does_not_hang_the_page_and_the_mail_waits(client, settings, mailoutbox):
    from config.celery import app
    from tests.factories.organizations import MunicipalityFactory, UserFactory

    server, _held = _black_hole_server()
    port = server.getsockname()[1]
    old_broker, old_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    try:
        _reset_pools(app)
        ystad = MunicipalityFactory(municipality_code="1286", name="Ystad")
        admin = UserFactory(organization=ystad, roles=["admin"])
        client.force_login(admin)
        started = time.monotonic()
        response = client.post(
            reverse("organizations:invitations"),
            {"email": "ny@ystad.test", "organization": ystad.pk, "roles": ["staff"]},
        )
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old_broker, old_eager
        _reset_pools(app)
        server.close()
    assert response.status_code == 302
    assert elapsed < 8, f"the page waited {elapsed:.1f}s on a silent Redis"
    row = OutboxEmail.objects.get()
    assert row.state == "pending"
    assert mailoutbox == []
    # Redis is "back" (eager mode here): the sweeper sends what waited, exactly once.
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=row.created_at.replace(year=2020))
    from core.tasks import reset_broker_backoff

    reset_broker_backoff()
    sweep_outbox.apply().get()
    sweep_outbox.apply().get()
    row.refresh_from_db()
    assert row.state == "sent"
    assert len(mailoutbox) == 1


@pytest.fixture(scope="session")
def celery_config():
    return {"broker_url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}


@pytest.mark.celery_integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_outbox_email_via_redis(mailoutbox, settings):
    """Publish through the real Redis broker and let a real worker thread do the task."""
    import redis as redis_lib
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis_lib.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}; ./dev test starts one")
    # A queue of our own, so a developer's running worker cannot take the task.
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app.conf.task_default_queue = queue
    try:
        with start_worker(
            app, queues=[queue], perform_ping_check=False, pool="solo", shutdown_timeout=10
        ):
            row = _enqueue(to="worker@b.test")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                row.refresh_from_db()
                if row.state == "sent":
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = old
        _reset_pools(app)
    assert row.state == "sent"
    assert [m.to for m in mailoutbox] == [["worker@b.test"]]
