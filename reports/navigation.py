from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem
from reports.permissions import can_use_reports


def items(user) -> list[NavItem]:
    if not can_use_reports(user):
        return []
    return [NavItem(_("Reports"), reverse("reports:report-list"), 80, "reports")]
