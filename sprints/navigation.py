import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if not (user.is_municipal or user.is_supplier_user or user.is_platform_admin):
        return []
    entries = [NavItem(_("Design sprints"), reverse("sprints:calloff-list"), 60, "sprints")]
    if rules.has_perm("sprints.manage_rooms", user):
        entries.append(
            NavItem(_("Sprint rooms"), reverse("sprints:room-list"), 92, "rooms", "account")
        )
    if rules.has_perm("sprints.manage_teams", user):
        entries.append(
            NavItem(_("Facilitator teams"), reverse("sprints:team-list"), 92, "teams", "account")
        )
    return entries
