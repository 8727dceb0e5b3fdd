"""Who may use reports: officers and coordinators of a municipality, and platform admins."""

import rules

from organizations.permissions import (
    belongs_to,
    is_coordinator,
    is_municipal_user,
    is_officer,
    is_platform_admin,
)


@rules.predicate
def in_report_network(user, report) -> bool:
    """A coordinator whose municipality belongs to the report's network."""
    if report is None or report.network_id is None:
        return False
    return report.network.members.filter(pk=user.organization_id).exists()


@rules.predicate
def owns_report(user, report) -> bool:
    return report is not None and belongs_to(user, report.organization)


may_use_reports = is_platform_admin | (is_municipal_user & (is_officer | is_coordinator))


def can_use_reports(user) -> bool:
    """The predicate without the auth backends (no permission queries): for menus."""
    return bool(user and user.is_authenticated and may_use_reports.test(user))


rules.add_perm("reports.use", may_use_reports)
rules.add_perm(
    "reports.view_report",
    is_platform_admin
    | (is_municipal_user & (is_officer | is_coordinator) & owns_report)
    | (is_municipal_user & is_coordinator & in_report_network),
)
