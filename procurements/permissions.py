"""Who may do what with a procurement case: small predicates on (user, case)."""

import rules

from organizations.permissions import is_platform_admin, is_supplier_user


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
