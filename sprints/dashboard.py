"""Cards on the landing page: offers waiting for the supplier's answer and booked sessions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import user_scope
from core.fragments import cached_html
from core.registry import DashboardSection, rendered

from .enums import OfferState
from .selectors import booked_sessions_for_supplier, call_offs_for_user, offers_for_supplier

# Cards are cached per user; any change to a call-off, offer or session invalidates them
# (apps.py). Response deadlines pass while cached: short entries.
CARDS = "sprints:cards"
TIMEOUT = 60


def sections(request) -> list[DashboardSection]:
    user = request.user
    scope = user_scope(user)
    return cached_html(CARDS, scope, lambda: rendered(_sections(user)), timeout=TIMEOUT)


def _sections(user) -> list[DashboardSection]:
    now = timezone.now()
    if user.is_supplier_user:
        offers = list(
            offers_for_supplier(user)
            .filter(state=OfferState.PENDING, response_deadline__gt=now)
            .order_by("response_deadline")[:10]
        )
        sessions = list(booked_sessions_for_supplier(user, start=now).order_by("period")[:10])
        return [
            DashboardSection(
                title=_("Sprint offers waiting for your answer"),
                template="sprints/dashboard/offers.html",
                context={"offers": offers},
                order=10,
            ),
            DashboardSection(
                title=_("Booked sprint sessions"),
                template="sprints/dashboard/sessions.html",
                context={"sessions": sessions},
                order=11,
            ),
        ]
    if user.is_municipal:
        upcoming = list(
            call_offs_for_user(user)
            .filter(end_date__gte=timezone.localdate())
            .exclude(state__in=["cancelled", "no_supplier"])
            .order_by("start_date")[:5]
        )
        return [
            DashboardSection(
                title=_("Design sprints"),
                template="sprints/dashboard/call_offs.html",
                context={"call_offs": upcoming},
                order=40,
            )
        ]
    return []
