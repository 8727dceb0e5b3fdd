from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from .selectors import notifications_for_user


def sections(request) -> list[DashboardSection]:
    unread = list(notifications_for_user(request.user).filter(read_at__isnull=True)[:5])
    return [
        DashboardSection(
            title=_("Unread notifications"),
            template="notifications/dashboard/unread.html",
            context={"notifications": unread},
            order=5,
        )
    ]
