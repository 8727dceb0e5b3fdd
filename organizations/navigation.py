from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    # Under the user's name at the right (core.registry.NAV_GROUPS["account"]).
    entries = [
        NavItem(_("Your profile"), reverse("organizations:profile"), 85, "profile", "account")
    ]
    if user.is_municipal or user.is_platform_admin:
        entries.append(
            NavItem(_("Networks"), reverse("organizations:network-list"), 90, "networks", "account")
        )
    if user.is_platform_admin:
        entries.append(
            NavItem(
                _("Organisations"),
                reverse("organizations:platform-organizations"),
                94,
                "platform-organizations",
                "account",
            )
        )
    elif user.has_role("admin") and user.organization_id:
        entries.append(
            NavItem(
                _("Your organisation"),
                reverse("organizations:getting-started"),
                94,
                "organisation",
                "account",
            )
        )
    if user.is_platform_admin or user.has_role("admin"):
        entries.append(
            NavItem(
                _("Invitations"), reverse("organizations:invitations"), 95, "invitations", "account"
            )
        )
    return entries
