"""Who may do what with design sprints."""

import rules

from organizations.permissions import (
    has_role,
    is_municipal_user,
    is_platform_admin,
    is_supplier_user,
)

is_sprint_staff = has_role("staff", "officer", "coordinator")


@rules.predicate
def is_party(user, agreement) -> bool:
    return bool(
        user.is_authenticated
        and user.is_municipal
        and agreement is not None
        and agreement.municipalities.filter(pk=user.organization_id).exists()
    )


@rules.predicate
def owns_call_off(user, call_off) -> bool:
    return bool(
        user.is_authenticated
        and call_off is not None
        and user.organization_id == call_off.organization_id
    )


@rules.predicate
def is_offered_supplier(user, offer) -> bool:
    return bool(
        user.is_authenticated and offer is not None and user.organization_id == offer.supplier_id
    )


@rules.predicate
def is_consulted_supplier(user, call_off) -> bool:
    return bool(
        user.is_authenticated
        and call_off is not None
        and user.organization_id in {supplier_id for supplier_id, _rank in call_off.ranking}
    )


is_supplier_role = has_role("supplier")

rules.add_perm("sprints.call_off", is_party & is_sprint_staff)
rules.add_perm("sprints.manage_call_off", is_platform_admin | (owns_call_off & is_sprint_staff))
rules.add_perm("sprints.answer_offer", is_supplier_user & is_supplier_role & is_offered_supplier)
rules.add_perm(
    "sprints.answer_competition", is_supplier_user & is_supplier_role & is_consulted_supplier
)
rules.add_perm(
    "sprints.view_distribution",
    is_platform_admin | (is_party & has_role("coordinator", "officer", "staff")),
)
rules.add_perm(
    "sprints.manage_closure_days",
    is_municipal_user & has_role("coordinator", "officer", "admin"),
)

# A municipality's rooms and a supplier's facilitator teams, kept by their own people
# (not by the platform operator, who runs no sprints).
rules.add_perm(
    "sprints.manage_rooms",
    ~is_platform_admin & is_municipal_user & has_role("admin", "coordinator", "officer"),
)
rules.add_perm(
    "sprints.manage_teams", ~is_platform_admin & is_supplier_user & has_role("admin", "supplier")
)

# The municipalities that signed the agreement see who else did; suppliers never.
rules.add_perm("sprints.party_to_agreement", is_party)
# A municipal user turns an awarded framework contract into a sprint agreement (the
# contract list is further limited to the cases they manage).
rules.add_perm("sprints.add_agreement", is_municipal_user)
# Everyone who sees a call-off except its suppliers evaluates it (the service checks that
# they took part and that the sprint has taken place).
rules.add_perm("sprints.evaluate_call_off", rules.is_authenticated & ~is_supplier_user)


@rules.predicate
def runs_agreement(user, agreement) -> bool:
    """The officers of the procurement behind the agreement (or, without one, the lead
    municipality's officers and coordinators)."""
    if agreement is None or not user.is_authenticated or not user.is_municipal:
        return False
    if agreement.contract_id is not None:
        return user.has_perm("procurements.manage_case", agreement.contract.case)
    return user.organization_id == agreement.lead_organization_id and user.has_role(
        "officer", "coordinator"
    )


rules.add_perm("sprints.manage_agreement", is_platform_admin | runs_agreement)
