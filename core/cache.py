"""Caching expensive aggregates in Redis, safely.

`cached(namespace, scope, compute)` returns `compute()`, kept in the cache under a key
made of everything that scopes the result: the namespace, its generation, the database
and the caller's scope (e.g. the organisation whose figures they are). A write that
changes the figures calls `invalidate(namespace)` (after commit), which moves the
namespace to a new generation, so no stale entry is ever read again; entries also expire.

The cache is an optimisation, never a dependency: when Redis is down or slow (socket
timeouts are 1 s) the value is computed from the database and the page works. After a
failure the cache is left alone for a short while (a circuit breaker), so a dead Redis
costs one timeout, not one per request.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TIMEOUT = 600
_BACKOFF_SECONDS = 30.0
_down_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(action: str) -> None:
    global _down_until
    _down_until = time.monotonic() + _BACKOFF_SECONDS
    logger.warning("Cache %s failed; computing from the database for a while", action)


def reset_backoff() -> None:
    global _down_until
    _down_until = 0.0


def _generation_key(namespace: str) -> str:
    return f"gen:{connection.settings_dict['NAME']}:{namespace}"


def _key(namespace: str, generation: int, scope: Iterable) -> str:
    parts = ":".join(str(part) for part in scope)
    return f"{namespace}:{connection.settings_dict['NAME']}:g{generation}:{parts}"


def cached(
    namespace: str, scope: Iterable, compute: Callable[[], T], *, timeout=DEFAULT_TIMEOUT
) -> T:
    """`compute()`, cached under `namespace` and `scope` (see the module's docstring)."""
    scope = tuple(scope)
    if not _available():
        return compute()
    try:
        generation = cache.get_or_set(_generation_key(namespace), 1, timeout=None)
        key = _key(namespace, generation, scope)
        found = cache.get(key)
    except Exception:  # redis-py raises many kinds (connection, timeout, response)
        _failed("read")
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        _failed("write")
    return value


def cached_many(
    namespace: str, items: list[tuple[Iterable, Callable[[], T]]], *, timeout=DEFAULT_TIMEOUT
) -> list[T]:
    """`cached` for several values at once: one round trip to read them all, one to store
    those that were missing. `items` are (scope, compute) pairs; values come in order."""
    items = [(tuple(scope), compute) for scope, compute in items]
    found: dict = {}
    keys: list[str] = []
    if _available():
        try:
            generation = cache.get_or_set(_generation_key(namespace), 1, timeout=None)
            keys = [_key(namespace, generation, scope) for scope, _compute in items]
            found = cache.get_many(keys)
        except Exception:
            _failed("read")
            keys = []
    values, missing = [], {}
    for index, (_scope, compute) in enumerate(items):
        key = keys[index] if keys else None
        if key is not None and key in found:
            values.append(found[key])
        else:
            value = compute()
            values.append(value)
            if key is not None:
                missing[key] = value
    if missing and _available():
        try:
            cache.set_many(missing, timeout=timeout)
        except Exception:
            _failed("write")
    return values


def invalidate(namespace: str) -> None:
    """Let no cached value of `namespace` be read again, once the transaction commits."""
    transaction.on_commit(lambda: _bump(namespace))


def _bump(namespace: str) -> None:
    if not _available():
        return
    try:
        cache.incr(_generation_key(namespace))
    except ValueError:  # no generation yet: nothing cached to invalidate
        pass
    except Exception:
        _failed("invalidate")


def forget_cached() -> None:
    """Drop every cached value (after loading data outside the services, e.g. the demo)."""
    if not _available():
        return
    try:
        cache.clear()
    except Exception:
        _failed("clear")
