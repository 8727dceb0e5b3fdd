"""Sections other apps add to a case's OCDS releases (procurements owns the registry; the
apps above it fill it from their `AppConfig.ready()`, so procurements imports none of
them).

A contributor is `contributor(case, tag, release) -> None`: it adds to `release` (a dict
being built for the release `tag` of `case`, e.g. milestones of its `planning`), in
Swedish, and must not read bids or bidders (the builder's sealing rules hold for it too).
"""

from collections.abc import Callable

Contributor = Callable[[object, str, dict], None]

_CONTRIBUTORS: list[Contributor] = []


def register(contributor: Contributor) -> None:
    """Add `contributor` to every release built (registering twice is once)."""
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)


def contribute(case, tag: str, release: dict) -> None:
    for contributor in _CONTRIBUTORS:
        contributor(case, tag, release)
