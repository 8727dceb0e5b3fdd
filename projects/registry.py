"""What apps above projects add to a project, without projects importing them.

The arena (which depends on projects) registers, from its `AppConfig.ready()`, where a
project's events and their participant counts come from; the close-out report reads them
through `project_events`. With no source registered a project simply has no events.
"""

from collections.abc import Callable

_event_sources: list[Callable] = []


def register_event_source(source: Callable) -> None:
    """`source(user, project)` returns the project's events the user may see, each with
    `title`, `starts_at`, `registered_count` and `attended_count`."""
    if source not in _event_sources:
        _event_sources.append(source)


def project_events(user, project) -> list:
    events = [event for source in _event_sources for event in source(user, project)]
    return sorted(events, key=lambda event: event.starts_at)
