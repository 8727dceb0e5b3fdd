"""A worker killed (SIGKILL) in the middle of a report: the report is finished within
90 s of a new worker starting, with one file and one notice.

Real processes: a private redis-server on a free port, `celery worker` subprocesses (the
second one with its embedded beat, as in production) against the test database. The
first worker's build is held in the middle (another connection locks the table of
cases the report counts), then its whole process group is killed. Nothing tells the new
worker about the dead build except its stopped heartbeat: after a minute the sweeper
puts it back in the queue and the new worker builds it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from tests.core.test_redis_outage import PrivateRedis, _reset_pools

pytestmark = [pytest.mark.celery_integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def _worker_env(redis_url: str) -> dict:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        CELERY_TASK_ALWAYS_EAGER="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def _start_worker(env, tmp_path, name: str, *, beat: bool) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "-c",
        "1",
        "-P",
        "prefork",
        "-n",
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        command += ["-B", "--schedule", str(tmp_path / f"{name}-beat")]
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Signal the worker's own process group (the main process and its pool children)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def _wait_for(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return check()


class TableLock:
    """Hold ACCESS EXCLUSIVE on a table in another connection until released."""

    def __init__(self, table: str):
        self.table = table
        self.locked, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {self.table} IN ACCESS EXCLUSIVE MODE")
                self.locked.set()
                self.release.wait(120)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(15)


def test_report_of_a_killed_worker_is_finished_by_the_next_worker(private_redis, tmp_path):
    from config.celery import app
    from notifications.models import Notification, OutboxEmail
    from procurements.models import ProcurementCase
    from reports.models import Report
    from reports.reports import NETWORK_PORTFOLIO
    from reports.services import report_request
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
    from tests.factories.reports import CaseFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    network = NetworkFactory(name="Innovationsupphandling Syd", members=[ystad, trelleborg])
    CaseFactory(title="Rena och torra golv", lead_organization=ystad, participants=[trelleborg])
    coordinator = UserFactory(organization=ystad, roles=["coordinator"], email="s@ystad.test")

    env = _worker_env(private_redis.url)
    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = private_redis.url
    _reset_pools(app)
    first = second = None
    try:
        first = _start_worker(env, tmp_path, "first", beat=False)
        with TableLock(ProcurementCase._meta.db_table):
            report = report_request(
                user=coordinator,
                kind_key=NETWORK_PORTFOLIO.key,
                params={"network": network.pk},
                language="sv",
            )
            # The build reaches the counting of cases and waits there on the lock.
            assert _wait_for(
                lambda: Report.objects.filter(pk=report.pk, state="running", progress=15).exists(),
                timeout=60,
            ), (tmp_path / "first.log").read_text()[-3000:]
            _kill(first)
        killed_at = time.monotonic()
        report.refresh_from_db()
        assert report.state == "running"  # the dead build looks alive until its heartbeat ages

        second = _start_worker(env, tmp_path, "second", beat=True)
        started = time.monotonic()
        finished = _wait_for(
            lambda: Report.objects.filter(pk=report.pk, state="done").exists(), timeout=150
        )
        took = time.monotonic() - started
        assert finished, (tmp_path / "second.log").read_text()[-3000:]
        assert took < 90, f"finished {took:.0f} s after the new worker started"
        # Let the notice's e-mail go out, and give a duplicate every chance to appear.
        _wait_for(lambda: OutboxEmail.objects.filter(state="sent").exists(), timeout=20)
        time.sleep(2)
    finally:
        for process in (first, second):
            if process is not None:
                _kill(process, signal.SIGTERM)
        app.conf.task_always_eager, app.conf.broker_url = old
        _reset_pools(app)
    report.refresh_from_db()
    assert report.attempts == 2
    files = [p for p in (Path(django_settings.MEDIA_ROOT) / "reports").rglob("*") if p.is_file()]
    assert files == [Path(django_settings.MEDIA_ROOT) / report.file.name]
    assert Notification.objects.filter(event="reports.done").count() == 1
    assert OutboxEmail.objects.filter(to="s@ystad.test").count() == 1
    print(f"killed → new worker: {started - killed_at:.1f} s; new worker → done: {took:.1f} s")
