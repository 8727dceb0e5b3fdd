"""The releases of a case: one per stage reached, stored as snapshots when they happened."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from ..enums import OpeningStatus, Stage
from ..models import (
    Bid,
    Contract,
    ContractPhase,
    EffectIndicator,
    OpeningSession,
    ParticipationRequest,
    ProcurementCase,
)
from . import contributors
from .awards import _awards, _contracts
from .formatting import _clean, _dt, _reached, _release_moment, ocid_for
from .parties import _Parties
from .sections import _planning, _tender
from .steps import bid_statistics, tender_milestones


def published_cases() -> QuerySet[ProcurementCase]:
    """Cases whose tender has been published: the open-data set (public, no login)."""
    return (
        ProcurementCase.objects.filter(tender__published_at__isnull=False)
        .select_related("lead_organization", "tender", "tender__opening", "award")
        .prefetch_related(
            "participating_organizations",
            "needs",
            "challenges",
            "cpv_codes",
            "tender__criteria",
            "tender__requirements",
            "tender__documents__versions",
            "tender__questions",
            "tender__rounds",
            Prefetch(
                "tender__participation_requests",
                queryset=ParticipationRequest.objects.select_related("assessment"),
            ),
            Prefetch(
                "openings", queryset=OpeningSession.objects.filter(status=OpeningStatus.CONFIRMED)
            ),
            Prefetch("tender__bids", queryset=Bid.objects.select_related("supplier")),
            Prefetch("award__winning_bids", queryset=Bid.objects.select_related("supplier")),
            Prefetch(
                "contracts",
                queryset=Contract.objects.order_by("created_at", "pk").prefetch_related(
                    "suppliers",
                    "signing_organizations",
                    Prefetch("phases", queryset=ContractPhase.objects.order_by("order")),
                ),
            ),
            Prefetch(
                "indicators",
                queryset=EffectIndicator.objects.prefetch_related("measurements"),
            ),
            "follow_up_meetings",
            "ocds_releases",
        )
        .order_by("pk")
    )


def listed_cases() -> QuerySet[ProcurementCase]:
    """The published cases for an index (no sections loaded)."""
    return (
        ProcurementCase.objects.filter(tender__published_at__isnull=False)
        .select_related("lead_organization", "tender")
        .order_by("pk")
    )


def case_releases(case: ProcurementCase) -> list[dict]:
    """The releases of one case whose tender is published, oldest first.

    The stored snapshots (``OcdsRelease``, written when each event happened) are served as
    they were written. A stage reached before snapshots were stored (older data) is built
    from the current data, dated at the moment the stage was reached.
    """
    stored = sorted(case.ocds_releases.all(), key=lambda r: (r.released_at, r.pk))
    stored_tags = {r.tag for r in stored}
    releases = [r.data for r in stored]
    if not set(_expected_tags(case)) <= stored_tags:
        with translation.override("sv"):
            live = [r for r in _case_releases(case) if r["tag"][0] not in stored_tags]
        releases = sorted([*releases, *live], key=_release_moment)
    return releases


def _expected_tags(case) -> list[str]:
    tags = ["planning", "tender"]
    if getattr(case, "award", None) is not None:
        tags.append("award")
    contracts = list(case.contracts.all())
    if contracts:
        tags.append("contract")
        if _reached(case, Stage.FOLLOW_UP):
            tags.append("implementation")
    if case.stage == Stage.CANCELLED:
        tags.append("tenderCancellation")
    return tags


SUFFIXES = {"tenderCancellation": "cancellation"}


def build_release(
    case: ProcurementCase, tag: str, when: dt.datetime, *, release_id: str = ""
) -> dict:
    """One release of the case as it stands now, dated ``when`` (for a snapshot)."""
    with translation.override("sv"):
        release = _release(case, tag, when)
    if release_id:
        release["id"] = release_id
    return release


def _case_releases(case) -> list[dict]:
    stages: list[tuple[str, object]] = [("planning", case.created_at)]
    stages.append(("tender", case.tender.published_at))
    award = getattr(case, "award", None)
    contracts = list(case.contracts.all())
    if award is not None:
        stages.append(("award", award.decided_at))
    if contracts:
        first = min(
            (
                timezone.make_aware(dt.datetime.combine(c.signed_on, dt.time(12)))
                if c.signed_on
                else c.created_at
            )
            for c in contracts
        )
        stages.append(("contract", max(first, award.decided_at) if award else first))
    if "implementation" in _expected_tags(case):
        stages.append(("implementation", case.stage_changed_at or case.updated_at))
    if case.stage == Stage.CANCELLED:
        stages.append(("tenderCancellation", case.ended_at or case.updated_at))

    releases = []
    previous = None
    for tag, when in stages:
        when = max(when, previous) if previous else when  # releases never go back in time
        previous = when
        releases.append(_release(case, tag, when))
    return releases


def _release(case, tag: str, when) -> dict:
    ocid = ocid_for(case)
    award = getattr(case, "award", None)
    contracts = list(case.contracts.all())
    parties = _Parties()
    buyer = parties.add(case.lead_organization, "buyer")
    for org in case.participating_organizations.all():
        parties.add(org, "buyer")
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{SUFFIXES.get(tag, tag)}",
        "date": _dt(when),
        "tag": [tag],
        "initiationType": "tender",
        "language": "sv",
        "buyer": buyer,
    }
    if tag == "planning":
        release["planning"] = _planning(case)
    else:
        release["tender"] = _tender(case, parties, bidders=tag != "tender")
        release["tender"]["milestones"] = tender_milestones(
            case, when, cancelled=tag == "tenderCancellation"
        )
        if tag == "tenderCancellation":
            release["tender"]["description"] = case.cancellation_reason
    if tag in ("award", "contract", "implementation") or (
        tag == "tenderCancellation" and award is not None
    ):
        release["awards"] = _awards(case, parties)
        release["bids"] = {"statistics": bid_statistics(case)}
    if tag in ("contract", "implementation") or (tag == "tenderCancellation" and contracts):
        release["contracts"] = _contracts(case, parties, implementation=tag == "implementation")
    contributors.contribute(case, tag, release)
    release["parties"] = parties.as_list()
    return _clean(release)
