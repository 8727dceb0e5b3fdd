from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from procurements import services
from procurements.enums import PhaseDecision, Procedure, ReviewStatus, Stage
from procurements.models import AwardDecision, Bid, Contract, ProcurementCase
from procurements.services.evaluation import evaluation_results
from tests.factories.procurements import (
    approve,
    award,
    decider_for,
    open_bids,
    publish,
    supplier_with_user,
    to_award,
)


@pytest.mark.parametrize(
    ("sent_on", "electronic", "ends"),
    [
        (date(2026, 3, 2), True, date(2026, 3, 12)),  # Monday + 10 = Thursday
        (date(2026, 3, 2), False, date(2026, 3, 17)),  # + 15
        (date(2026, 3, 4), True, date(2026, 3, 16)),  # ends Saturday -> Monday
        (date(2026, 12, 14), True, date(2026, 12, 28)),  # Christmas Eve -> after Christmas
        (date(2026, 6, 9), True, date(2026, 6, 22)),  # Midsummer Eve -> Monday
    ],
)
def test_standstill_end(sent_on, electronic, ends):
    assert services.standstill_end(sent_on, electronic=electronic) == ends


@pytest.fixture
def opened(case, officer, witness):
    tender = publish(case, officer)
    bids = []
    for name in ("Alfa AB", "Beta AB"):
        _org, user = supplier_with_user(name)
        bids.append(services.bid_submit(tender=tender, by=user, text=name, price_sek=10))
    open_bids(case, officer, witness)
    services.evaluator_declare(case=case, user=officer)  # officers declare too (#19)
    return [Bid.objects.get(pk=b.pk) for b in bids]


def test_scoring_requires_declaration(case, opened, officer, evaluator):
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    criterion = case.tender.criteria.first()
    with pytest.raises(ValidationError):
        services.score_record(
            bid=opened[0], criterion=criterion, evaluator=evaluator, score=3, justification="x"
        )
    services.evaluator_declare(case=case, user=evaluator)
    services.score_record(
        bid=opened[0], criterion=criterion, evaluator=evaluator, score=3, justification="x"
    )


def test_score_outside_scale_and_without_justification_is_refused(case, opened, officer, evaluator):
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    criterion = case.tender.criteria.first()
    for score in (6, -1, "x"):
        with pytest.raises(ValidationError) as exc:
            services.score_record(
                bid=opened[0],
                criterion=criterion,
                evaluator=evaluator,
                score=score,
                justification="x",
            )
        assert "score" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.score_record(
            bid=opened[0], criterion=criterion, evaluator=evaluator, score=2, justification=" "
        )
    assert not opened[0].scores.exists()


def test_weighted_totals_ranking_and_disagreement(case, opened, officer, evaluator, witness):
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    services.evaluator_assign(case=case, user=witness, by=officer)
    services.evaluator_declare(case=case, user=witness)
    effect, price = case.tender.criteria.all()  # 60 / 40, scale 0-5
    alfa, beta = opened
    for ev, a_effect, b_effect in ((evaluator, 5, 2), (witness, 3, 2)):
        services.score_record(
            bid=alfa, criterion=effect, evaluator=ev, score=a_effect, justification="j"
        )
        services.score_record(
            bid=beta, criterion=effect, evaluator=ev, score=b_effect, justification="j"
        )
    services.score_record(
        bid=alfa, criterion=price, evaluator=evaluator, score=1, justification="j"
    )
    services.score_record(
        bid=beta, criterion=price, evaluator=evaluator, score=5, justification="j"
    )
    results = evaluation_results(case.tender)
    by_bid = {r.bid.pk: r for r in results}
    # Alfa: effect mean 4 -> 60*4/5 = 48; price 1 -> 40*1/5 = 8; total 56.
    assert by_bid[alfa.pk].total == Decimal("56.00")
    # Beta: effect 2 -> 24; price 5 -> 40; total 64.
    assert by_bid[beta.pk].total == Decimal("64.00")
    assert [r.bid.pk for r in results] == [beta.pk, alfa.pk]
    assert by_bid[alfa.pk].disagreement and not by_bid[beta.pk].disagreement
    # The agreed score replaces the mean.
    services.agreed_score_record(
        bid=alfa, criterion=effect, by=officer, score=5, justification="enig"
    )
    assert {r.bid.pk: r.total for r in evaluation_results(case.tender)}[alfa.pk] == Decimal("68.00")


def test_failed_requirement_rejects_bid_with_reason(case, opened, officer):
    requirement = case.tender.requirements.get()
    with pytest.raises(ValidationError):
        services.requirement_check_record(
            bid=opened[0], requirement=requirement, by=officer, passed=False
        )
    services.requirement_check_record(
        bid=opened[0], requirement=requirement, by=officer, passed=False, note="Ingen F-skatt"
    )
    opened[0].refresh_from_db()
    assert "Ingen F-skatt" in opened[0].rejected_reason
    assert evaluation_results(case.tender)[-1].rank is None


def test_complete_evaluation_needs_agreed_scores(case, opened, officer):
    with pytest.raises(ValidationError):
        services.evaluation_complete(case=case, by=officer)
    case.refresh_from_db()
    assert case.evaluation_completed_at is None


