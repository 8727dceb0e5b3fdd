from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if not (user.is_municipal or user.is_platform_admin):
        return []
    return [
        NavItem(_("Needs"), reverse("needs:need-list"), 10, "needs"),
    ]
