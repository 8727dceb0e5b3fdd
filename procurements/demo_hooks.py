"""Demo data of other apps that belongs inside a procurement case's story (procurements
owns the registry; the apps above it fill it from their `AppConfig.ready()`).

`procurements.demo` runs the hooks of an event at its moment in the case, e.g.
`MARKET_DIALOGUE` while the case is in its dialogue stage, before the tender is published,
with the case and the demo-calendar days the event may use (`case`, `first_day`,
`last_day` for the market dialogue, see core/demo_clock.py). Nothing in procurements
imports those apps.
"""

from collections.abc import Callable

MARKET_DIALOGUE = "market_dialogue"

_HOOKS: dict[str, list[Callable[..., object]]] = {}


def register(event: str, hook: Callable[..., object]) -> None:
    """Run `hook(**context)` when the procurement demo reaches `event` (registering twice
    is once)."""
    hooks = _HOOKS.setdefault(event, [])
    if hook not in hooks:
        hooks.append(hook)


def run(event: str, **context) -> None:
    for hook in _HOOKS.get(event, []):
        hook(**context)
