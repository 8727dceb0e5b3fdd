"""Organisations: the municipality register, suppliers and external organisations,
onboarding by the platform operator, deactivation and supplier self-registrations."""

import csv
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import notify

from ..enums import (
    EXTERNAL_KINDS,
    ONBOARD_KINDS,
    OrganizationKind,
    RegistrationState,
    Role,
)
from ..models import Invitation, Organization, User
from ..validators import normalize_org_number, validate_municipality_code
from ._common import _unique_slug
from .invitations import invitation_create
from .users import sessions_end

MUNICIPALITIES_CSV = Path(__file__).resolve().parent.parent / "data" / "swedish_admin_areas.csv"


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


def _already_registered(number: str, kind: str) -> ValidationError:
    message = (
        _("A company with organisation number %(n)s is already registered.")
        if kind == OrganizationKind.SUPPLIER
        else _("An organisation with organisation number %(n)s is already registered.")
    )
    return ValidationError({"org_number": message % {"n": number}})


def _organization_register(*, kind: str, name: str, org_number: str, **contact) -> Organization:
    """A new organisation with a checked (Luhn), unique organisation number."""
    try:
        number = normalize_org_number(org_number)
    except ValidationError as exc:
        raise ValidationError({"org_number": exc.error_list}) from exc
    if not name.strip():
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if Organization.objects.filter(org_number=number).exists():
        raise _already_registered(number, kind)
    try:
        with transaction.atomic():
            return Organization.objects.create(
                kind=kind,
                name=name.strip(),
                slug=_unique_slug(name, number[-4:]),
                org_number=number,
                **contact,
            )
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise _already_registered(number, kind) from exc


def supplier_create(
    *, name: str, org_number: str, email: str = "", contact_name: str = "", phone: str = ""
) -> Organization:
    """Register a supplier company; the organisation number is checked (Luhn)."""
    return _organization_register(
        kind=OrganizationKind.SUPPLIER,
        name=name,
        org_number=org_number,
        email=email,
        contact_name=contact_name,
        phone=phone,
    )


def external_organization_create(*, name: str, kind: str, org_number: str) -> Organization:
    """Register an authority, region, funder, research organisation or consultancy (the
    kinds that take part in projects) by name, kind and checked organisation number."""
    if kind not in EXTERNAL_KINDS:
        raise ValidationError({"kind": _("Choose the kind of external organisation.")})
    return _organization_register(kind=kind, name=name, org_number=org_number)


# --- The platform operator: onboarding and deactivation ----------------------------------


def _first_admin_roles(kind: str) -> list[str]:
    if kind == OrganizationKind.SUPPLIER:
        return [Role.SUPPLIER.value, Role.ADMIN.value]
    if kind in EXTERNAL_KINDS:
        return [Role.EXTERNAL.value, Role.ADMIN.value]
    return [Role.ADMIN.value]


def organization_onboard(
    *,
    by: User,
    kind: str,
    admin_email: str,
    admin_name: str = "",
    municipality: Organization | None = None,
    name: str = "",
    org_number: str = "",
) -> tuple[Organization, Invitation]:
    """Bring an organisation of `kind` onto Samverka by inviting its first administrator.

    A municipality comes from the register (all 290 exist); a supplier or an external
    organisation (authority, region, funder, research organisation, consultancy) is
    registered here by name and checked organisation number. Side effects: the
    organisation is (re)activated and an invitation e-mail goes out after commit.
    """
    if not by.has_perm("organizations.manage_platform"):
        raise PermissionDenied(_("Only the platform operator onboards organisations."))
    if kind not in ONBOARD_KINDS:
        raise ValidationError({"kind": _("Choose the kind of organisation.")})
    with transaction.atomic(), acting_as(by, reason="onboarded"):
        if kind == OrganizationKind.MUNICIPALITY:
            if municipality is None or not municipality.is_municipality:
                raise ValidationError({"municipality": _("Choose a municipality.")})
            organization = municipality
        elif kind == OrganizationKind.SUPPLIER:
            organization = supplier_create(name=name, org_number=org_number)
        else:
            organization = external_organization_create(name=name, kind=kind, org_number=org_number)
        if not organization.is_active:
            organization.is_active = True
            organization.save(update_fields=["is_active", "updated_at"])
        invitation, _token = invitation_create(
            invited_by=by,
            email=admin_email,
            organization=organization,
            roles=_first_admin_roles(kind),
            full_name=admin_name,
        )
    return organization, invitation


def organization_set_active(*, organization: Organization, active: bool, by: User) -> Organization:
    """Deactivate an organisation (its people can no longer sign in; nothing is deleted) or
    activate it again. The platform operator itself is never deactivated."""
    if not by.has_perm("organizations.manage_platform"):
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
        if not active:
            sessions_end(users=User.objects.filter(organization=organization))
    return organization


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
    if not by.has_perm("organizations.manage_platform"):
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
