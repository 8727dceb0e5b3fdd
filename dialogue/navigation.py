from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if user.is_supplier_user:
        return [
            NavItem(_("Requests for information"), reverse("dialogue:rfi-list"), 20, "dialogue"),
            NavItem(_("Supplier profile"), reverse("dialogue:profile-edit"), 80, "profile"),
        ]
    if user.is_municipal or user.is_platform_admin:
        return [
            NavItem(_("Market dialogue"), reverse("dialogue:index"), 30, "dialogue", "procurement")
        ]
    return []
