"""Invitations: a person is invited by e-mail and joins with the roles promised."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_as
from notifications.services import email_enqueue

from ..enums import (
    Role,
)
from ..models import Invitation, Organization, User
from ._common import _check_roles_for, _hash_token


def invitation_create(
    *,
    invited_by: User,
    email: str,
    organization: Organization,
    roles: list[str],
    full_name: str = "",
    language: str | None = None,
) -> tuple[Invitation, str]:
    """Invite a person by e-mail to join `organization` with `roles`.

    Side effects: an invitation e-mail (outbox, sent by Celery after commit). Returns the
    invitation and the raw token (only its hash is stored).
    """
    if not invited_by.has_perm("organizations.invite", organization):
        raise PermissionDenied(_("You may not invite people to %(org)s.") % {"org": organization})
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail.")})
    _check_roles_for(organization, roles)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic(), acting_as(invited_by, reason="invitation"):
        open_invitations = Invitation.objects.select_for_update().filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        for existing in open_invitations:
            if not existing.is_expired:
                raise ValidationError({"email": _("This e-mail already has an open invitation.")})
            existing.revoked_at = now
            existing.save(update_fields=["revoked_at", "updated_at"])
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name,
            organization=organization,
            roles=list(roles),
            token_hash=_hash_token(token),
            invited_by=invited_by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        email_enqueue(
            to=email,
            template="emails/invitation",
            context={
                "organization": organization.name,
                "invited_by": invited_by.get_full_name(),
                "url": settings.SITE_URL
                + reverse("organizations:invitation-accept", kwargs={"token": token}),
                "expires_at": invitation.expires_at,
                "roles": [Role(role).label for role in roles],
            },
            language=language or invited_by.language,
            dedupe_key=f"invitation:{invitation.pk}",
            holds_secret=True,
        )
    return invitation, token


def invitation_get_open(token: str) -> Invitation:
    """The invitation behind `token`, or a ValidationError that says why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=_hash_token(token))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been used. Sign in, or reset your password."),
            code="used",
        )
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the person who invited you for a new one."),
            code="expired",
        )
    return invitation


def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Create the account an invitation promised. Single use: a second try is refused."""
    with transaction.atomic():
        invitation = invitation_get_open(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation = invitation_get_open(token)  # re-check under the lock
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("There is already an account with this e-mail."))
        if not full_name.strip():
            raise ValidationError({"full_name": _("Enter your name.")})
        candidate = User(email=invitation.email, full_name=full_name.strip())
        validate_password(password, user=candidate)
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name.strip(),
            organization=invitation.organization,
            roles=list(invitation.roles),
        )
        with acting_as(user, reason="invitation accepted"):
            invitation.accepted_at = timezone.now()
            invitation.accepted_user = user
            invitation.save(update_fields=["accepted_at", "accepted_user", "updated_at"])
    return user


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    if not by.has_perm("organizations.invite", invitation.organization):
        raise PermissionDenied
    with transaction.atomic(), acting_as(by, reason="invitation revoked"):
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation
