"""Enqueueing Celery work safely: only after commit, never blocking a page on Redis.

If the broker is unreachable the call is logged and skipped; the work is not lost
because every job that matters has a stored row (an outbox) that a periodic sweeper
re-enqueues. After a failure we stop trying for a short while (a simple circuit breaker)
so a dead Redis costs one timeout, not one per request.
"""

import logging
import time

from django.db import transaction

logger = logging.getLogger(__name__)

_BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0


def send_now(task, *args, **kwargs) -> bool:
    """Publish `task` to the broker; return False (and log) instead of raising."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:  # the broker may fail in many ways (socket, timeout, kombu errors)
        _broker_down_until = time.monotonic() + _BROKER_BACKOFF_SECONDS
        logger.warning("Could not enqueue %s; the sweeper will retry", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Schedule `task` to be published once the current transaction commits."""
    transaction.on_commit(lambda: send_now(task, *args, **kwargs))


def reset_broker_backoff() -> None:
    global _broker_down_until
    _broker_down_until = 0.0
