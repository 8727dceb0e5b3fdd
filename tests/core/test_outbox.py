"""The durable job outbox: a job is a row written with the change, published after
commit, kept while the broker is down and published once by the sweeper."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from core.models import JobState, OutboxJob
from core.tasks import enqueue_on_commit, job_publish, jobs_publish_waiting, reset_broker_backoff
from notifications.models import Notification
from notifications.tasks import send_digests


def _broker_refuses(monkeypatch):
    """Every publish fails as it does when Redis is down."""
    from celery.app.task import Task

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("Redis is down")

    monkeypatch.setattr(Task, "apply_async", refuse)


def test_job_of_a_rolled_back_change_is_never_stored(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                enqueue_on_commit(send_digests)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert OutboxJob.objects.count() == 0


def test_job_is_stored_in_the_transaction_and_published_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = enqueue_on_commit(send_digests)
    job.refresh_from_db()
    assert (job.task, job.args, job.state) == ("notifications.send_digests", [], "pending")
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED
    assert job.published_at is not None and job.attempts == 1


def test_job_waits_while_the_broker_is_down_and_the_sweeper_publishes_it_once(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from dialogue.tasks import notify_clarification_asked  # any id-based task

    with monkeypatch.context() as m:
        _broker_refuses(m)
        with django_capture_on_commit_callbacks(execute=True):
            job = enqueue_on_commit(notify_clarification_asked, 0)
        job.refresh_from_db()
        assert job.state == JobState.PENDING
        assert "Redis is down" in job.last_error
        # While the breaker is open nothing is even tried.
        assert jobs_publish_waiting() == 0
    reset_broker_backoff()
    OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert jobs_publish_waiting() == 1
    assert jobs_publish_waiting() == 0
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED and job.attempts == 2


def test_job_published_once_when_two_publishers_race(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = enqueue_on_commit(send_digests)
    assert job_publish(job_id=job.pk) is True
    assert job_publish(job_id=job.pk) is False
    OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert jobs_publish_waiting() == 0


def test_job_left_half_published_by_a_dead_process_goes_out_again(db):
    stale = timezone.now() - timedelta(minutes=10)
    job = OutboxJob.objects.create(task="notifications.send_digests", state="publishing")
    OutboxJob.objects.filter(pk=job.pk).update(claimed_at=stale, created_at=stale)
    assert jobs_publish_waiting() == 1
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED


def test_published_jobs_are_forgotten_after_a_week(db):
    old = OutboxJob.objects.create(
        task="x", state="published", published_at=timezone.now() - timedelta(days=8)
    )
    recent = OutboxJob.objects.create(task="x", state="published", published_at=timezone.now())
    jobs_publish_waiting()
    assert list(OutboxJob.objects.all()) == [recent]
    assert old.pk != recent.pk


def test_database_refuses_a_published_job_without_time(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OutboxJob.objects.create(task="x", state="published")


def test_user_action_notice_is_durable_when_broker_down(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    """A service that notifies through a task (a clarification asked) while Redis is down
    leaves a job, and the notice arrives once the sweeper runs."""
    from dialogue.models import Clarification
    from tests.factories.dialogue import RfiFactory
    from tests.factories.organizations import SupplierFactory, UserFactory

    rfi = RfiFactory()
    supplier = UserFactory(organization=SupplierFactory(), roles=["supplier"])
    clarification = Clarification.objects.create(
        rfi=rfi, supplier=supplier.organization, asked_by=supplier, question="Hur?"
    )
    from dialogue.tasks import notify_clarification_asked

    with monkeypatch.context() as m:
        _broker_refuses(m)
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(notify_clarification_asked, clarification.pk)
    assert Notification.objects.count() == 0
    reset_broker_backoff()
    OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        jobs_publish_waiting()
        jobs_publish_waiting()
    assert list(Notification.objects.values_list("recipient", "event")) == [
        (rfi.created_by_id, "dialogue.clarification_asked")
    ]


def test_no_user_action_publishes_a_task_directly():
    """Every job a user action asks for goes through the outbox: no `.delay()` and no
    `.apply_async()` outside core/tasks.py (sweepers use `send_now` on stored rows)."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {"tests", ".venv", "node_modules", "benchmarks", "scripts"}:
            continue
        if path.relative_to(root).as_posix() == "core/tasks.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.(delay|apply_async)\(", text):
            offenders.append(path.relative_to(root).as_posix())
    assert offenders == []


def test_beat_sweeps_jobs_often():
    from config.celery import app

    entry = app.conf.beat_schedule["core-sweep-jobs"]
    assert entry["task"] == "core.sweep_jobs"
    assert entry["schedule"] <= timedelta(minutes=1)
