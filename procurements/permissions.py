"""Who may do what with a procurement case: small predicates on (user, case)."""

import rules

from organizations.permissions import is_platform_admin, is_supplier_user

from .enums import BidStatus, RequestStatus, Stage


def case_org_ids(case) -> set[int]:
    """Lead and participating municipalities (uses a prefetch when present)."""
    cached = getattr(case, "_case_org_ids", None)
    if cached is None:
        cached = {case.lead_organization_id} | {
            o.pk for o in case.participating_organizations.all()
        }
        case._case_org_ids = cached
    return cached


def case_team_ids(case) -> set[int]:
    """The case team's user ids (uses a prefetch when present)."""
    cached = getattr(case, "_case_team_ids", None)
    if cached is None:
        cached = {member.pk for member in case.team.all()}
        case._case_team_ids = cached
    return cached


@rules.predicate
def is_case_member(user, case) -> bool:
    """The user works for a municipality leading or taking part in the case."""
    return bool(
        user
        and user.is_authenticated
        and case is not None
        and user.is_municipal
        and user.organization_id in case_org_ids(case)
    )


@rules.predicate
def is_case_officer(user, case) -> bool:
    """Runs the case: the responsible officer, the team, or an officer/coordinator of the
    lead municipality."""
    if not is_case_member(user, case):
        return False
    if case.responsible_officer_id == user.pk:
        return True
    if (
        user.has_role("officer", "coordinator")
        and user.organization_id == case.lead_organization_id
    ):
        return True
    return user.pk in case_team_ids(case)


@rules.predicate
def is_case_official(user, case) -> bool:
    """May witness the opening: an officer, coordinator or evaluator of a case municipality."""
    return bool(
        is_case_member(user, case) and user.has_role("officer", "coordinator", "evaluator")
    ) or bool(is_case_officer(user, case))


def is_case_manager(user, case) -> bool:
    return bool(is_case_officer(user, case))


@rules.predicate
def is_declared_evaluator(user, case) -> bool:
    if not is_case_member(user, case):
        return False
    return any(e.user_id == user.pk and e.declared_at is not None for e in case.evaluators.all())


@rules.predicate
def is_assigned_evaluator(user, case) -> bool:
    return is_case_member(user, case) and any(e.user_id == user.pk for e in case.evaluators.all())


@rules.predicate
def bids_are_opened(user, case) -> bool:
    tender = getattr(case, "tender", None)
    return tender is not None and hasattr(tender, "opening")


@rules.predicate
def is_decision_maker(user, case) -> bool:
    """Holds the delegation the case names for its decisions (and it is in force)."""
    delegation = getattr(case, "decision_delegation", None)
    return bool(
        is_case_member(user, case)
        and delegation is not None
        and delegation.active
        and delegation.holder_id == user.pk
    )


can_create_case = is_platform_admin | (
    rules.predicate(lambda user: bool(user.is_authenticated and user.is_municipal))
    & rules.predicate(lambda user: user.has_role("officer", "coordinator"))
)

rules.add_perm("procurements.create_case", can_create_case)
rules.add_perm("procurements.view_case", is_platform_admin | is_case_member)
rules.add_perm("procurements.manage_case", is_platform_admin | is_case_officer)
rules.add_perm("procurements.open_bids", is_case_officer)
# The second official of a two-person opening (never the one who started it: services).
rules.add_perm("procurements.confirm_opening", is_case_official)
rules.add_perm("procurements.decide", is_decision_maker)


@rules.predicate
def keeps_delegations(user, organization) -> bool:
    """A municipality's administrators and coordinators keep its delegation list."""
    return bool(
        organization is not None
        and user.organization_id == organization.pk
        and user.has_role("admin", "coordinator")
    )


rules.add_perm("procurements.keep_delegations", is_platform_admin | keeps_delegations)
# After the opening only, and only for those who declared no conflict of interest: the
# assigned evaluators and the case's officers (who declare on the same page). Never the
# platform operator, who is no case member.
rules.add_perm("procurements.view_bids", bids_are_opened & is_declared_evaluator)
rules.add_perm("procurements.score_bids", bids_are_opened & is_declared_evaluator)
# Agreed scores, requirement checks, rounds: a case officer who declared.
rules.add_perm(
    "procurements.manage_evaluation", bids_are_opened & is_case_officer & is_declared_evaluator
)
rules.add_perm("procurements.declare", is_assigned_evaluator | is_case_officer)
rules.add_perm("procurements.submit_bid", is_supplier_user)


# --- Contracts: editing, extensions, documents, the partnership's go/no-go -----------


@rules.predicate
def is_contract_officer(user, contract) -> bool:
    """Runs the contract's case (as `is_case_officer`)."""
    return contract is not None and bool(is_case_officer(user, contract.case))


@rules.predicate
def is_contract_decision_maker(user, contract) -> bool:
    return contract is not None and bool(is_decision_maker(user, contract.case))


rules.add_perm("procurements.manage_contract", is_platform_admin | is_contract_officer)
# A phase's go/no-go is the award's rule: the holder of the delegation the case names,
# never the officer for it (the service checks the delegation's limits too).
rules.add_perm("procurements.decide_phase", is_contract_decision_maker)


# --- The supplier side: what a supplier user may do with a tender and its own bids ----


@rules.predicate
def tender_open_for_bids(user, tender) -> bool:
    """The tender is published, in the tender stage, and its deadline has not passed."""
    from django.utils import timezone

    return bool(
        tender is not None
        and tender.published_at is not None
        and tender.case.stage == Stage.TENDER
        and tender.deadline is not None
        and timezone.now() <= tender.deadline
    )


@rules.predicate
def is_invited_candidate(user, tender) -> bool:
    """One-step procedures: every supplier. Two-step ones: only a candidate invited after
    the selection (its live request to participate was assessed and invited)."""
    if not tender.case.procedure_rules.selection:
        return True
    cached = getattr(tender, "_invited_organization_ids", None)
    if cached is None:
        from .models import SelectionAssessment

        cached = set(
            SelectionAssessment.objects.filter(
                request__tender=tender, request__status=RequestStatus.SUBMITTED, invited=True
            ).values_list("request__supplier_id", flat=True)
        )
        tender._invited_organization_ids = cached
    return user.organization_id in cached


@rules.predicate
def is_own_bid(user, bid) -> bool:
    """The bid is the user's organisation's, known by its sealed token (the bidder is
    not stored in clear before the opening)."""
    from . import crypto

    return bool(
        bid is not None
        and user.is_authenticated
        and user.is_supplier_user
        and crypto.supplier_token(bid.tender_id, user.organization_id) == bid.supplier_token
    )


@rules.predicate
def bid_withdrawable(user, bid) -> bool:
    return bid.status == BidStatus.SUBMITTED and bool(tender_open_for_bids(user, bid.tender))


rules.add_perm("procurements.use_supplier_pages", is_supplier_user)
rules.add_perm(
    "procurements.bid_on_tender", is_supplier_user & tender_open_for_bids & is_invited_candidate
)
rules.add_perm("procurements.withdraw_bid", is_own_bid & bid_withdrawable)
