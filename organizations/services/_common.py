"""Helpers the organisation services share."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..enums import (
    ROLES_BY_KIND,
    OrganizationKind,
)
from ..models import Organization, User


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _unique_slug(name: str, suffix: str = "") -> str:
    base = slugify(name.replace("ä", "a").replace("å", "a").replace("ö", "o"))[:50] or "org"
    slug = base
    if Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix or secrets.token_hex(2)}"
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


def _require(user: User, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))
