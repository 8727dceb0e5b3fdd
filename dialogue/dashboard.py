"""Cards on the landing page. For supplier users it is the supplier portal home."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import user_scope
from core.fragments import cached_html
from core.registry import DashboardSection, rendered

from . import selectors
from .enums import RfiState

# Cards are cached per user; any change to an RFI, invitation, response, question or
# activity invalidates them (apps.py). Deadlines pass while cached: short entries.
CARDS = "dialogue:cards"
TIMEOUT = 60


def sections(request) -> list[DashboardSection]:
    user = request.user
    scope = user_scope(user)
    return cached_html(CARDS, scope, lambda: rendered(_sections(user)), timeout=TIMEOUT)


def _sections(user) -> list[DashboardSection]:
    if user.is_supplier_user:
        now = timezone.now()
        return [
            DashboardSection(
                title=_("Requests for information to you"),
                template="dialogue/dashboard/supplier_rfis.html",
                context={
                    "rfis": list(
                        selectors.rfi_list_for_supplier(user)
                        .filter(state=RfiState.PUBLISHED, deadline__gt=now)
                        .order_by("deadline")[:8]
                    )
                },
                order=10,
            ),
            DashboardSection(
                title=_("Questions and answers"),
                template="dialogue/dashboard/supplier_qa.html",
                context={
                    "clarifications": list(
                        selectors.clarifications_for_user(user)
                        .filter(published_at__isnull=False)
                        .order_by("-published_at")[:6]
                    )
                },
                order=20,
            ),
            DashboardSection(
                title=_("Invitations to meetings"),
                template="dialogue/dashboard/supplier_meetings.html",
                context={
                    "activities": list(
                        selectors.activities_for_user(user)
                        .filter(starts_at__gte=now - timedelta(days=1))
                        .order_by("starts_at")[:6]
                    )
                },
                order=30,
            ),
        ]
    if user.has_role("officer", "coordinator") and (user.is_municipal or user.is_platform_admin):
        return [
            DashboardSection(
                title=_("Market dialogue"),
                template="dialogue/dashboard/officer.html",
                context={
                    "rfis": list(
                        selectors.rfis_with_counts(user)
                        .exclude(state=RfiState.CANCELLED)
                        .order_by("-deadline")[:5]
                    ),
                    "waiting": selectors.clarifications_for_user(user)
                    .filter(published_at__isnull=True, rfi__state=RfiState.PUBLISHED)
                    .count(),
                },
                order=30,
            )
        ]
    return []
