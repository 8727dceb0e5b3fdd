"""The steps of a procedure in a release: ``tender.milestones`` and ``bids.statistics``.

Milestones (OCDS core): the deadline for requests to participate, the selection of
candidates, each negotiation round's deadline for revised tenders (the last one for final
tenders) and the award decision, each as it stood at the release's moment: met, still
scheduled, or not met when the release is the cancellation. They carry no count, no
candidate and nothing of a round's notes.

Statistics (the Bid statistics and details extension, `formatting.BIDS_EXTENSION`): how
many requests, tenders, revised and final tenders were opened, read from the two-person
openings' protocols and dated at each opening; how many candidates met the selection
criteria and how many tenders stood valid in the completed evaluation. Only called for
releases from the award decision on: a sealed count is not published before the
decision (see `builder`), and none exists in the protocols before its opening anyway.
"""

import datetime as dt

from ..enums import BidStatus, OpeningStatus, Procedure, RequestStatus
from ..services.negotiation import round_key
from ..services.selection import requests_key
from .formatting import _dt, milestone
from .sections import _award_decided


def _status(done_at, when: dt.datetime, *, cancelled: bool) -> str:
    if done_at is not None and done_at <= when:
        return "met"
    return "notMet" if cancelled else "scheduled"


def _round_name(case, tender_round) -> str:
    if tender_round.is_final:
        return "Slutliga anbud"
    dialogue = case.procedure == Procedure.COMPETITIVE_DIALOGUE
    kind = "Dialogrunda" if dialogue else "Förhandlingsrunda"
    return f"{kind} {tender_round.number}: reviderade anbud"


def _deadline(ident: str, title: str, deadline, when, *, cancelled: bool) -> dict:
    """A submission deadline: met once it has passed."""
    return milestone(
        ident,
        title,
        "engagement",
        due=_dt(deadline),
        met=_dt(deadline),
        status=_status(deadline, when, cancelled=cancelled),
    )


def _decision(ident: str, title: str, kind: str, decided_at, when, *, cancelled: bool) -> dict:
    """A decision with no set date: met when taken."""
    status = _status(decided_at, when, cancelled=cancelled)
    return milestone(ident, title, kind, met=_dt(decided_at), status=status)


def tender_milestones(case, when: dt.datetime, *, cancelled: bool = False) -> list[dict]:
    """The procedure's steps as they stood at `when` (the release's moment)."""
    tender = case.tender
    milestones = []
    if case.procedure_rules.selection and tender.requests_deadline:
        milestones += [
            _deadline(
                "requests-deadline",
                "Sista dag för anbudsansökningar",
                tender.requests_deadline,
                when,
                cancelled=cancelled,
            ),
            _decision(
                "selection",
                "Urval av anbudssökande: beslut om vilka som bjuds in att lämna anbud",
                "assessment",
                tender.selection_decided_at,
                when,
                cancelled=cancelled,
            ),
        ]
    milestones += [
        _deadline(
            f"round-{r.number}",
            f"{_round_name(case, r)} – sista dag",
            r.deadline,
            when,
            cancelled=cancelled,
        )
        for r in tender.rounds.all()
        if r.created_at <= when
    ]
    award = getattr(case, "award", None)
    milestones.append(
        _decision(
            "award-decision",
            "Tilldelningsbeslut fattat av den som har delegation",
            "approval",
            award.decided_at if award is not None else None,
            when,
            cancelled=cancelled,
        )
    )
    return milestones


def _statistic(ident: str, measure: str, value: int, date, notes: str) -> dict:
    return {"id": ident, "measure": measure, "value": value, "date": _dt(date), "notes": notes}


def _opened(case) -> dict:
    """The confirmed openings of the case by their sealed set (`OpeningSession.target_key`)."""
    return {o.target_key: o for o in case.openings.all() if o.status == OpeningStatus.CONFIRMED}


def _selection_statistics(tender, opened: dict) -> list[dict]:
    statistics = []
    session = opened.get(requests_key(tender))
    if session is not None:
        statistics.append(
            _statistic(
                "requests",
                "requests",
                session.opened_count,
                session.confirmed_at,
                "Anbudsansökningar (ansökningar om att få lämna anbud), öppnade av två "
                "tjänstepersoner",
            )
        )
    if tender.selection_decided_at:
        assessed = [
            r.assessment
            for r in tender.participation_requests.all()
            if r.status == RequestStatus.SUBMITTED and hasattr(r, "assessment")
        ]
        invited = sum(1 for a in assessed if a.invited)
        statistics.append(
            _statistic(
                "qualifiedBidders",
                "qualifiedBidders",
                sum(1 for a in assessed if a.passed),
                tender.selection_decided_at,
                f"Anbudssökande som uppfyller kvalificeringskraven; {invited} inbjudna att "
                "lämna anbud",
            )
        )
    return statistics


def _tender_statistics(case, opened: dict) -> list[dict]:
    tender = case.tender
    statistics = []
    opening = getattr(tender, "opening", None)
    if opening is not None:
        stepwise = case.procedure_rules.selection or tender.rounds.all()
        statistics.append(
            _statistic(
                "bids",
                "bids",
                opening.bid_count,
                opening.opened_at,
                "Första anbud" if stepwise else "Anbud",
            )
        )
    for tender_round in tender.rounds.all():
        session = opened.get(round_key(tender_round))
        if session is not None:
            statistics.append(
                _statistic(
                    f"bids-round-{tender_round.number}",
                    "bids",
                    session.opened_count,
                    session.confirmed_at,
                    _round_name(case, tender_round),
                )
            )
    if case.evaluation_completed_at:
        valid = [
            b
            for b in tender.bids.all()
            if b.status == BidStatus.SUBMITTED and b.supplier_id and not b.is_rejected
        ]
        statistics.append(
            _statistic(
                "validBids",
                "validBids",
                len(valid),
                case.evaluation_completed_at,
                "Giltiga anbud i den avslutade utvärderingen",
            )
        )
    return statistics


def bid_statistics(case) -> list[dict]:
    """The counts of every opened step, for the releases from the award decision on."""
    if not _award_decided(case):
        return []
    opened = _opened(case)
    return _selection_statistics(case.tender, opened) + _tender_statistics(case, opened)
