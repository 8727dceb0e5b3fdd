"""The case's own entries on its timeline (stage moves, documents, Q&A, opening, award...)."""

from django.urls import reverse

from core.registry import TimelineEntry

from .models import CaseEvent


def entries(case, user) -> list[TimelineEntry]:
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
