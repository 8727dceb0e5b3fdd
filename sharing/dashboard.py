from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from . import selectors
from .enums import OPEN_STATES, BookingState, ListingStatus


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not user.is_municipal:
        return []
    result = []
    if user.has_role("staff", "officer", "coordinator", "logistics", "admin"):
        bookings = list(selectors.my_bookings(user).filter(state__in=OPEN_STATES)[:5])
        impact = selectors.municipality_impact(user)
        result.append(
            DashboardSection(
                title=_("Sharing"),
                template="sharing/dashboard/staff.html",
                context={
                    "bookings": bookings,
                    "listing_count": selectors.listings_for_user(user)
                    .filter(created_by=user, status=ListingStatus.ACTIVE)
                    .count(),
                    "pending": selectors.incoming_bookings(user)
                    .filter(state=BookingState.REQUESTED)
                    .count(),
                    "impact": impact,
                },
                order=40,
            )
        )
    if user.has_role("logistics"):
        tasks = selectors.open_transport_tasks(user)
        result.append(
            DashboardSection(
                title=_("Transport queue"),
                template="sharing/dashboard/logistics.html",
                context={"tasks": list(tasks[:5]), "open_count": tasks.count()},
                order=41,
            )
        )
    return result
