from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from .enums import NeedStatus, RoundStatus
from .selectors import needs_for_user, rounds_for_user, workshops_for_user


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not user.is_municipal:
        return []
    result = [
        DashboardSection(
            title=_("Your needs"),
            template="needs/dashboard/mine.html",
            context={
                "needs": list(needs_for_user(user).filter(author=user).order_by("-updated_at")[:5]),
                "to_assess": needs_for_user(user)
                .filter(
                    assessments__assessor=user,
                    status=NeedStatus.SUBMITTED,
                    answered_at__isnull=True,
                )
                .count(),
            },
            order=20,
        )
    ]
    if user.has_role("coordinator"):
        result.append(
            DashboardSection(
                title=_("Need identification"),
                template="needs/dashboard/coordinator.html",
                context={
                    "queue": needs_for_user(user)
                    .filter(status=NeedStatus.SUBMITTED, answered_at__isnull=True)
                    .count(),
                    "rounds": list(rounds_for_user(user).filter(status=RoundStatus.OPEN)[:5]),
                    "workshops": list(
                        workshops_for_user(user)
                        .filter(starts_at__gte=timezone.now())
                        .order_by("starts_at")[:3]
                    ),
                },
                order=21,
            )
        )
    return result
