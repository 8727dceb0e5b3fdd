"""HTML cached in Redis: list rows and cards rendered once, then read from the cache.

Every key carries the identity of the templates (`templates_identity`: a digest of every
template file the engine can load, computed once per process), so a changed template,
even an included one, is a new key and never serves old HTML. With DEBUG on nothing here
is cached: a template being edited shows at once.

- `cached_fragments`: a list's rows or cards; a fragment's key is also a digest of
  everything it shows (the caller's `shown(obj)`) and the language, so a changed object
  is a new key and nothing has to be invalidated. One round trip reads a page's
  fragments (core.cache.cached_many); without Redis they are rendered as usual.
- `cached_html`: a dashboard card (core.registry.rendered), under a namespace that the
  app's caching.py invalidates.
- `CachedRenderMixin`: a select's HTML as Django's own widget templates write it, kept
  under a digest of everything that goes into it (see the mixin).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import cached, cached_many

T = TypeVar("T")
TIMEOUT = 24 * 3600


@cache
def templates_identity() -> str:
    """A digest of every template file (name and content) of the Django engine's
    directories, the apps' and the libraries' included."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in engines["django"].template_dirs:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_html(namespace, scope: Iterable, compute: Callable[[], T], *, timeout) -> T:
    """`core.cache.cached` for rendered HTML: the templates' identity in the key; with
    DEBUG on, computed every time."""
    if settings.DEBUG:
        return compute()
    return cached(namespace, (*scope, templates_identity()), compute, timeout=timeout)


def cached_fragments(
    namespace: str,
    template_name: str,
    objects: Iterable,
    *,
    name: str,
    shown: Callable[[object], tuple],
) -> list[SafeString]:
    """`template_name` rendered with each object (as `name`), in order."""
    template = get_template(template_name)
    if settings.DEBUG:
        return [mark_safe(template.render({name: obj})) for obj in objects]
    language, identity = get_language(), templates_identity()

    def item(obj):
        digest = hashlib.blake2b(repr((shown(obj), language)).encode(), digest_size=16)
        return (
            (template_name, identity, digest.hexdigest()),
            lambda: mark_safe(template.render({name: obj})),
        )

    return cached_many(namespace, [item(obj) for obj in objects], timeout=TIMEOUT)


def _shown(choices) -> list:
    """Choices (optgroups included) as the strings they render as, lazy labels resolved."""
    return [
        (str(value), _shown(label) if isinstance(label, (list, tuple)) else str(label))
        for value, label in choices
    ]


class CachedRenderMixin:
    """A choice widget whose HTML, written by Django's own templates, is kept in the
    cache: Django renders two templates per option, and a facet of 290 municipalities
    then costs more than the rest of the page. The key is a digest of every input of
    Django's rendering (the widget's class, name, value, final attributes, every choice's
    value and label as shown, the language) and the templates' identity, so it can never
    show other HTML than Django would; nothing has to be invalidated."""

    def render(self, name, value, attrs=None, renderer=None):
        def html():
            return super(CachedRenderMixin, self).render(name, value, attrs, renderer)

        if settings.DEBUG:
            return html()
        inputs = (
            type(self).__qualname__,
            name,
            value,
            sorted(self.build_attrs(self.attrs, attrs).items()),
            _shown(self.choices),
            get_language(),
        )
        digest = hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()
        key = ("widget", templates_identity(), digest)
        return cached_many("core:widgets", [(key, lambda: mark_safe(html()))], timeout=TIMEOUT)[0]
