from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection


def sections(request) -> list[DashboardSection]:
    user = request.user
    result = [
        DashboardSection(
            title=_("You and your organisation"),
            template="organizations/dashboard/welcome.html",
            context={"user": user},
            order=0,
        )
    ]
    if user.is_platform_admin or user.has_role("admin"):
        result.append(
            DashboardSection(
                title=_("Administration"),
                template="organizations/dashboard/admin.html",
                order=90,
            )
        )
    return result
