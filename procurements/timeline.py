"""A procurement case's timeline: the case's own entries (stage moves, documents, Q&A,
opening, award...) and what apps above procurements add to it.

An app that depends on procurements (the market dialogue, design sprints) registers a
source from its `AppConfig.ready()` with `register_source(entries)`, where
`entries(case, user) -> list[TimelineEntry]` returns only what the user may see;
`case_timeline` merges them, newest first. With no source registered a case shows its
own entries only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .models import CaseEvent


@dataclass(frozen=True)
class TimelineEntry:
    when: Any  # an aware datetime
    title: str
    kind: str  # a short key, e.g. "stage", "dialogue", "question"
    actor: str = ""
    detail: str = ""
    url: str = ""


_sources: list[Callable] = []


def register_source(source: Callable) -> None:
    if source not in _sources:
        _sources.append(source)


def case_timeline(case, user) -> list[TimelineEntry]:
    """Every entry of the case the user may see, newest first."""
    entries = own_entries(case, user)
    for source in _sources:
        entries.extend(source(case, user))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def own_entries(case, user) -> list[TimelineEntry]:
    from .selectors import procurements_for_user

    if not procurements_for_user(user).filter(pk=case.pk).exists():
        return []
    url = reverse("procurements:case-detail", kwargs={"pk": case.pk})
    return [
        TimelineEntry(
            when=event.created_at,
            title=event.text,
            kind=event.get_kind_display(),
            actor=str(event.actor) if event.actor else "",
            detail=event.detail,
            url=url if event.kind != "stage" else "",
        )
        for event in CaseEvent.objects.filter(case=case).select_related("actor")
    ]
