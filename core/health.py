"""What the health check (`/healthz`) counts besides core's own outbox of jobs.

A higher app registers a queue it owns in its `AppConfig.ready()`, e.g. notifications'
e-mail outbox: `register_waiting("outbox_waiting", count)`, so core imports no app.
"""

from collections.abc import Callable

_WAITING: dict[str, Callable[[], int]] = {}


def register_waiting(name: str, count: Callable[[], int]) -> None:
    """`count()` is the number of rows waiting in a queue; shown as `name` in /healthz."""
    _WAITING[name] = count


def waiting_counts(database_ok: bool) -> dict[str, int | None]:
    return {name: count() if database_ok else None for name, count in _WAITING.items()}
