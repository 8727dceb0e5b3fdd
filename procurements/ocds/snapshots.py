"""Store each OCDS release when its event happens, so it never changes afterwards."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from ..models import OcdsRelease, ProcurementCase
from . import builder

# The case event → the releases it issues.
TRANSITION_TAGS = {
    "tender": ("planning", "tender"),
    "contract": ("contract",),
    "follow_up": ("implementation",),
    "cancelled": ("tenderCancellation",),
}


def ocds_releases_store(*, case: ProcurementCase, tags, suffix: str = "") -> list[OcdsRelease]:
    """Freeze the releases ``tags`` of a published case as they read now.

    Called inside the transaction of the event (tender published, award decided, contract
    stage reached, follow-up begun, case cancelled). Idempotent: a tag already stored is
    kept as it was; a case whose tender was never published issues nothing (it is not open
    data). The release date is now, never earlier than the case's last release. A tag that
    may recur (``tenderAmendment``) gets a ``suffix`` naming its event.
    """
    fresh = builder.published_cases().filter(pk=case.pk).first()
    if fresh is None:
        return []
    stored = []
    latest = fresh.ocds_releases.aggregate(latest=Max("released_at"))["latest"]
    for tag in tags:
        when = timezone.now()
        if latest and latest > when:
            when = latest
        release_id = f"{builder.ocid_for(fresh)}-{builder.SUFFIXES.get(tag, tag)}{suffix}"
        release, _created = OcdsRelease.objects.get_or_create(
            case=fresh,
            release_id=release_id,
            defaults={
                "released_at": when,
                "tag": tag,
                "data": builder.build_release(fresh, tag, when, release_id=release_id),
            },
        )
        latest = max(latest or when, release.released_at)
        stored.append(release)
    return stored
