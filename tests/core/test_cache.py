"""core.cache: cached aggregates carry their scope, are invalidated after commit, and the
app keeps working when Redis is down."""

import time

import pytest

from core import cache as samverka_cache

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens there
        "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
    }
}


class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_value_is_computed_once_per_scope(db):
    ystad, skurup = Counter({"sek": 10}), Counter({"sek": 99})
    for _ in range(3):
        assert samverka_cache.cached("test:impact", (1,), ystad) == {"sek": 10}
        assert samverka_cache.cached("test:impact", (2,), skurup) == {"sek": 99}
    assert (ystad.calls, skurup.calls) == (1, 1)


def test_invalidate_takes_effect_after_commit(db, django_capture_on_commit_callbacks):
    first, second = Counter(1), Counter(2)
    assert samverka_cache.cached("test:n", ("x",), first) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        samverka_cache.invalidate("test:n")
    # Not yet committed: the old value still stands.
    assert samverka_cache.cached("test:n", ("x",), second) == 1
    for callback in callbacks:
        callback()
    assert samverka_cache.cached("test:n", ("x",), second) == 2
    assert second.calls == 1


def test_without_redis_values_are_computed_and_redis_is_not_retried_at_once(db, settings):
    settings.CACHES = DEAD_REDIS
    counter = Counter("fresh")
    started = time.monotonic()
    for _ in range(20):
        assert samverka_cache.cached("test:down", (1,), counter) == "fresh"
    samverka_cache.invalidate("test:down")  # must not raise either
    assert counter.calls == 20
    # One failed attempt (0.2 s timeouts), then the circuit breaker skips Redis.
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("path", ["/sharing/?q=skrivbord&mode=lend", "/"])
def test_pages_work_when_redis_is_down(client, staff, settings, path):
    settings.CACHES = DEAD_REDIS
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200


def test_cached_many_reads_and_stores_in_one_go(db, django_assert_max_num_queries):
    a, b = Counter("A"), Counter("B")
    assert samverka_cache.cached_many("test:many", [((1,), a), ((2,), b)]) == ["A", "B"]
    again = [((2,), b), ((1,), a), ((3,), Counter("C"))]
    assert samverka_cache.cached_many("test:many", again) == ["B", "A", "C"]
    assert (a.calls, b.calls) == (1, 1)


def test_cached_many_without_redis_computes(db, settings):
    settings.CACHES = DEAD_REDIS
    a = Counter("A")
    assert samverka_cache.cached_many("test:many", [((1,), a), ((1,), a)]) == ["A", "A"]
    assert a.calls == 2


def test_invalidate_on_change_follows_saves_and_deletes(db, django_capture_on_commit_callbacks):
    from organizations.models import Network

    samverka_cache.invalidate_on_change("test:networks", Network)

    def names():
        return samverka_cache.cached(
            "test:networks",
            ("all",),
            lambda: sorted(Network.objects.values_list("name", flat=True)),
        )

    before = names()
    with django_capture_on_commit_callbacks(execute=True):
        network = Network.objects.create(name="Kustnätverket", slug="kust")
    assert names() == sorted([*before, "Kustnätverket"])
    with django_capture_on_commit_callbacks(execute=True):
        network.delete()
    assert names() == before


def test_an_invalidation_lost_while_redis_was_down_is_made_up_for(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    old, new = Counter("old"), Counter("new")
    assert samverka_cache.cached("test:lost", (1,), old) == "old"
    redis = settings.CACHES
    settings.CACHES = DEAD_REDIS
    with django_capture_on_commit_callbacks(execute=True):
        samverka_cache.invalidate("test:lost")  # cannot reach Redis: lost
    settings.CACHES = redis
    monkeypatch.setattr(samverka_cache, "_down_until", 0.0)  # Redis is back
    assert samverka_cache.cached("test:lost", (1,), new) == "new"


def test_within_a_request_a_value_is_read_once_and_an_invalidation_forgets_it(
    db, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.core.signals import request_finished, request_started

    first, second = Counter(1), Counter(2)
    samverka_cache.cached("test:memo", ("x",), first)  # in Redis now
    request_started.send(sender=None)
    try:
        with mock.patch.object(samverka_cache, "_read", wraps=samverka_cache._read) as reads:
            for _ in range(3):
                assert samverka_cache.cached("test:memo", ("x",), second) == 1
            assert reads.call_count == 1
            with django_capture_on_commit_callbacks(execute=True):
                samverka_cache.invalidate("test:memo")
            assert samverka_cache.cached("test:memo", ("x",), second) == 2
    finally:
        request_finished.send(sender=None)
    assert samverka_cache._request.memo is None  # outside a request nothing is kept


def test_preload_reads_several_namespaces_in_one_round_trip(db, django_capture_on_commit_callbacks):
    from unittest import mock

    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    samverka_cache.cached("test:a", ("x",), Counter("a"))
    samverka_cache.cached(("test:b", "test:c"), ("y",), Counter("b"))
    with django_capture_on_commit_callbacks(execute=True):
        samverka_cache.invalidate("test:c")  # "b" is stale now
    fresh_b = Counter("b2")
    request_started.send(sender=None)
    try:
        with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
            samverka_cache.preload(("test:a", ("x",)), (("test:b", "test:c"), ("y",)))
            assert reads.call_count == 1
            assert samverka_cache.cached("test:a", ("x",), Counter("never")) == "a"
            assert reads.call_count == 1  # from the preload
            assert samverka_cache.cached(("test:b", "test:c"), ("y",), fresh_b) == "b2"
            assert fresh_b.calls == 1  # a stale entry is not preloaded
    finally:
        request_finished.send(sender=None)
    samverka_cache.preload(("test:a", ("x",)))  # outside a request: nothing, no error
