from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if user.is_municipal or user.is_supplier_user or user.is_platform_admin:
        return [NavItem(_("Design sprints"), reverse("sprints:calloff-list"), 60, "sprints")]
    return []
