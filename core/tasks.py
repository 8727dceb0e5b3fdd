"""Background jobs through a durable outbox: stored with the change, published after commit.

`enqueue_on_commit(task, *args)` writes an `OutboxJob` row in the caller's transaction (a
rolled-back change leaves no job) and, once the transaction commits, publishes the task
to Celery. If the broker is unreachable the row simply waits: the sweeper
(`core.sweep_jobs`, beat every 30 s, and once when a worker starts) publishes it when
Redis is back. Publishing claims the row with a conditional update, so the web process
and the sweeper never publish the same job twice; a process that dies between the claim
and the broker leaves a `publishing` row that goes back to waiting after
`STALE_PUBLISH`. Every task is idempotent, so that rare second publish does no harm.

After a broker failure we stop trying for a short while (a simple circuit breaker) so a
dead Redis costs one timeout, not one per request.
"""

import logging
import time
from datetime import timedelta

from celery import current_app, shared_task
from celery.signals import worker_ready
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

_BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0
_last_error = ""

SWEEP_AFTER = timedelta(seconds=5)  # leave fresh rows to the process that wrote them
STALE_PUBLISH = timedelta(minutes=5)
KEEP_PUBLISHED = timedelta(days=7)
SWEEP_BATCH = 500


def broker_backing_off() -> bool:
    return time.monotonic() < _broker_down_until


def send_now(task, *args, **kwargs) -> bool:
    """Publish `task` to the broker; return False (and log) instead of raising.

    Only for work that is already durable elsewhere (a sweeper re-deriving it from
    stored rows); everything a user action asks for goes through `enqueue_on_commit`.
    """
    global _broker_down_until, _last_error
    if broker_backing_off():
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as exc:  # the broker may fail in many ways (socket, timeout, kombu errors)
        _broker_down_until = time.monotonic() + _BROKER_BACKOFF_SECONDS
        _last_error = repr(exc)[:2000]
        logger.warning("Could not enqueue %s; the sweeper will retry", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs):
    """Store a job for `task(*args, **kwargs)` in the current transaction and publish it
    once that transaction commits. Arguments must be JSON (ids, not objects).

    Returns the `OutboxJob` row. Nothing is published for a rolled-back transaction.
    """
    from .models import OutboxJob

    job = OutboxJob.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: job_publish(job_id=job.pk))
    return job


def _task_by_name(name: str):
    try:
        return current_app.tasks[name]
    except KeyError:
        current_app.loader.import_default_modules()
        return current_app.tasks[name]


def job_publish(*, job_id: int) -> bool:
    """Publish one waiting job. Returns True when this call published it.

    Claims the row (pending → publishing) first, so two publishers never both send it;
    a failed publish puts it back to waiting for the sweeper.
    """
    from .models import JobState, OutboxJob

    if broker_backing_off():
        return False
    now = timezone.now()
    claimed = OutboxJob.objects.filter(pk=job_id, state=JobState.PENDING).update(
        state=JobState.PUBLISHING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return False  # published already, or another process has it
    job = OutboxJob.objects.only("task", "args", "kwargs").get(pk=job_id)
    # Through send_now (looked up at call time): broker down or silent, or an eager
    # task's error, is logged there and leaves the job waiting for the sweeper.
    try:
        task = _task_by_name(job.task)
    except KeyError:  # a task renamed or removed by a deploy: keep the row, say why
        logger.error("Job %s names an unknown task %s", job_id, job.task)
        OutboxJob.objects.filter(pk=job_id).update(
            state=JobState.PENDING, last_error=f"unknown task {job.task}"
        )
        return False
    if not send_now(task, *job.args, **job.kwargs):
        OutboxJob.objects.filter(pk=job_id, state=JobState.PUBLISHING).update(
            state=JobState.PENDING, last_error=_last_error or "not published"
        )
        return False
    OutboxJob.objects.filter(pk=job_id).update(
        state=JobState.PUBLISHED, published_at=timezone.now()
    )
    return True


def jobs_publish_waiting(*, limit: int = SWEEP_BATCH) -> int:
    """Publish the jobs that wait (Redis was down, or a publisher died mid-way), oldest
    first; stop at the first broker failure. Forget published jobs after a week.
    Returns how many were published."""
    from .models import JobState, OutboxJob

    now = timezone.now()
    OutboxJob.objects.filter(state=JobState.PUBLISHING, claimed_at__lt=now - STALE_PUBLISH).update(
        state=JobState.PENDING
    )
    waiting = list(
        OutboxJob.objects.filter(state=JobState.PENDING, created_at__lt=now - SWEEP_AFTER)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    published = 0
    for pk in waiting:
        if job_publish(job_id=pk):
            published += 1
        elif broker_backing_off():
            break
    old = OutboxJob.objects.filter(
        state=JobState.PUBLISHED, published_at__lt=now - KEEP_PUBLISHED
    ).values_list("pk", flat=True)[:5000]
    OutboxJob.objects.filter(pk__in=list(old)).delete()
    return published


@shared_task(name="core.sweep_jobs")
def sweep_jobs() -> int:
    """Beat: publish the background jobs that wait."""
    return jobs_publish_waiting()


@worker_ready.connect(dispatch_uid="core-publish-waiting-jobs-on-worker-start")
def _publish_waiting_on_worker_start(sender=None, **kwargs) -> None:
    """A worker that (re)starts publishes what waited meanwhile, without waiting for beat."""
    try:
        reset_broker_backoff()
        jobs_publish_waiting()
    except Exception:  # never keep a worker from starting
        logger.warning("Could not publish waiting jobs at worker start", exc_info=True)


def reset_broker_backoff() -> None:
    global _broker_down_until
    _broker_down_until = 0.0
