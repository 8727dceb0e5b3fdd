"""Who may do what: small predicates, the one place every app asks.

Use `user.has_perm("app.action", obj)` in views and `{% has_perm %}` in templates; the
predicates below are the building blocks other apps' permissions.py combine.
"""

import rules

from .enums import Role


def _signed_in(user) -> bool:
    """A person who is signed in with an active account (a deactivated one may nothing,
    whatever their roles say)."""
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(_signed_in(user) and user.is_platform_admin)


def has_role(*roles: str):
    """A predicate: the user holds at least one of `roles`."""

    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user) -> bool:
        return bool(_signed_in(user) and user.has_role(*roles))

    return predicate


@rules.predicate
def is_municipal_user(user) -> bool:
    return bool(_signed_in(user) and user.is_municipal)


@rules.predicate
def is_supplier_user(user) -> bool:
    return bool(_signed_in(user) and user.is_supplier_user)


@rules.predicate
def is_external_user(user) -> bool:
    """A user of an authority, region, funder, research organisation or consultancy."""
    return bool(_signed_in(user) and user.is_external_user)


@rules.predicate
def belongs_to(user, organization) -> bool:
    """The user is a member of `organization` (an Organization instance)."""
    return bool(
        _signed_in(user) and organization is not None and user.organization_id == organization.pk
    )


@rules.predicate
def is_org_admin_of(user, organization) -> bool:
    return bool(belongs_to(user, organization) and user.has_role(Role.ADMIN))


@rules.predicate
def in_network_with(user, organization) -> bool:
    """`organization` shares a network with the user's municipality (or is it)."""
    return bool(
        _signed_in(user)
        and organization is not None
        and organization.pk in user.network_organization_ids
    )


is_officer = has_role(Role.OFFICER)
is_coordinator = has_role(Role.COORDINATOR)
is_logistics = has_role(Role.LOGISTICS)
is_evaluator = has_role(Role.EVALUATOR)

rules.add_perm("organizations.invite", is_platform_admin | is_org_admin_of)
rules.add_perm(
    "organizations.view_organization",
    is_platform_admin | belongs_to | (is_municipal_user & in_network_with),
)
rules.add_perm("organizations.manage_networks", is_platform_admin)
rules.add_perm("organizations.view_users", is_platform_admin | is_org_admin_of)


@rules.predicate
def is_admin_of_users_organization(user, member) -> bool:
    """`member` (a User) belongs to the organisation `user` administers."""
    return bool(
        _signed_in(user)
        and member is not None
        and user.has_role(Role.ADMIN)
        and user.organization_id is not None
        and member.organization_id == user.organization_id
    )


@rules.predicate
def is_member_of_network(user, network) -> bool:
    return bool(
        _signed_in(user)
        and network is not None
        and user.organization_id is not None
        and any(m.pk == user.organization_id for m in network.members.all())
    )


@rules.predicate
def is_invited_admin(user, invitation) -> bool:
    return bool(
        _signed_in(user)
        and invitation is not None
        and user.has_role(Role.ADMIN)
        and invitation.organization_id == user.organization_id
    )


is_org_admin = has_role(Role.ADMIN)

rules.add_perm("organizations.manage_user", is_platform_admin | is_admin_of_users_organization)
rules.add_perm("organizations.manage_organization", is_platform_admin | is_org_admin_of)
# Coordinators found networks; their municipality is the first member.
rules.add_perm("organizations.found_network", is_municipal_user & is_coordinator)
rules.add_perm(
    "organizations.manage_network",
    is_platform_admin | (is_member_of_network & is_coordinator),
)
rules.add_perm("organizations.answer_network_invitation", is_invited_admin)
# The platform operator's own pages: onboarding, deactivating organisations, approving
# supplier self-registrations.
rules.add_perm("organizations.manage_platform", is_platform_admin)
# The page where a municipality answers network invitations.
rules.add_perm("organizations.view_network_invitations", is_municipal_user | is_platform_admin)
rules.add_perm(
    "organizations.leave_network", is_member_of_network & (is_coordinator | is_org_admin)
)
