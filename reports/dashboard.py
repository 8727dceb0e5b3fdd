from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection
from reports.permissions import can_use_reports

from .selectors import reports_for_user


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not can_use_reports(user):
        return []
    recent = list(reports_for_user(user)[:5])
    return [
        DashboardSection(
            title=_("Recent reports"),
            template="reports/dashboard/recent.html",
            context={"reports": recent},
            order=70,
        )
    ]
