"""The marketplace's listing cards, rendered once per content (core.fragments)."""

from django.utils.safestring import SafeString

from core.fragments import cached_fragments


def _shown(listing) -> tuple:
    photo = listing.ready_photos[0] if listing.ready_photos else None
    return (
        listing.pk,
        listing.title,
        listing.mode,
        listing.price_sek,
        listing.quantity,
        listing.condition,
        listing.organization.name,
        listing.location.name if listing.location_id else "",
        photo.pk if photo else "",
        photo.alt_text if photo else "",
    )


def listing_cards(listings) -> list[SafeString]:
    """HTML cards of `listings` (with `ready_photos` prefetched), in order."""
    return cached_fragments(
        "sharing:cards", "sharing/_listing_card.html", listings, name="listing", shown=_shown
    )
