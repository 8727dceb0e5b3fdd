"""The marketplace's listing cards, each rendered once and then read from the cache.

A card's cache key is a digest of everything the card shows (title, mode, price,
quantity, condition, municipality, location, photo, language), so a changed listing is a
new key and a card is never stale; nothing has to be invalidated. One round trip reads a
page's cards (core.cache.cached_many); without Redis the cards are rendered as before.
"""

import hashlib

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import cached_many

CARDS = "sharing:cards"
CARD_TIMEOUT = 24 * 3600


def _digest(listing, photo) -> str:
    shown = (
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
        get_language(),
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def listing_cards(listings) -> list[SafeString]:
    """HTML cards of `listings` (with `ready_photos` prefetched), in order."""
    template = get_template("sharing/_listing_card.html")

    def item(listing):
        photo = listing.ready_photos[0] if listing.ready_photos else None
        return (
            (_digest(listing, photo),),
            lambda: mark_safe(template.render({"listing": listing})),
        )

    return cached_many(CARDS, [item(listing) for listing in listings], timeout=CARD_TIMEOUT)
