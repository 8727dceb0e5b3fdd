"""OCDS export of a negotiated procedure: its steps as ``tender.milestones`` and, from the
award decision on, the counts of every opened step as ``bids.statistics`` (Bid statistics
and details extension). No count is in any release, record or bulk file made before the
award decision, and none before its two-person opening."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from procurements import services
from procurements.enums import OpeningKind, Procedure, Stage
from procurements.models import Bid, ParticipationRequest, Tender, TenderRound
from procurements.ocds.formatting import _dt
from tests.factories.procurements import (
    approve,
    award,
    make_case,
    open_bids,
    pdf_file,
    publish,
    supplier_with_user,
    to_award,
)
from tests.procurements.ocds_support import assert_cove_clean, assert_valid_package

SEALED_KEYS = ('"bids"', '"statistics"', "numberOfTenderers", '"tenderers"', '"tenderer"')


def _bodies(client) -> dict[str, str]:
    """The case's package, the record package and the bulk file, as published now."""
    out = {}
    for name in ("ocds-package", "ocds-records", "ocds-bulk"):
        args = [Tender.objects.get().case_id] if name == "ocds-package" else []
        response = client.get(reverse(f"procurements:{name}", args=args))
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        out[name] = content.decode()
    return out


def _assert_nothing_sealed(client) -> dict:
    """Before the award decision: no bids section, count or bidder anywhere (the package,
    the records with their compiled release, the bulk file)."""
    bodies = _bodies(client)
    for name, body in bodies.items():
        for key in SEALED_KEYS:
            assert key not in body, (name, key)
    package = json.loads(bodies["ocds-package"])
    assert_valid_package(package)
    return package


def _amend(tender, officer, note: str) -> None:
    """A document amendment: freezes a tenderAmendment release at this moment."""
    services.document_upload(
        tender=tender, by=officer, title=note, file=pdf_file(f"{note}.pdf"), reason=note
    )


def _last_amendment(package: dict) -> dict:
    release = package["releases"][-1]
    assert release["tag"] == ["tenderAmendment"]
    return release


def _milestones(release: dict) -> dict[str, dict]:
    return {m["id"]: m for m in release["tender"]["milestones"]}


def _statuses(release: dict) -> dict[str, str]:
    return {ident: m["status"] for ident, m in _milestones(release).items()}


def _open(kind, target, officer, witness):
    session = services.opening_start(kind=kind, target=target, by=officer)
    return services.opening_confirm(session=session, by=witness)


def _round(case, officer, decisions, *, is_final=False):
    return services.round_open(
        tender=case.tender,
        by=officer,
        deadline=timezone.now() + timedelta(days=5),
        is_final=is_final,
        decisions=decisions,
    )


