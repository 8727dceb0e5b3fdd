"""Supplier registration and the supplier's dialogue profile."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.history import acting_as
from organizations.enums import RegistrationState, Role
from organizations.models import Organization, User
from organizations.services import supplier_create, supplier_registration_notify
from organizations.validators import normalize_org_number

from ..models import (
    SupplierProfile,
)


def supplier_register(
    *,
    company_name: str,
    org_number: str,
    full_name: str,
    email: str,
    password: str,
    phone: str = "",
    language: str = "sv",
) -> User:
    """Register a supplier company and its first user (supplier and organisation admin,
    so they can invite colleagues). The organisation number's check digit is verified.

    The company waits for the platform operator's approval: until then it is inactive and
    its user cannot sign in. Side effects: a supplier organisation, an empty supplier
    profile, a user, a notice to the platform operator's administrators.
    """
    email = User.objects.normalize_email(email).strip().lower()
    errors: dict[str, list] = {}
    if not full_name.strip():
        errors["full_name"] = [_("Enter your name.")]
    if not email:
        errors["email"] = [_("Enter your e-mail address.")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("There is already an account with this e-mail.")]
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors["password1"] = exc.messages
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if errors:
        raise ValidationError(errors)
    try:
        normalize_org_number(org_number)
    except ValidationError as exc:
        raise ValidationError({"org_number": exc.messages}) from exc
    with transaction.atomic():
        organization = supplier_create(
            name=company_name,
            org_number=org_number,
            email=email,
            contact_name=full_name,
            phone=phone,
        )
        try:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                organization=organization,
                roles=[Role.SUPPLIER, Role.ADMIN],
                language=language,
            )
        except IntegrityError as exc:
            raise ValidationError(
                {"email": _("There is already an account with this e-mail.")}
            ) from exc
        with acting_as(user, reason="supplier registered"):
            SupplierProfile.objects.create(organization=organization)
            organization.is_active = False
            organization.registration_state = RegistrationState.PENDING
            organization.save(update_fields=["is_active", "registration_state", "updated_at"])
        supplier_registration_notify(organization=organization)
    return user


def supplier_profile_get_or_create(organization: Organization) -> SupplierProfile:
    profile, _created = SupplierProfile.objects.get_or_create(organization=organization)
    return profile


def supplier_profile_update(*, user, description: str, cpv_codes: Iterable) -> SupplierProfile:
    """A supplier states its presentation and areas (CPV codes)."""
    if not user.is_supplier_user:
        raise PermissionDenied(_("Only suppliers have a supplier profile."))
    codes = list(cpv_codes)
    if len(codes) > 50:
        raise ValidationError({"cpv_codes": _("Choose at most 50 CPV codes.")})
    with transaction.atomic(), acting_as(user, reason="supplier profile"):
        profile = supplier_profile_get_or_create(user.organization)
        profile.description = description.strip()
        profile.save(update_fields=["description", "updated_at"])
        profile.cpv_codes.set(codes)
    return profile
