"""Caching expensive aggregates in Redis, safely.

`cached(namespace, scope, compute)` returns `compute()`, kept in the cache under a key
made of everything that scopes the result: the namespace, the database and the caller's
scope (e.g. the organisation whose figures they are). Which changes invalidate which
namespaces is declared in one place per app, its `caching.py`, connected once in the
app's `ready()` (`invalidate_on_change`: any save or delete, by any service, the admin
or a worker); a `QuerySet.update()`, which sends no signal, calls `bulk_updated(model,
rows)` with the same declarations. Invalidating moves the namespace (after commit) to a
new generation; an entry remembers the generations it was computed under and is recomputed
when they differ, so no stale entry is ever used. One round trip reads the generations
and the entry together. Entries also expire.

The cache is an optimisation, never a dependency: when Redis is down or slow (socket
timeouts are 1 s) the value is computed from the database and the page works. After a
failure the cache is left alone for a short while (a circuit breaker), so a dead Redis
costs one timeout, not one per request.

Within one request a value read once is kept in memory (a page may ask for the category
tree three times: its filter's choices, the filter itself, the cards); an invalidation
in the request forgets what it kept.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TIMEOUT = 600
_BACKOFF_SECONDS = 30.0
EVERYTHING = "*"  # a namespace every value depends on: forget_cached() bumps it
_forget_pending = False
_down_until = 0.0


_request = threading.local()  # .memo: {key: value} read in this request, None outside one


def _request_started(**kwargs) -> None:
    _request.memo = {}


def _request_finished(**kwargs) -> None:
    _request.memo = None


request_started.connect(_request_started, dispatch_uid="core.cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.cache.request_finished")


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(action: str) -> None:
    global _down_until
    _down_until = time.monotonic() + _BACKOFF_SECONDS
    logger.warning("Cache %s failed; computing from the database for a while", action)


def reset_backoff() -> None:
    global _down_until, _forget_pending
    _down_until = 0.0
    _forget_pending = False


def _generation_key(namespace: str) -> str:
    return f"gen:{connection.settings_dict['NAME']}:{namespace}"


def _names(namespace: str | tuple[str, ...]) -> tuple[str, ...]:
    return (namespace,) if isinstance(namespace, str) else tuple(namespace)


def _key(names: tuple[str, ...], scope: Iterable) -> str:
    parts = ":".join(str(part) for part in scope)
    return f"{'+'.join(names)}:{connection.settings_dict['NAME']}:{parts}"


def _read(wanted: list[tuple[tuple[str, ...], str]]) -> dict[str, tuple]:
    """For each (namespaces, key) of `wanted`: the namespaces' current generations and the
    entry at the key (None if there is none), all in one round trip. An entry is
    (generations it was computed under, value); a namespace never invalidated is 0."""
    generation_keys = {
        name: _generation_key(name) for names, _ in wanted for name in (*names, EVERYTHING)
    }
    found = cache.get_many([*generation_keys.values(), *(key for _, key in wanted)])
    return {
        key: (tuple(found.get(generation_keys[n], 0) for n in (*names, EVERYTHING)), found.get(key))
        for names, key in wanted
    }


def _fresh(generations: tuple, entry) -> bool:
    """Whether a cached entry was computed under the namespaces' current generations."""
    return entry is not None and entry[0] == generations


def cached(
    namespace: str | tuple[str, ...],
    scope: Iterable,
    compute: Callable[[], T],
    *,
    timeout=DEFAULT_TIMEOUT,
) -> T:
    """`compute()`, cached under `namespace` and `scope` (see the module's docstring).

    `namespace` may be several names: the value is then invalidated by any of them (e.g.
    a dashboard card that shows figures of several municipalities)."""
    return cached_many(namespace, [(scope, compute)], timeout=timeout)[0]


def cached_many(
    namespace: str | tuple[str, ...],
    items: list[tuple[Iterable, Callable[[], T]]],
    *,
    timeout=DEFAULT_TIMEOUT,
) -> list[T]:
    """`cached` for several values at once: one round trip reads the generations and all
    entries, one stores those that were missing or stale. `items` are (scope, compute)
    pairs; the values come back in order."""
    names = _names(namespace)
    keys = [_key(names, tuple(scope)) for scope, _compute in items]
    memo = getattr(_request, "memo", None)
    if memo is not None and all(key in memo for key in keys):
        return [memo[key] for key in keys]
    read = None
    if _available():
        _recover()
    if _available():
        try:
            read = _read([(names, key) for key in keys])
        except Exception:  # redis-py raises many kinds (connection, timeout, response)
            _failed("read")
    values, missing = [], {}
    for key, (_scope, compute) in zip(keys, items, strict=True):
        generations, entry = read[key] if read is not None else (None, None)
        if _fresh(generations, entry):
            values.append(entry[1])
            continue
        value = compute()
        values.append(value)
        if read is not None:
            missing[key] = (generations, value)
    if missing and _available():
        try:
            cache.set_many(missing, timeout=timeout)
        except Exception:
            _failed("write")
    if memo is not None:
        memo.update(zip(keys, values, strict=True))
    return values


