from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if user.is_municipal or user.is_platform_admin:
        return [NavItem(_("Arena"), reverse("arena:home"), 72, "arena", "collaboration")]
    if user.is_external_user:
        items = [NavItem(_("Events"), reverse("arena:event-list"), 72, "arena", "collaboration")]
        if user.organization.kind == "research":
            items.append(
                NavItem(
                    _("Evaluations"), reverse("arena:evaluation-list"), 73, "arena", "collaboration"
                )
            )
        return items
    return []
