"""Landing-page card: coming events the user may register for and, for officers and
coordinators, the lessons of closed or cancelled cases and subprojects waiting to be
shared in the arena."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from .selectors import events_for_user, lessons_on_offer


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
    offer = {"cases": [], "subprojects": []}
    if user.is_municipal and user.has_role("officer", "coordinator"):
        offer = lessons_on_offer(user)
    return [
        DashboardSection(
            title=_("Coming events"),
            template="arena/dashboard/events.html",
            context={"events": events, "offer": offer},
            order=75,
        )
    ]
