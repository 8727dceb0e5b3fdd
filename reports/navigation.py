from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if not user.has_perm("reports.use"):
        return []
    return [NavItem(_("Reports"), reverse("reports:report-list"), 80, "reports")]