def preload(*entries: tuple[str | tuple[str, ...], Iterable]) -> None:
    """Read several cached values, of any namespaces, in one round trip into the
    request's memo, so that the `cached` calls for them that follow need none. `entries`
    are (namespace, scope) pairs as those calls pass them; a value missing or stale is
    left to its `cached` call. Outside a request, or without Redis, it does nothing."""
    memo = getattr(_request, "memo", None)
    if memo is None or not _available():
        return
    _recover()
    wanted = []
    for namespace, scope in entries:
        names = _names(namespace)
        wanted.append((names, _key(names, tuple(scope))))
    try:
        read = _read(wanted)
    except Exception:
        _failed("read")
        return
    for key, (generations, entry) in read.items():
        if _fresh(generations, entry):
            memo[key] = entry[1]


def invalidate(*namespaces: str) -> None:
    """Let no cached value of the namespaces be read again, once the transaction commits."""
    names = tuple(dict.fromkeys(namespaces))
    if names:
        transaction.on_commit(lambda: _bump(names))


def _bump(names: tuple[str, ...]) -> None:
    """Move the namespaces to new generations. If Redis is down (or the circuit breaker
    is open) the invalidation is lost, so this process forgets every entry as soon as
    Redis answers again; entries also expire."""
    global _forget_pending
    if getattr(_request, "memo", None):
        _request.memo = {}
    if not _available():
        _forget_pending = True
        return
    try:
        for name in names:
            key = _generation_key(name)
            try:
                cache.incr(key)
            except ValueError:  # never invalidated before: generation 0 -> 1
                cache.set(key, 1, timeout=None)
    except Exception:
        _forget_pending = True
        _failed("invalidate")


def _recover() -> None:
    """After a lost invalidation, forget everything (once) before using the cache."""
    global _forget_pending
    if _forget_pending:
        _forget_pending = False
        _bump((EVERYTHING,))


def forget_cached() -> None:
    """Let no value cached for this database be used again (after loading data outside
    the services, e.g. the demo or a migration). Other databases sharing the Redis (e.g.
    parallel test workers) keep theirs."""
    _bump((EVERYTHING,))


def user_scope(user) -> tuple:
    """The scope of a card computed for one user: the user, the roles it was for and the
    language it is written in (cards are cached as HTML: core.registry.rendered)."""
    from django.utils.translation import get_language

    return (user.pk, *sorted(user.roles or ()), get_language())


# model -> the namespaces (names or functions of an object) its changes invalidate, as the
# apps' caching.py declare them with invalidate_on_change.
_DECLARED: dict[type, list] = {}


def invalidate_on_change(namespaces, *models) -> None:
    """Invalidate namespaces whenever an object of one of `models` is saved or deleted.
    `namespaces` is a name, or a function of the object giving the names (e.g. those of
    the municipalities it concerns). A model may also be a many-to-many field's link
    table (`Network.members.through`): then adding, removing or clearing links
    invalidates a name given as a string. Connect in an AppConfig.ready, so every
    process, workers included, does it."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(sender, instance, **kwargs) -> None:
        if kwargs.get("raw"):  # fixtures
            return
        names = [namespaces] if isinstance(namespaces, str) else namespaces(instance)
        invalidate(*names)

    def links_changed(sender, action, **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            invalidate(namespaces)

    label = namespaces if isinstance(namespaces, str) else namespaces.__qualname__
    for model in models:
        _DECLARED.setdefault(model, []).append(namespaces)
        uid = f"cache-{label}-{model._meta.label}"
        if model._meta.auto_created and isinstance(namespaces, str):
            m2m_changed.connect(links_changed, sender=model, weak=False, dispatch_uid=uid)
            continue
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-deleted")


def bulk_updated(model, rows: Iterable = ()) -> None:
    """Invalidate what saving each of `rows` (instances of `model`) would: for a
    `QuerySet.update()` or `bulk_create()`, which send no signal. Names declared as a
    string are invalidated even without rows. The declarations are the apps' caching.py."""
    rows = list(rows)
    for namespaces in _DECLARED.get(model, ()):
        if isinstance(namespaces, str):
            invalidate(namespaces)
            continue
        for row in rows:
            invalidate(*namespaces(row))
