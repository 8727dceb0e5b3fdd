"""The one way apps record and show history (django-pghistory).

Models are tracked with `@pghistory.track(...)`; database triggers write an event row for
every insert and update, bulk updates included. The acting user (and the request URL) is
attached by pghistory's middleware; services running outside a request wrap their work
in `acting_as(user, reason=...)`.

Who sees what of a history follows the strictest rule of the object, field by field
(`history_for_user`):

- Municipal users and the platform operator see the history of the objects `selector(user)`
  lets them see, except the fields `hidden_fields(user, obj)` names (the fields the object's
  page hides from them).
- Everyone else (suppliers, and any organisation kind that is not a municipality) sees no
  history of municipal objects at all: only objects `supplier_selector(user)` returns (their
  own answers, questions, profile, organisation), and of those only the `supplier_fields`.
  Who acted, and why, is shown only when it was someone of their own organisation.

A model registers with `register(Model, selector, ...)`; `/history/<app.model>/<pk>/`
answers 404 for anything else.
"""

from collections.abc import Callable, Collection
from contextlib import contextmanager
from dataclasses import dataclass

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class Registration:
    selector: Callable
    hidden_fields: Callable | None = None
    supplier_selector: Callable | None = None
    supplier_fields: frozenset[str] = frozenset()


_REGISTRY: dict[str, Registration] = {}


def register(
    model: type[models.Model],
    selector: Callable,
    *,
    hidden_fields: Callable | None = None,
    supplier_selector: Callable | None = None,
    supplier_fields: Collection[str] = (),
) -> None:
    """`selector(user)` returns the objects of `model` whose history a municipal user (or
    the operator) may open; `hidden_fields(user, obj)` the fields they must not see in it.
    `supplier_selector(user)` (default: none) the objects an outside user may open, of
    which they see only `supplier_fields`."""
    _REGISTRY[model._meta.label_lower] = Registration(
        selector=selector,
        hidden_fields=hidden_fields,
        supplier_selector=supplier_selector,
        supplier_fields=frozenset(supplier_fields),
    )


def registration_for(label: str) -> Registration | None:
    return _REGISTRY.get(label.lower())


def selector_for(label: str) -> Callable | None:
    registration = registration_for(label)
    return registration.selector if registration else None


def registered_labels() -> list[str]:
    return sorted(_REGISTRY)


def _is_inside(user) -> bool:
    """Municipal users and the platform operator; everyone else is outside."""
    return bool(user.is_municipal or user.is_platform_admin)


@contextmanager
def acting_as(user, *, reason: str = ""):
    """Attach who (and why) to every history event written inside the block."""
    context = {"user": getattr(user, "pk", None)}
    if reason:
        context["reason"] = reason
    with pghistory.context(**context):
        yield


def history_for_user(user, label: str, pk: int) -> tuple[models.Model, list[dict]]:
    """The object and its history as `user` may see it; Http404 when they may see none."""
    registration = registration_for(label)
    if registration is None or not user.is_authenticated:
        raise Http404
    model = apps.get_model(label)
    if _is_inside(user):
        obj = registration.selector(user).filter(pk=pk).first()
        if obj is None:
            raise Http404
        hidden = set(registration.hidden_fields(user, obj)) if registration.hidden_fields else set()
        return obj, events_for(obj, hidden=hidden)
    if registration.supplier_selector is None:
        raise Http404
    obj = registration.supplier_selector(user).filter(pk=pk).first()
    if obj is None or not isinstance(obj, model):
        raise Http404
    return obj, events_for(
        obj,
        only=registration.supplier_fields,
        actors_from=user.organization_id,
    )


def events_for(
    obj: models.Model,
    *,
    limit: int = 200,
    hidden: Collection[str] = (),
    only: Collection[str] | None = None,
    actors_from: int | None = None,
) -> list[dict]:
    """The object's history, newest first, with the acting user resolved (two queries).

    `hidden` leaves fields out; `only` (when given) keeps just those fields; `actors_from`
    (an organisation id) shows who acted and why only for people of that organisation."""
    from pghistory.models import Events

    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {
        (event.pgh_context or {}).get("user")
        for event in events
        if (event.pgh_context or {}).get("user")
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    shown = _field_filter(obj, hidden=hidden, only=only)
    rows = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        actor = users.get(context.get("user"))
        outside = actors_from is not None and (
            actor is None or actor.organization_id != actors_from
        )
        rows.append(
            {
                "when": event.pgh_created_at,
                "label": event.pgh_label,
                "user": None if outside else actor,
                "someone_else": outside and actor is not None,
                "reason": "" if outside else context.get("reason", ""),
                "url": "" if actors_from is not None else context.get("url", ""),
                "changes": [
                    {"field": key, "old": value[0], "new": value[1]}
                    for key, value in sorted(diff.items())
                    if shown(key)
                ],
            }
        )
    return rows


def _field_filter(obj, *, hidden, only) -> Callable[[str], bool]:
    """A field is named in a diff by its name or, for a foreign key, its column."""
    names = {}
    for field in obj._meta.concrete_fields:
        names[field.name] = field.name
        names[field.attname] = field.name
    hidden = set(hidden) | HIDDEN_FIELDS

    def shown(key: str) -> bool:
        name = names.get(key, key)
        if key in HIDDEN_FIELDS or name in hidden:
            return False
        return only is None or name in only

    return shown


HIDDEN_FIELDS = {"password", "token_hash", "updated_at", "search_vector"}
