"""Users: their profile, and their administrator's changes to roles and access."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.history import acting_as

from ..enums import (
    Role,
)
from ..models import User
from ._common import _check_roles_for, _require


def user_update_profile(
    *, user: User, full_name: str, language: str, title: str = "", department: str = ""
) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose Swedish or English.")})
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter your name.")})
    with transaction.atomic(), acting_as(user, reason="profile"):
        user.full_name = full_name.strip()
        user.language = language
        user.title = title
        user.department = department
        user.save(update_fields=["full_name", "language", "title", "department"])
    return user


def _check_keeps_an_admin(member: User, *, roles: list[str], active: bool) -> None:
    """An organisation never loses its last active administrator by someone's hand."""
    if Role.ADMIN in member.roles and member.is_active and (Role.ADMIN not in roles or not active):
        others = (
            User.objects.filter(
                organization_id=member.organization_id, is_active=True, roles__contains=["admin"]
            )
            .exclude(pk=member.pk)
            .exists()
        )
        if not others:
            raise ValidationError(
                _("The organisation must keep at least one active administrator.")
            )


def user_update_roles(*, member: User, roles: list[str], by: User) -> User:
    """Give a colleague other roles. Refused for a role that does not fit the organisation
    and for the last active administrator's admin role."""
    _require(by, "organizations.manage_user", member)
    roles = list(dict.fromkeys(roles))
    _check_roles_for(member.organization, roles)
    with transaction.atomic(), acting_as(by, reason="roles changed"):
        member = User.objects.select_for_update().get(pk=member.pk)
        _check_keeps_an_admin(member, roles=roles, active=member.is_active)
        member.roles = roles
        member.save(update_fields=["roles"])
    return member


def user_set_active(*, member: User, active: bool, by: User) -> User:
    """Deactivate (cannot sign in, keeps every trace of their work) or reactivate a user.
    Users are never deleted: their history stays theirs.

    Side effects: deactivating ends the person's open sessions at once (the session epoch
    is part of the session hash) and their API tokens stop working (`User.may_sign_in`)."""
    _require(by, "organizations.manage_user", member)
    if member.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    with transaction.atomic(), acting_as(by, reason="activated" if active else "deactivated"):
        member = User.objects.select_for_update().get(pk=member.pk)
        _check_keeps_an_admin(member, roles=member.roles, active=active)
        member.is_active = active
        fields = ["is_active"]
        if not active:
            member.session_epoch += 1
            fields.append("session_epoch")
        member.save(update_fields=fields)
    return member


def sessions_end(*, users) -> int:
    """End every open session of `users` (a queryset): their session hash changes. Returns
    how many people were signed out. Used when access is cut."""
    return users.update(session_epoch=F("session_epoch") + 1)
