from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if user.is_supplier_user:
        return [
            NavItem(_("Tenders"), reverse("procurements:tender-list"), 20, "tenders"),
            NavItem(_("Your bids"), reverse("procurements:bid-list"), 21, "bids"),
        ]
    if user.is_municipal or user.is_platform_admin:
        return [
            NavItem(
                _("Procurements"),
                reverse("procurements:case-list"),
                31,  # after Market dialogue, in the process's order
                "procurements",
                "procurement",
            )
        ]
    return []
