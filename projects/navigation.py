from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.cache import cached
from core.registry import NavItem


def group_namespace(user_id: int) -> str:
    return f"projects:in-group:{user_id}"


def in_a_group(user) -> bool:
    """Whether the person is in any project group; cached through core.cache (the menu
    costs no query once known; with Redis down it is asked), forgotten on any change to
    the person's group memberships (apps.py)."""
    return cached(
        group_namespace(user.pk), (), lambda: user.group_memberships.exists(), timeout=3600
    )


def items(user) -> list[NavItem]:
    """Municipal users, platform admins and invited outside people (they see only the
    projects they are invited to); a supplier only once they are in a project group (the
    menu leads to the projects whose groups they are in)."""
    if (
        user.is_municipal
        or user.is_platform_admin
        or user.is_external_user
        or (user.is_supplier_user and in_a_group(user))
    ):
        return [
            NavItem(
                _("Projects"), reverse("projects:project-list"), 70, "projects", "collaboration"
            )
        ]
    return []