def test_negotiation_rounds_follow_procedure(case, opened, officer):
    today = timezone.localdate()
    # Open procedure: no negotiation, but clarifications are fine.
    with pytest.raises(ValidationError):
        services.negotiation_round_log(
            case=case, bid=opened[0], by=officer, kind="negotiation", held_on=today, notes="x"
        )
    services.negotiation_round_log(
        case=case, bid=opened[0], by=officer, kind="clarification", held_on=today, notes="x"
    )
    ProcurementCase.objects.filter(pk=case.pk).update(procedure=Procedure.NEGOTIATED)
    case.refresh_from_db()
    for _ in range(2):
        services.negotiation_round_log(
            case=case, bid=opened[0], by=officer, kind="negotiation", held_on=today, notes="x"
        )
    with pytest.raises(ValidationError):
        services.negotiation_round_log(
            case=case, bid=opened[0], by=officer, kind="negotiation", held_on=today, notes="x"
        )


@pytest.fixture
def awarded(case, officer, witness, evaluator, mailoutbox, django_capture_on_commit_callbacks):
    bids = to_award(case, officer, witness, evaluator)
    with time_machine.travel(date(2026, 3, 4)):  # decided and sent that day
        approve(case, officer, "award", reasons="Bäst effekt", winning_bids=[bids[0]])
        with django_capture_on_commit_callbacks(execute=True):
            services.award_decide(case=case, by=officer, sent_on=date(2026, 3, 4))
    return bids


def test_award_sends_notice_to_every_bidder(case, awarded, mailoutbox):
    award = AwardDecision.objects.get(case=case)
    assert award.standstill_ends_on == date(2026, 3, 16)
    assert len(mailoutbox) == 2
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert all("Anbudsgivare 0 AB" in body for body in bodies.values())
    assert any("2026-03-16" in body or "16" in body for body in bodies.values())
    # Idempotent: a second run sends nothing more.
    services.award_notices_send(award.pk)
    assert len(mailoutbox) == 2


def test_award_refuses_foreign_or_rejected_winner(case, officer, witness, evaluator):
    bids = to_award(case, officer, witness, evaluator)
    with pytest.raises(ValidationError):
        award(case, officer, winning_bids=[], reasons="")
    Bid.objects.filter(pk=bids[1].pk).update(rejected_reason="x")
    bids[1].refresh_from_db()
    with pytest.raises(ValidationError):
        award(case, officer, winning_bids=[bids[1]], reasons="r")


def _sign(case, officer, bids):
    return services.contract_create(
        case=case,
        by=officer,
        title="Avtal",
        suppliers=[bids[0].supplier],
        signing_organizations=[officer.organization],
        value_sek=Decimal("500000"),
    )


def test_no_contract_during_standstill(case, awarded, officer, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 3, 16))
    with pytest.raises(ValidationError) as exc:
        _sign(case, officer, awarded)
    assert "2026-03-16" in exc.value.messages[0]
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 3, 17))
    assert _sign(case, officer, awarded).signed_on == date(2026, 3, 17)


def test_no_contract_while_review_pending(case, awarded, officer, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 4, 1))
    review = services.review_register(
        case=case, by=officer, applicant="Beta AB", filed_on=date(2026, 3, 10)
    )
    with pytest.raises(ValidationError):
        _sign(case, officer, awarded)
    with pytest.raises(ValidationError):
        services.procurement_transition(case=case, to_stage=Stage.CONTRACT, by=officer)
    services.review_decide(
        review=review, by=officer, status=ReviewStatus.REJECTED, outcome="Avslag"
    )
    _sign(case, officer, awarded)
    services.procurement_transition(case=case, to_stage=Stage.CONTRACT, by=officer)
    case.refresh_from_db()
    assert case.stage == Stage.CONTRACT


def test_contract_join_and_phases(case, awarded, officer, monkeypatch, trelleborg):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 4, 1))
    contract = services.contract_create(
        case=case,
        by=officer,
        title="Partnerskap",
        suppliers=[awarded[0].supplier],
        signing_organizations=[officer.organization],
        option_organizations=[trelleborg],
        option_deadline=date(2026, 12, 31),
        phases=["FoU", "Leverans"],
    )
    services.contract_join(contract=contract, organization=trelleborg, by=officer)
    assert set(contract.signing_organizations.all()) == {officer.organization, trelleborg}
    with pytest.raises(ValidationError):
        services.contract_join(contract=contract, organization=trelleborg, by=officer)
    first, second = contract.phases.all()
    decider = decider_for(case)
    with pytest.raises(ValidationError):
        services.contract_phase_decide(
            phase=second, by=decider, decision=PhaseDecision.GO, note="x"
        )
    services.contract_phase_decide(
        phase=first, by=decider, decision=PhaseDecision.GO, note="Bra prototyp"
    )


def test_contract_reminders_are_sent_once(case, awarded, officer, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 4, 1))
    contract = _sign(case, officer, awarded)
    Contract.objects.filter(pk=contract.pk).update(
        end_date=date(2026, 4, 20), option_deadline=date(2026, 4, 10)
    )
    ProcurementCase.objects.filter(pk=case.pk).update(stage=Stage.CONTRACT)
    assert services.contract_reminders_send(today=date(2026, 4, 1)) == 2
    assert services.contract_reminders_send(today=date(2026, 4, 1)) == 0
    reminders = ("procurements.contract_end", "procurements.option_deadline")
    assert officer.notifications.filter(event__in=reminders).count() == 2


def test_measurement_in_future_and_duplicate_refused(case, officer):
    indicator = services.effect_indicator_create(
        case=case, by=officer, name="Återbruk", baseline=0, target=10
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.effect_measurement_record(
            indicator=indicator, by=officer, measured_on=today + timedelta(days=1), value=1
        )
    services.effect_measurement_record(indicator=indicator, by=officer, measured_on=today, value=1)
    with pytest.raises(ValidationError):
        services.effect_measurement_record(
            indicator=indicator, by=officer, measured_on=today, value=2
        )