def _close_round(tender_round) -> None:
    TenderRound.objects.filter(pk=tender_round.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    tender_round.refresh_from_db()


def _select(tender, officer, witness, people, *, passing: int) -> list[ParticipationRequest]:
    """Requests opened by two officials; the first `passing` pass and are invited."""
    Tender.objects.filter(pk=tender.pk).update(
        requests_deadline=timezone.now() - timedelta(minutes=1)
    )
    tender.refresh_from_db()
    _open(OpeningKind.REQUESTS, tender, officer, witness)
    requests = {r.supplier_id: r for r in ParticipationRequest.objects.filter(tender=tender)}
    invited = []
    for i, (org, _user) in enumerate(people):
        ok = i < passing
        services.request_assess(
            request=requests[org.pk], by=officer, passed=ok, reasons="Godkänd" if ok else "Nej"
        )
        invited += [requests[org.pk]] if ok else []
    Tender.objects.filter(pk=tender.pk).update(max_candidates=None)
    tender.refresh_from_db()
    return invited


def _score(case, officer, evaluator, bids) -> None:
    for bid in bids:
        for criterion in case.tender.criteria.all():
            services.score_record(
                bid=bid, criterion=criterion, evaluator=evaluator, score=4, justification="ok"
            )
            services.agreed_score_record(
                bid=bid, criterion=criterion, by=officer, score=4, justification="enig"
            )


def test_negotiated_case_publishes_its_steps_and_counts_only_from_the_award(
    db, client, officer, witness, evaluator, cove
):
    case = make_case(officer, procedure=Procedure.NEGOTIATED)
    tender = publish(case, officer)
    people = [supplier_with_user(f"Kandidat {i} AB") for i in range(3)]
    for org, user in people:
        services.request_submit(tender=tender, by=user, text=f"Referenser {org.name}")

    # Requests received but sealed: the amendment release has no count.
    _amend(tender, officer, "Före öppningen av ansökningar")
    package = _assert_nothing_sealed(client)
    tender_release = next(r for r in package["releases"] if r["tag"] == ["tender"])
    assert tender_release["tender"]["status"] == "active"
    assert _statuses(tender_release) == {
        "requests-deadline": "scheduled",
        "selection": "scheduled",
        "award-decision": "scheduled",
    }
    assert _statuses(_last_amendment(package))["requests-deadline"] == "scheduled"

    # Requests opened, candidates selected (two of three): still no count published.
    invited = _select(tender, officer, witness, people, passing=2)
    _amend(tender, officer, "Efter öppningen av ansökningar")
    after_opening = _last_amendment(_assert_nothing_sealed(client))
    assert _statuses(after_opening)["requests-deadline"] == "met"
    assert _statuses(after_opening)["selection"] == "scheduled"
    services.selection_decide(tender=tender, by=officer, invited=invited)
    tender.refresh_from_db()
    _amend(tender, officer, "Efter urvalet")
    after_selection = _last_amendment(_assert_nothing_sealed(client))
    assert _milestones(after_selection)["selection"]["dateMet"] == _dt(tender.selection_decided_at)

    # Initial tenders of the two candidates, opened; requirements checked.
    for org, user in people[:2]:
        services.bid_submit(tender=tender, by=user, text=f"Anbud {org.name}", price_sek=1000)
    open_bids(case, officer, witness)
    bids = [Bid.objects.get(tender=tender, supplier=org) for org, _user in people[:2]]
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    services.evaluator_declare(case=case, user=officer)
    for bid in bids:
        for requirement in tender.requirements.all():
            services.requirement_check_record(
                bid=bid, requirement=requirement, by=officer, passed=True
            )

    # Round 1: both continue, both revise; sealed until its opening.
    first = _round(case, officer, {org: (True, "Går vidare") for org, _u in people[:2]})
    for _org, user in people[:2]:
        services.round_tender_submit(tender_round=first, by=user, text="Reviderat", price_sek=900)
    _amend(tender, officer, "Förhandlingsrunda 1 pågår")
    in_round = _last_amendment(_assert_nothing_sealed(client))
    assert _statuses(in_round)["round-1"] == "scheduled"
    _close_round(first)
    _open(OpeningKind.ROUND, first, officer, witness)

    # Final tenders: one candidate continues and tenders.
    final = _round(
        case,
        officer,
        {people[0][0]: (True, "Bäst efter förhandling"), people[1][0]: (False, "För dyrt")},
        is_final=True,
    )
    services.round_tender_submit(tender_round=final, by=people[0][1], text="Slut", price_sek=800)
    _close_round(final)
    _open(OpeningKind.ROUND, final, officer, witness)
    _amend(tender, officer, "Slutliga anbud öppnade")
    _assert_nothing_sealed(client)

    _score(case, officer, evaluator, bids[:1])
    services.evaluation_complete(case=case, by=officer)
    services.procurement_transition(case=case, to_stage=Stage.AWARD, by=officer)
    case.refresh_from_db()
    approve(case, officer, "award", reasons="Bäst efter förhandling", winning_bids=bids[:1])
    decision = services.award_decide(case=case, by=officer)

    package = json.loads(_bodies(client)["ocds-package"])
    assert_valid_package(package)
    review = cove(package)
    assert_cove_clean(review, "package")
    # The extension is applied: `bids` is no unknown field, every measure a known code.
    assert review["additional_fields"] == []
    assert review["additional_open_codelist_values"] == {}
    releases = package["releases"]
    award_release = next(r for r in releases if r["tag"] == ["award"])
    assert award_release["tender"]["status"] == "complete"
    assert award_release["awards"][0]["date"] == _dt(decision.decided_at)
    statistics = award_release["bids"]["statistics"]
    assert [(s["id"], s["measure"], s["value"]) for s in statistics] == [
        ("requests", "requests", 3),
        ("qualifiedBidders", "qualifiedBidders", 2),
        ("bids", "bids", 2),
        ("bids-round-1", "bids", 2),
        ("bids-round-2", "bids", 1),
        ("validBids", "validBids", 1),
    ]
    notes = {s["id"]: s["notes"] for s in statistics}
    assert notes["bids-round-1"] == "Förhandlingsrunda 1: reviderade anbud"
    assert notes["bids-round-2"] == "Slutliga anbud"
    openings = {o.target_key: o.confirmed_at for o in case.openings.all()}
    assert {s["id"]: s["date"] for s in statistics}["bids-round-2"] == _dt(
        openings[f"round:{final.pk}"]
    )
    assert all(s["date"] <= award_release["date"] for s in statistics)
    milestones = _milestones(award_release)
    assert set(milestones) == {
        "requests-deadline",
        "selection",
        "round-1",
        "round-2",
        "award-decision",
    }
    assert {m["status"] for m in milestones.values()} == {"met"}
    assert milestones["award-decision"]["type"] == "approval"
    assert milestones["award-decision"]["dateMet"] == _dt(decision.decided_at)
    assert milestones["round-2"]["title"] == "Slutliga anbud – sista dag"

    # Every release before the award was frozen without counts; the candidate that was
    # not selected is named nowhere.
    before = releases[: releases.index(award_release)]
    assert len(before) == 7  # planning, tender and five amendments
    assert not any("bids" in r or "numberOfTenderers" in r.get("tender", {}) for r in before)
    assert "Kandidat 2 AB" not in json.dumps(package, ensure_ascii=False)

    # The records and the bulk file: the compiled release carries the statistics now.
    bodies = _bodies(client)
    records = json.loads(bodies["ocds-records"])
    assert_cove_clean(cove(records), "records")
    compiled = records["records"][0]["compiledRelease"]
    assert compiled["bids"]["statistics"] == statistics
    bulk = json.loads(bodies["ocds-bulk"])
    assert bulk["releases"] == releases


def test_cancelled_selection_leaves_its_steps_not_met_and_counts_unpublished(
    db, client, officer, witness
):
    case = make_case(officer, procedure=Procedure.COMPETITIVE_DIALOGUE)
    tender = publish(case, officer)
    _org, user = supplier_with_user("Hemlig Kandidat AB")
    services.request_submit(tender=tender, by=user, text="Referenser")
    approve(case, officer, "cancellation", reasons="Behovet försvann")
    services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Behovet försvann",
        lessons_learned="Tidigare dialog",
    )
    package = _assert_nothing_sealed(client)
    last = package["releases"][-1]
    assert last["tag"] == ["tenderCancellation"]
    assert last["tender"]["status"] == "cancelled"
    assert _statuses(last) == {
        "requests-deadline": "notMet",
        "selection": "notMet",
        "award-decision": "notMet",
    }
    assert "Hemlig Kandidat" not in json.dumps(package, ensure_ascii=False)


def test_open_procedure_counts_its_tenders_after_the_award(db, client, officer, witness, evaluator):
    case = make_case(officer)
    bids = to_award(case, officer, witness, evaluator, suppliers=2)
    award(case, officer, winning_bids=[bids[0]])
    package = json.loads(_bodies(client)["ocds-package"])
    assert_valid_package(package)
    award_release = next(r for r in package["releases"] if r["tag"] == ["award"])
    assert [(s["id"], s["value"], s["notes"]) for s in award_release["bids"]["statistics"]] == [
        ("bids", 2, "Anbud"),
        ("validBids", 2, "Giltiga anbud i den avslutade utvärderingen"),
    ]
    assert _statuses(award_release) == {"award-decision": "met"}
    tender_release = next(r for r in package["releases"] if r["tag"] == ["tender"])
    assert "bids" not in tender_release
    assert _statuses(tender_release) == {"award-decision": "scheduled"}
