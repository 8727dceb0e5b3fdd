"""Writes for organisations, users and invitations. Each one validates, runs in a
transaction, is recorded in the history and returns the object.

Cut by aggregate; callers import from `organizations.services` as before."""

from .departments import department_save
from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_get_open,
    invitation_revoke,
)
from .networks import (
    network_create,
    network_found,
    network_invitation_answer,
    network_invitation_withdraw,
    network_invite,
    network_leave,
)
from .organizations import (
    MUNICIPALITIES_CSV,
    external_organization_create,
    municipalities_load,
    organization_onboard,
    organization_set_active,
    supplier_create,
    supplier_registration_decide,
    supplier_registration_notify,
)
from .users import sessions_end, user_set_active, user_update_profile, user_update_roles

__all__ = [
    "MUNICIPALITIES_CSV",
    "department_save",
    "external_organization_create",
    "invitation_accept",
    "invitation_create",
    "invitation_get_open",
    "invitation_revoke",
    "municipalities_load",
    "network_create",
    "network_found",
    "network_invitation_answer",
    "network_invitation_withdraw",
    "network_invite",
    "network_leave",
    "organization_onboard",
    "organization_set_active",
    "sessions_end",
    "supplier_create",
    "supplier_registration_decide",
    "supplier_registration_notify",
    "user_set_active",
    "user_update_profile",
    "user_update_roles",
]
