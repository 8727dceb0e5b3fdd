"""What sharing caches and which changes forget it (core.cache), connected in apps.py.

- a municipality's sharing figures (its dashboard cards): any save or delete of one of
  its bookings, listings, transport tasks or reuses, whichever service (or the admin)
  made the change (selectors.org_namespace);
- the category tree: any category change;
- the impact figures: any reuse;
- the marketplace's municipality facet (the municipalities with a listing shared with
  everyone): a listing that is, or was when loaded, shared with everyone.
"""

from django.db.models.signals import post_init

from core.cache import invalidate_on_change

from .models import Booking, Category, Listing, Reuse, TransportTask
from .selectors import CATEGORIES, IMPACT, MUNICIPALITY_FACET, org_namespace


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


def _remember_visibility(sender, instance, **kwargs) -> None:
    instance._loaded_visibility = instance.__dict__.get("visibility")


def _facet(listing: Listing) -> list[str]:
    was = getattr(listing, "_loaded_visibility", None)
    return [MUNICIPALITY_FACET] if "all" in (listing.visibility, was) else []


def connect() -> None:
    post_init.connect(_remember_visibility, sender=Listing, dispatch_uid="sharing-visibility")
    invalidate_on_change(_facet, Listing)
    invalidate_on_change(IMPACT, Reuse)
    invalidate_on_change(CATEGORIES, Category)
    invalidate_on_change(_namespaces, Booking, Listing, TransportTask, Reuse)
