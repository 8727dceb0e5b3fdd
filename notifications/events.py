"""Event types people can choose how to hear about.

Apps may register theirs (`register_event("sharing.reservation_requested", _("..."),
default=Delivery.IMMEDIATE)`, e.g. at the top of their services.py) for a good label and
default; an event nobody registered still works: it is labelled by its app and key and
e-mailed at once unless the person chose otherwise.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .enums import Delivery

DEFAULT_KEY = "*"


@dataclass(frozen=True)
class EventType:
    key: str
    label: object
    default: str = Delivery.IMMEDIATE


_EVENTS: dict[str, EventType] = {}


def register_event(key: str, label, *, default: str = Delivery.IMMEDIATE) -> EventType:
    event = EventType(key=key, label=label, default=default)
    _EVENTS[key] = event
    return event


def event_type(key: str) -> EventType:
    if key in _EVENTS:
        return _EVENTS[key]
    return EventType(key=key, label=_humanize(key))


def registered_events() -> list[EventType]:
    return list(_EVENTS.values())


def _humanize(key: str) -> str:
    app_label, _sep, rest = key.partition(".")
    try:
        app_name = str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        app_name = app_label.capitalize()
    what = (rest or app_label).replace("_", " ").replace(".", " ")
    return f"{app_name}: {what}"


register_event("reports.done", _("A report you asked for is ready"))
register_event("reports.failed", _("A report you asked for could not be built"))
