from django.utils.translation import gettext_lazy as _

from core.cache import DEFAULT_TIMEOUT, user_scope
from core.fragments import cached_html
from core.registry import DashboardSection, rendered

from . import selectors
from .enums import OPEN_STATES, BookingState, ListingStatus


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not user.is_municipal:
        return []
    # The cards' figures are cached per user and invalidated by any change to the
    # municipality's bookings, listings, transport tasks or reuses (caching.py).
    namespace = selectors.org_namespace(user.organization_id)
    scope = user_scope(user)

    def cards() -> list[DashboardSection]:
        result = []
        if user.has_role("staff", "officer", "coordinator", "logistics", "admin"):
            result.append(
                DashboardSection(
                    title=_("Sharing"),
                    template="sharing/dashboard/staff.html",
                    context=_staff_card(user),
                    order=40,
                )
            )
        if user.has_role("logistics"):
            result.append(
                DashboardSection(
                    title=_("Transport queue"),
                    template="sharing/dashboard/logistics.html",
                    context=_logistics_card(user),
                    order=41,
                )
            )
        return rendered(result)

    return cached_html(namespace, ("cards", *scope), cards, timeout=DEFAULT_TIMEOUT)


def _staff_card(user) -> dict:
    return {
        "bookings": list(selectors.my_bookings(user).filter(state__in=OPEN_STATES)[:5]),
        "listing_count": selectors.listings_for_user(user)
        .filter(created_by=user, status=ListingStatus.ACTIVE)
        .count(),
        "pending": selectors.incoming_bookings(user).filter(state=BookingState.REQUESTED).count(),
        "impact": selectors.municipality_impact(user),
    }


def _logistics_card(user) -> dict:
    tasks = selectors.open_transport_tasks(user)
    return {"tasks": list(tasks[:5]), "open_count": tasks.count()}
