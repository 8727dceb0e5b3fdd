"""A municipality's cached sharing figures (its dashboard cards) are invalidated whenever
one of its bookings, listings, transport tasks or reuses is saved or deleted, whichever
service (or the admin) made the change; the cached category tree, whenever a category
changes. See core.cache and selectors.org_namespace."""

from django.db.models.signals import post_delete, post_save

from core.cache import invalidate

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


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    if sender is Booking:
        orgs = _booking_orgs(instance)
    elif sender is TransportTask:
        orgs = _booking_orgs(instance.booking)
    elif sender is Reuse:
        orgs = [instance.giver_id, instance.receiver_id]
    else:  # Listing
        orgs = [instance.organization_id]
    invalidate(*(org_namespace(org) for org in orgs if org))


def _category_changed(sender, instance, **kwargs) -> None:
    invalidate(CATEGORIES)


def connect() -> None:
    post_save.connect(_category_changed, sender=Category, dispatch_uid="sharing-categories")
    post_delete.connect(_category_changed, sender=Category, dispatch_uid="sharing-categories-del")
    for model in (Booking, Listing, TransportTask, Reuse):
        post_save.connect(_changed, sender=model, dispatch_uid=f"sharing-cache-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"sharing-cache-del-{model.__name__}"
        )
