"""Landing-page card: coming events the user may register for and, for officers and
coordinators, the lessons of closed or cancelled cases and subprojects waiting to be
shared in the arena."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import cached, user_scope
from core.registry import DashboardSection, rendered

from .selectors import events_for_user, lessons_on_offer

# Cached per user as HTML; forgotten on any change to an event, registration or lesson
# and to the cases and subprojects whose lessons are offered (apps.py). Events start
# while cached: short entries.
CARDS = "arena:cards"
TIMEOUT = 300


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not (user.is_municipal or user.is_external_user):
        return []
    return cached(CARDS, user_scope(user), lambda: rendered(_sections(user)), timeout=TIMEOUT)


def _sections(user) -> list[DashboardSection]:
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
