"""The market dialogue in a case's OCDS planning release: every published RFI and every
dialogue activity (meetings, demos ...) of the case or its challenges, as milestones.
Registered with `procurements.ocds.contributors` (see `receivers.connect`)."""

from django.db.models import Q
from django.utils import timezone

from .enums import RfiState
from .models import DialogueActivity, Rfi


def _iso(value) -> str | None:
    from procurements.ocds.formatting import iso

    return iso(value)


def dialogue_of_case(case) -> tuple[list[Rfi], list[DialogueActivity]]:
    """The case's published RFIs and its dialogue activities, oldest first."""
    anchor = Q(case=case) | Q(challenge__in=[c.pk for c in case.challenges.all()])
    rfis = list(
        Rfi.objects.filter(anchor, state=RfiState.PUBLISHED, published_at__isnull=False).order_by(
            "deadline", "pk"
        )
    )
    activities = list(DialogueActivity.objects.filter(anchor).order_by("starts_at", "pk"))
    return rfis, activities


def dialogue_milestones(case) -> list[dict]:
    """The planning milestones of the market dialogue (in Swedish, like the release)."""
    rfis, activities = dialogue_of_case(case)
    now = timezone.now()
    milestones = []
    for rfi in rfis:
        milestones.append(
            {
                "id": f"rfi-{rfi.pk}",
                "title": f"Marknadsdialog – förfrågan om information (RFI): {rfi.title}",
                "description": rfi.need,
                "type": "preProcurement",
                "dueDate": _iso(rfi.deadline),
                "dateMet": _iso(rfi.deadline) if rfi.deadline <= now else None,
                "status": "met" if rfi.deadline <= now else "scheduled",
            }
        )
    for activity in activities:
        held = activity.starts_at <= now
        milestones.append(
            {
                "id": f"dialogue-{activity.pk}",
                "title": f"Marknadsdialog – {activity.get_kind_display()}: {activity.title}",
                "description": activity.purpose,
                "type": "engagement",
                "dueDate": _iso(activity.starts_at),
                "dateMet": _iso(activity.starts_at) if held else None,
                "status": "met" if held else "scheduled",
            }
        )
    return milestones


def contribute(case, tag: str, release: dict) -> None:
    """Add the market dialogue to the planning release."""
    if tag != "planning":
        return
    release.setdefault("planning", {}).setdefault("milestones", []).extend(
        dialogue_milestones(case)
    )
