"""The authorised decision: proposal by the officer, decision by the delegation holder."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from procurements import services
from procurements.enums import DecisionKind, DecisionStatus, Stage
from procurements.models import AwardDecision, CaseEvent, DecisionProposal
from tests.factories.organizations import UserFactory
from tests.factories.procurements import approve, decider_for, publish, to_award


@pytest.fixture
def bids(case, officer, witness, evaluator):
    return to_award(case, officer, witness, evaluator)


@pytest.fixture
def decider(case):
    return decider_for(case)


def propose(case, officer, bids, **kwargs):
    return services.decision_propose(
        case=case,
        kind=DecisionKind.AWARD,
        by=officer,
        reasons=kwargs.pop("reasons", "Bäst"),
        winning_bids=kwargs.pop("winning_bids", [bids[0]]),
    )


def test_no_award_notice_without_an_approved_decision(case, bids, officer, decider):
    with pytest.raises(ValidationError):
        services.award_decide(case=case, by=officer)
    propose(case, officer, bids)
    with pytest.raises(ValidationError):
        services.award_decide(case=case, by=officer)
    assert not AwardDecision.objects.exists()


def test_proposal_needs_a_named_decision_maker(case, bids, officer):
    with pytest.raises(ValidationError):
        propose(case, officer, bids)


def test_proposal_refused_for_non_officers_and_bad_winners(
    case, bids, officer, decider, evaluator, neighbour
):
    for user in (evaluator, neighbour):
        with pytest.raises(ValidationError):
            propose(case, user, bids)
    with pytest.raises(ValidationError):
        propose(case, officer, bids, winning_bids=[])
    with pytest.raises(ValidationError):
        propose(case, officer, bids, reasons=" ")
    assert not DecisionProposal.objects.exists()


def test_holder_cannot_prepare_a_proposal_they_would_decide(case, bids, decider):
    with pytest.raises(ValidationError):
        propose(case, decider, bids)


def test_approval_by_the_holder_then_the_notice(
    case, bids, officer, decider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose(case, officer, bids)
    waiting = Notification.objects.filter(event="procurements.decision")
    assert list(waiting.values_list("recipient", flat=True)) == [decider.pk]
    assert proposal.basis["ranking"][0]["supplier"] == bids[0].supplier.name
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_transition(proposal=proposal, to_status="approved", by=decider)
    assert Notification.objects.filter(recipient=officer).exists()
    award = services.award_decide(case=case, by=officer)
    assert (award.decided_by, award.proposal, list(award.winning_bids.all())) == (
        decider,
        proposal,
        [bids[0]],
    )
    kinds = list(CaseEvent.objects.filter(case=case, kind="decision").values_list("summary"))
    assert len(kinds) == 3  # named, proposed, approved


def test_decision_maker_cannot_approve_own_proposal(case, bids, officer):
    """Even when the officer is the holder of the named delegation."""
    from procurements.models import DelegationEntry

    admin = UserFactory(organization=case.lead_organization, roles=["admin"])
    delegation = services.delegation_add(
        organization=case.lead_organization, role_title="Chef", holder=officer, by=admin
    )
    services.case_delegation_set(case=case, delegation=delegation, by=officer)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        propose(case, officer, bids)  # refused up front
    colleague = UserFactory(organization=case.lead_organization, roles=["officer"])
    proposal = propose(case, colleague, bids)
    # the proposer is refused even when the holder changes to them
    DelegationEntry.objects.filter(pk=delegation.pk).update(holder=colleague)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.decision_transition(proposal=proposal, to_status="approved", by=colleague)


def test_database_refuses_a_decision_by_the_proposer(case, bids, officer, decider):
    proposal = propose(case, officer, bids)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionProposal.objects.filter(pk=proposal.pk).update(
            status=DecisionStatus.APPROVED, decided_by=officer, decided_at=timezone.now()
        )


def test_others_cannot_decide(case, bids, officer, decider, witness, evaluator, platform_admin):
    proposal = propose(case, officer, bids)
    for user in (witness, evaluator, platform_admin):
        with pytest.raises(ValidationError):
            services.decision_transition(proposal=proposal, to_status="approved", by=user)
    proposal.refresh_from_db()
    assert proposal.status == DecisionStatus.PROPOSED


def test_send_back_needs_a_reason_and_allows_a_new_proposal(case, bids, officer, decider):
    proposal = propose(case, officer, bids)
    with pytest.raises(ValidationError):
        services.decision_transition(proposal=proposal, to_status="sent_back", by=decider)
    services.decision_transition(
        proposal=proposal, to_status="sent_back", by=decider, note="Motivera bättre"
    )
    with pytest.raises(ValidationError):
        services.decision_transition(proposal=proposal, to_status="approved", by=decider)
    with pytest.raises(ValidationError):
        services.award_decide(case=case, by=officer)
    again = propose(case, officer, bids, reasons="Utförligare skäl")
    services.decision_transition(proposal=again, to_status="approved", by=decider)
    assert services.award_decide(case=case, by=officer).reasons == "Utförligare skäl"


def test_second_live_proposal_is_refused(case, bids, officer, decider):
    propose(case, officer, bids)
    with pytest.raises(ValidationError):
        propose(case, officer, bids)


def test_withdraw_by_officer_only(case, bids, officer, decider, neighbour):
    proposal = propose(case, officer, bids)
    with pytest.raises(ValidationError):
        services.decision_transition(proposal=proposal, to_status="withdrawn", by=neighbour)
    services.decision_transition(proposal=proposal, to_status="withdrawn", by=officer)
    with pytest.raises(ValidationError):
        services.decision_transition(proposal=proposal, to_status="approved", by=decider)


def test_value_limit_of_the_delegation(case, bids, officer, decider):
    case.decision_delegation.max_value_sek = Decimal(10)
    case.decision_delegation.save()
    case.estimated_value_sek = Decimal(1000)
    case.save()
    with pytest.raises(ValidationError):
        propose(case, officer, bids)


def test_delegation_must_be_of_the_lead_municipality(case, officer, trelleborg):
    other_admin = UserFactory(organization=trelleborg, roles=["admin"])
    foreign = services.delegation_add(
        organization=trelleborg,
        role_title="Chef",
        holder=UserFactory(organization=trelleborg, roles=["officer"]),
        by=other_admin,
    )
    with pytest.raises(ValidationError):
        services.case_delegation_set(case=case, delegation=foreign, by=officer)


def test_delegation_list_kept_by_the_municipality_admins(officer, ystad):
    with pytest.raises(ValidationError):
        services.delegation_add(organization=ystad, role_title="Chef", holder=officer, by=officer)


def test_published_case_cancelled_only_on_approved_decision(case, officer):
    publish(case, officer)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.procurement_transition(
            case=case,
            to_stage=Stage.CANCELLED,
            by=officer,
            cancellation_reason="Inga pengar",
            lessons_learned="Budget först",
        )
    approve(case, officer, DecisionKind.CANCELLATION, reasons="Inga pengar")
    case = services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Inga pengar",
        lessons_learned="Budget först",
    )
    assert case.stage == Stage.CANCELLED


def test_unpublished_case_is_cancelled_without_a_decision(case, officer):
    case = services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Behovet försvann",
        lessons_learned="Förankra tidigt",
    )
    assert case.stage == Stage.CANCELLED


# --- Pages -------------------------------------------------------------------------


def test_decision_page_outsider_404_staff_403_evaluator_reads(
    client, case, bids, officer, decider, outsider, neighbour, evaluator, platform_admin
):
    proposal = propose(case, officer, bids)
    page = reverse("procurements:decision-detail", args=[proposal.pk])
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    for user in (neighbour, platform_admin):  # no view of the evaluation it rests on
        client.force_login(user)
        assert client.get(page).status_code == 403
    client.force_login(evaluator)  # declared: sees the ranking, may not decide
    response = client.get(page)
    assert response.status_code == 200 and response.context["form"] is None
    client.post(page, {"decision": "approved"})
    proposal.refresh_from_db()
    assert proposal.status == DecisionStatus.PROPOSED


def test_decision_page_send_back_without_note_shows_error(client, case, bids, officer, decider):
    proposal = propose(case, officer, bids)
    page = reverse("procurements:decision-detail", args=[proposal.pk])
    client.force_login(decider)
    response = client.post(page, {"decision": "sent_back", "note": ""})
    assert response.status_code == 200 and response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.status == DecisionStatus.PROPOSED


def test_the_notifications_are_written_with_the_decision(case, bids, officer, decider):
    """Durable: the decision-maker's and the proposer's notifications are stored in the
    same transaction as the proposal and the decision, not after the commit (a process
    that stops right after committing loses nothing)."""
    proposal = propose(case, officer, bids)  # no on-commit callbacks run in this test
    assert Notification.objects.filter(recipient=decider, event="procurements.decision").exists()
    services.decision_transition(proposal=proposal, to_status="approved", by=decider)
    assert Notification.objects.filter(recipient=officer, event="procurements.decision").exists()
