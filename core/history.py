"""The one way apps record and show history (django-pghistory).

Models are tracked with `@pghistory.track(...)`; database triggers write an event row for
every insert and update, bulk updates included. The acting user (and the request URL) is
attached by pghistory's middleware; services running outside a request wrap their work
in `acting_as(user, reason=...)`. A model registers the selector that scopes it with
`register(Model, selector)`, and `/history/<app.model>/<pk>/` shows its events to whoever
that selector lets see the object.
"""

from collections.abc import Callable
from contextlib import contextmanager

import pghistory
from django.contrib.auth import get_user_model
from django.db import models

_SELECTORS: dict[str, Callable] = {}


def register(model: type[models.Model], selector: Callable) -> None:
    """`selector(user)` returns the queryset of `model` that `user` may see."""
    _SELECTORS[model._meta.label_lower] = selector


def selector_for(label: str) -> Callable | None:
    return _SELECTORS.get(label.lower())


@contextmanager
def acting_as(user, *, reason: str = ""):
    """Attach who (and why) to every history event written inside the block."""
    context = {"user": getattr(user, "pk", None)}
    if reason:
        context["reason"] = reason
    with pghistory.context(**context):
        yield


def events_for(obj: models.Model, *, limit: int = 200) -> list[dict]:
    """The object's history, newest first, with the acting user resolved (two queries)."""
    from pghistory.models import Events

    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {
        (event.pgh_context or {}).get("user")
        for event in events
        if (event.pgh_context or {}).get("user")
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        rows.append(
            {
                "when": event.pgh_created_at,
                "label": event.pgh_label,
                "user": users.get(context.get("user")),
                "reason": context.get("reason", ""),
                "url": context.get("url", ""),
                "changes": [
                    {"field": key, "old": value[0], "new": value[1]}
                    for key, value in sorted(diff.items())
                    if key not in HIDDEN_FIELDS
                ],
            }
        )
    return rows


HIDDEN_FIELDS = {"password", "token_hash", "updated_at", "search_vector"}
