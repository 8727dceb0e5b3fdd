from datetime import timedelta

from django.utils import timezone

from dialogue.selectors import activity_counts_by_case
from procurements.services import procurement_create


def test_activity_counts_by_case_counts_kinds_and_published_rfis(officer, ystad):
    from dialogue.models import DialogueActivity, Rfi

    case = procurement_create(created_by=officer, title="Delning", lead_organization=ystad)
    other = procurement_create(created_by=officer, title="Annat", lead_organization=ystad)
    now = timezone.now()
    for kind in ("supplier_meeting", "supplier_meeting", "visit"):
        DialogueActivity.objects.create(
            case=case, kind=kind, title="Möte", starts_at=now, created_by=officer
        )
    Rfi.objects.create(
        case=case,
        title="RFI",
        background="b",
        need="n",
        deadline=now + timedelta(days=9),
        state="published",
        published_at=now,
        created_by=officer,
    )
    counts = activity_counts_by_case([case.pk, other.pk])
    assert other.pk not in counts
    assert sum(counts[case.pk].values()) == 4
