"""A municipality's cached sharing figures (its dashboard cards) are invalidated whenever
one of its bookings, listings, transport tasks or reuses is saved or deleted, whichever
service (or the admin) made the change; the cached category tree, whenever a category
changes. See core.cache and selectors.org_namespace."""

from core.cache import invalidate_on_change

from .models import Booking, Category, Listing, Reuse, TransportTask
from .selectors import CATEGORIES, org_namespace


def _booking_orgs(booking: Booking) -> list[int]:
    if Booking.listing.is_cached(booking):
        owner = booking.listing.organization_id
    else:
        owner = (
            Listing.objects.filter(pk=booking.listing_id)
            .values_list("organization_id", flat=True)
            .first()
        )
    return [booking.requester_organization_id, owner]


def _namespaces(instance) -> list[str]:
    if isinstance(instance, Booking):
        orgs = _booking_orgs(instance)
    elif isinstance(instance, TransportTask):
        orgs = _booking_orgs(instance.booking)
    elif isinstance(instance, Reuse):
        orgs = [instance.giver_id, instance.receiver_id]
    else:  # Listing
        orgs = [instance.organization_id]
    return [org_namespace(org) for org in orgs if org]


def connect() -> None:
    invalidate_on_change(CATEGORIES, Category)
    invalidate_on_change(_namespaces, Booking, Listing, TransportTask, Reuse)
