"""Demo data of other apps that belongs inside a procurement case's story (procurements
owns the registry; the apps above it fill it from their `AppConfig.ready()`).

`procurements.demo` runs the hooks of an event at its moment in the case, e.g.
`MARKET_DIALOGUE` while the case is in its dialogue stage, before the tender is published.
Nothing in procurements imports those apps.
"""

from collections.abc import Callable

MARKET_DIALOGUE = "market_dialogue"

_HOOKS: dict[str, list[Callable[[], object]]] = {}


def register(event: str, hook: Callable[[], object]) -> None:
    """Run `hook()` when the procurement demo reaches `event` (registering twice is once)."""
    hooks = _HOOKS.setdefault(event, [])
    if hook not in hooks:
        hooks.append(hook)


def run(event: str) -> None:
    for hook in _HOOKS.get(event, []):
        hook()
