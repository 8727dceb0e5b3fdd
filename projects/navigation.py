from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    """Municipal users, platform admins and invited outside people (they see only the
    projects they are invited to)."""
    if user.is_municipal or user.is_platform_admin or user.is_external_user:
        return [
            NavItem(
                _("Projects"), reverse("projects:project-list"), 70, "projects", "collaboration"
            )
        ]
    return []
