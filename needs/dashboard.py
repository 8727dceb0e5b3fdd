from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import user_scope
from core.fragments import cached_html
from core.registry import DashboardSection, rendered

from .enums import NeedStatus, RoundStatus
from .selectors import needs_for_user, network_namespaces, rounds_for_user, workshops_for_user

# Cards are cached per user and invalidated by any change to the needs, assessments,
# rounds or workshops of the municipalities in the user's networks (caching.py). A
# workshop that starts while cached leaves the card when the entry expires.
CARD_TIMEOUT = 300


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not user.is_municipal:
        return []
    namespaces = network_namespaces(user)
    scope = user_scope(user)

    def cards() -> list[DashboardSection]:
        result = [
            DashboardSection(
                title=_("Your needs"),
                template="needs/dashboard/mine.html",
                context=_mine(user),
                order=20,
            )
        ]
        if user.has_role("coordinator"):
            result.append(
                DashboardSection(
                    title=_("Need identification"),
                    template="needs/dashboard/coordinator.html",
                    context=_coordinator(user),
                    order=21,
                )
            )
        return rendered(result)

    return cached_html(namespaces, ("cards", *scope), cards, timeout=CARD_TIMEOUT)


def _mine(user) -> dict:
    return {
        "needs": list(needs_for_user(user).filter(author=user).order_by("-updated_at")[:5]),
        "to_assess": needs_for_user(user)
        .filter(
            assessments__assessor=user,
            status=NeedStatus.SUBMITTED,
            answered_at__isnull=True,
        )
        .count(),
    }


def _coordinator(user) -> dict:
    return {
        "queue": needs_for_user(user)
        .filter(status=NeedStatus.SUBMITTED, answered_at__isnull=True)
        .count(),
        "rounds": list(rounds_for_user(user).filter(status=RoundStatus.OPEN)[:5]),
        "workshops": list(
            workshops_for_user(user).filter(starts_at__gte=timezone.now()).order_by("starts_at")[:3]
        ),
    }
