"""Landing-page card: coming events the user may register for."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from .selectors import events_for_user


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not (user.is_municipal or user.is_external_user):
        return []
    events = list(
        events_for_user(user)
        .filter(
            starts_at__gte=timezone.now(), published_at__isnull=False, cancelled_at__isnull=True
        )
        .order_by("starts_at")[:5]
    )
    return [
        DashboardSection(
            title=_("Coming events"),
            template="arena/dashboard/events.html",
            context={"events": events},
            order=75,
        )
    ]
