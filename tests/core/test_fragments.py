"""Cached HTML carries the templates' identity; with DEBUG on nothing is cached."""

from django.utils.safestring import mark_safe

from core import fragments


def _rows(objects):
    return fragments.cached_fragments(
        "test:rows", "_pagination.html", objects, name="row", shown=lambda obj: (obj,)
    )


def test_fragment_key_carries_the_templates_identity(db, monkeypatch):
    renders = []
    monkeypatch.setattr(fragments, "mark_safe", lambda html: renders.append(1) or mark_safe(html))
    _rows([1, 2])
    _rows([1, 2])
    assert len(renders) == 2  # the second page came from the cache
    # A changed template (any of them) is another identity: rendered again, not served old.
    monkeypatch.setattr(fragments, "templates_identity", lambda: "another")
    _rows([1, 2])
    assert len(renders) == 4


def test_no_fragment_or_card_is_cached_with_debug_on(db, settings, monkeypatch):
    settings.DEBUG = True
    renders = []
    monkeypatch.setattr(fragments, "mark_safe", lambda html: renders.append(1) or mark_safe(html))
    _rows([1])
    _rows([1])
    assert len(renders) == 2
    calls = []
    for _ in range(2):
        fragments.cached_html("test:cards", ("x",), lambda: calls.append(1), timeout=60)
    assert len(calls) == 2


def test_templates_identity_covers_the_project_templates():
    fragments.templates_identity.cache_clear()
    first = fragments.templates_identity()
    assert len(first) == 16 and first == fragments.templates_identity()
