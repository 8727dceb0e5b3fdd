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
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import email_enqueue, notify

from .enums import (
    ROLES_BY_KIND,
    NetworkInvitationState,
    OrganizationKind,
    RegistrationState,
    Role,
)
from .models import Department, Invitation, Network, NetworkInvitation, Organization, User
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


# --- An organisation's administrator: users and departments ------------------------------


def _require(user: User, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


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
    Users are never deleted: their history stays theirs."""
    _require(by, "organizations.manage_user", member)
    if member.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    with transaction.atomic(), acting_as(by, reason="activated" if active else "deactivated"):
        member = User.objects.select_for_update().get(pk=member.pk)
        _check_keeps_an_admin(member, roles=member.roles, active=active)
        member.is_active = active
        member.save(update_fields=["is_active"])
    return member


def department_save(
    *,
    organization: Organization,
    by: User,
    name: str,
    cost_centre: str = "",
    is_active: bool = True,
    department: Department | None = None,
) -> Department:
    """Create or edit a department; names are unique within the organisation."""
    _require(by, "organizations.manage_organization", organization)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the department's name.")})
    clash = Department.objects.filter(organization=organization, name__iexact=name)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a department with this name.")})
    try:
        with transaction.atomic(), acting_as(by, reason="department"):
            if department is None:
                department = Department(organization=organization)
            department.name = name
            department.cost_centre = cost_centre.strip()
            department.is_active = is_active
            department.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a department with this name.")}) from exc
    return department


# --- The platform operator: onboarding and deactivation ----------------------------------


def organization_onboard(
    *,
    by: User,
    admin_email: str,
    admin_name: str = "",
    municipality: Organization | None = None,
    supplier_name: str = "",
    org_number: str = "",
) -> tuple[Organization, Invitation]:
    """Bring an organisation onto Samverka by inviting its first administrator.

    A municipality comes from the register (all 290 exist); a supplier is registered here
    with its organisation number. Side effects: the organisation is (re)activated and an
    invitation e-mail goes out after commit.
    """
    if not by.is_platform_admin:
        raise PermissionDenied(_("Only the platform operator onboards organisations."))
    with transaction.atomic(), acting_as(by, reason="onboarded"):
        if municipality is not None:
            if not municipality.is_municipality:
                raise ValidationError({"municipality": _("Choose a municipality.")})
            organization, roles = municipality, [Role.ADMIN.value]
        else:
            organization = supplier_create(name=supplier_name, org_number=org_number)
            roles = [Role.SUPPLIER.value, Role.ADMIN.value]
        if not organization.is_active:
            organization.is_active = True
            organization.save(update_fields=["is_active", "updated_at"])
        invitation, _token = invitation_create(
            invited_by=by,
            email=admin_email,
            organization=organization,
            roles=roles,
            full_name=admin_name,
        )
    return organization, invitation


def organization_set_active(*, organization: Organization, active: bool, by: User) -> Organization:
    """Deactivate an organisation (its people can no longer sign in; nothing is deleted) or
    activate it again. The platform operator itself is never deactivated."""
    if not by.is_platform_admin:
        raise PermissionDenied(_("Only the platform operator may do this."))
    if organization.kind == OrganizationKind.PLATFORM and not active:
        raise ValidationError(_("The platform operator cannot be deactivated."))
    with transaction.atomic(), acting_as(by, reason="activated" if active else "deactivated"):
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        organization.is_active = active
        fields = ["is_active", "updated_at"]
        if active and organization.registration_state == RegistrationState.PENDING:
            # Activating a waiting self-registration is approving it.
            organization.registration_state = RegistrationState.APPROVED
            fields.append("registration_state")
        organization.save(update_fields=fields)
    return organization


# --- Networks -----------------------------------------------------------------------------

register_event("organizations.network_invitation", gettext_lazy("A network invites us"))
register_event("organizations.network_answer", gettext_lazy("A municipality answers our network"))


def network_found(*, by: User, name: str, description: str = "") -> Network:
    """A coordinator starts a network; their municipality is its first member."""
    _require(by, "organizations.found_network")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the network's name.")})
    if Network.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a network with this name.")})
    try:
        with transaction.atomic(), acting_as(by, reason="network founded"):
            network = Network.objects.create(
                name=name, slug=_network_slug(name), description=description.strip()
            )
            network.members.add(by.organization)
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a network with this name.")}) from exc
    return network


def _admins_of(organization: Organization):
    return User.objects.filter(
        organization=organization, is_active=True, roles__contains=[Role.ADMIN.value]
    )


def network_invite(
    *, network: Network, organization: Organization, by: User, message: str = ""
) -> NetworkInvitation:
    """Invite a municipality into a network. Side effects: its administrators are notified."""
    _require(by, "organizations.manage_network", network)
    if not organization.is_municipality:
        raise ValidationError({"organization": _("Only municipalities join networks.")})
    if network.members.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("%(org)s is a member already.") % {"org": organization}}
        )
    with transaction.atomic(), acting_as(by, reason="network invitation"):
        try:
            with transaction.atomic():
                invitation = NetworkInvitation.objects.create(
                    network=network,
                    organization=organization,
                    invited_by=by,
                    message=message.strip(),
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"organization": _("%(org)s has been invited already.") % {"org": organization}}
            ) from exc
        url = reverse("organizations:network-invitations")
        for admin in _admins_of(organization):
            notify(
                recipient=admin,
                event="organizations.network_invitation",
                title=format_lazy(
                    gettext_lazy("{network} invites {org} to join"),
                    network=network.name,
                    org=organization.name,
                ),
                body=message,
                url=url,
                dedupe_key=f"network-invitation:{invitation.pk}",
            )
    return invitation


def network_invitation_answer(
    *, invitation: NetworkInvitation, accept: bool, by: User
) -> NetworkInvitation:
    """The invited municipality's administrator accepts (it becomes a member) or declines.
    Side effects: the inviting coordinator is notified."""
    _require(by, "organizations.answer_network_invitation", invitation)
    with transaction.atomic(), acting_as(by, reason="network invitation answered"):
        invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != NetworkInvitationState.PENDING:
            raise ValidationError(_("This invitation has been answered already."))
        invitation.state = (
            NetworkInvitationState.ACCEPTED if accept else NetworkInvitationState.DECLINED
        )
        invitation.decided_by = by
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
        if accept:
            invitation.network.members.add(invitation.organization)
        notify(
            recipient=invitation.invited_by,
            event="organizations.network_answer",
            title=format_lazy(
                gettext_lazy("{org} joined {network}")
                if accept
                else gettext_lazy("{org} declined to join {network}"),
                org=invitation.organization.name,
                network=invitation.network.name,
            ),
            url=invitation.network.get_absolute_url(),
            dedupe_key=f"network-answer:{invitation.pk}",
        )
    return invitation


def network_invitation_withdraw(*, invitation: NetworkInvitation, by: User) -> NetworkInvitation:
    _require(by, "organizations.manage_network", invitation.network)
    with transaction.atomic(), acting_as(by, reason="network invitation withdrawn"):
        invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != NetworkInvitationState.PENDING:
            raise ValidationError(_("This invitation has been answered already."))
        invitation.state = NetworkInvitationState.WITHDRAWN
        invitation.decided_by = by
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    return invitation


def network_leave(*, network: Network, by: User) -> Network:
    """The user's municipality leaves the network (an administrator or coordinator decides).
    What it shared with the network is no longer visible to the others."""
    _require(by, "organizations.leave_network", network)
    with transaction.atomic(), acting_as(by, reason="left network"):
        network = Network.objects.select_for_update().get(pk=network.pk)
        network.members.remove(by.organization)
    return network


# --- Supplier self-registrations ----------------------------------------------------------

register_event("organizations.supplier_registration", gettext_lazy("A supplier registered itself"))
register_event(
    "organizations.registration_decided", gettext_lazy("Our company's registration was decided")
)


def _platform_admins():
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(organization__kind=OrganizationKind.PLATFORM, roles__contains=[Role.ADMIN.value])
    )


def supplier_registration_notify(*, organization: Organization) -> None:
    """Tell the platform operator's administrators that a supplier waits for approval."""
    for admin in _platform_admins():
        notify(
            recipient=admin,
            event="organizations.supplier_registration",
            title=format_lazy(
                gettext_lazy("{org} registered as a supplier and waits for approval"),
                org=organization.name,
            ),
            url=reverse("organizations:platform-organizations"),
            dedupe_key=f"supplier-registration:{organization.pk}",
        )


def supplier_registration_decide(
    *, organization: Organization, approve: bool, by: User, reason: str = ""
) -> Organization:
    """Approve a self-registered supplier (it becomes active and its people can sign in)
    or reject it with a reason (it stays inactive). Side effects: its users are told."""
    if not by.is_platform_admin:
        raise PermissionDenied(_("Only the platform operator may do this."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the registration is not approved.")})
    with transaction.atomic(), acting_as(by, reason="registration decided"):
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.registration_state != RegistrationState.PENDING:
            raise ValidationError(_("This registration has been decided already."))
        organization.registration_state = (
            RegistrationState.APPROVED if approve else RegistrationState.REJECTED
        )
        organization.registration_note = reason.strip()
        organization.is_active = approve
        organization.save(
            update_fields=["registration_state", "registration_note", "is_active", "updated_at"]
        )
        for person in organization.users.filter(is_active=True):
            notify(
                recipient=person,
                event="organizations.registration_decided",
                title=format_lazy(
                    gettext_lazy("{org} is approved: welcome to Samverka")
                    if approve
                    else gettext_lazy("The registration of {org} was not approved"),
                    org=organization.name,
                ),
                body=reason.strip(),
                url=reverse("login"),
                dedupe_key=f"registration-decided:{organization.pk}",
            )
    return organization
