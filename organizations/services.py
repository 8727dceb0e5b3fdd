"""Writes for organisations, users and invitations. Each one validates, runs in a
transaction, is recorded in the history and returns the object."""

import csv
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.history import acting_as
from notifications.services import email_enqueue

from .enums import ROLES_BY_KIND, OrganizationKind, Role
from .models import Invitation, Network, Organization, User
from .validators import normalize_org_number, validate_municipality_code

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "swedish_admin_areas.csv"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def municipalities_load(*, path: Path = MUNICIPALITIES_CSV) -> tuple[int, int]:
    """Create or update every Swedish municipality from SCB's list. Idempotent.

    Returns (created, updated).
    """
    created = updated = 0
    with path.open(encoding="utf-8") as handle, transaction.atomic():
        for row in csv.DictReader(handle):
            code = row["municipality_code"].strip()
            validate_municipality_code(code)
            defaults = {
                "kind": OrganizationKind.MUNICIPALITY,
                "name": row["municipality_name"].strip(),
                "county_code": row["county_code"].strip(),
                "county_name": row["county_name"].strip(),
            }
            org = Organization.objects.filter(municipality_code=code).first()
            if org is None:
                Organization.objects.create(
                    municipality_code=code, slug=_unique_slug(defaults["name"], code), **defaults
                )
                created += 1
            elif any(getattr(org, key) != value for key, value in defaults.items()):
                for key, value in defaults.items():
                    setattr(org, key, value)
                org.save(update_fields=[*defaults.keys(), "updated_at"])
                updated += 1
    return created, updated


def _unique_slug(name: str, suffix: str = "") -> str:
    base = slugify(name.replace("ä", "a").replace("å", "a").replace("ö", "o"))[:50] or "org"
    slug = base
    if Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix or secrets.token_hex(2)}"
    return slug


def supplier_create(
    *, name: str, org_number: str, email: str = "", contact_name: str = "", phone: str = ""
) -> Organization:
    """Register a supplier company; the organisation number is checked (Luhn)."""
    number = normalize_org_number(org_number)
    if not name.strip():
        raise ValidationError({"name": _("Enter the company's name.")})
    if Organization.objects.filter(org_number=number).exists():
        raise ValidationError(
            {
                "org_number": _("A company with organisation number %(n)s is already registered.")
                % {"n": number}
            }
        )
    try:
        with transaction.atomic():
            return Organization.objects.create(
                kind=OrganizationKind.SUPPLIER,
                name=name.strip(),
                slug=_unique_slug(name, number[-4:]),
                org_number=number,
                email=email,
                contact_name=contact_name,
                phone=phone,
            )
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise ValidationError(
            {
                "org_number": _("A company with organisation number %(n)s is already registered.")
                % {"n": number}
            }
        ) from exc


def network_create(*, name: str, members: list[Organization], description: str = "") -> Network:
    with transaction.atomic():
        network = Network.objects.create(
            name=name, slug=_network_slug(name), description=description
        )
        network.members.set(members)
    return network


def _network_slug(name: str) -> str:
    base = slugify(name)[:50] or "network"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_roles_for(organization: Organization, roles: list[str]) -> None:
    allowed = {str(r) for r in ROLES_BY_KIND[OrganizationKind(organization.kind)]}
    wrong = [r for r in roles if r not in allowed]
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if wrong:
        raise ValidationError(
            {
                "roles": _("These roles do not fit a %(kind)s: %(roles)s")
                % {"kind": organization.get_kind_display().lower(), "roles": ", ".join(wrong)}
            }
        )


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
