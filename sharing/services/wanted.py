"""Wanted ads: made, matched against new listings, closed when fulfilled."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify

from ..enums import (
    ListingStatus,
)
from ..models import (
    Booking,
    Listing,
    WantedAd,
)

# --- Wanted ads -----------------------------------------------------------------------


def wanted_ad_create(*, user, title: str, words: str, category=None, quantity: int = 1) -> WantedAd:
    if not user.is_municipal:
        raise ValidationError(_("Only municipal staff may post wanted ads."))
    if not words.strip():
        raise ValidationError({"words": _("Give at least one search word.")})
    return WantedAd.objects.create(
        organization=user.organization,
        created_by=user,
        title=title,
        words=words,
        category=category,
        quantity=quantity,
    )


def wanted_ads_match(*, listing_id: int) -> int:
    """Notify the owners of active wanted ads that match a new listing (category subtree
    and any of the words, in Swedish full text) and can see it. Idempotent per ad/listing."""
    from django.contrib.postgres.search import SearchQuery

    from ..models import WantedMatch
    from ..selectors import listings_for_user

    listing = Listing.objects.select_related("category").filter(pk=listing_id).first()
    if listing is None or listing.status != ListingStatus.ACTIVE:
        return 0
    ancestors = []
    parts = listing.category.path.split("/")
    for depth in range(1, len(parts) + 1):
        ancestors.append("/".join(parts[:depth]))
    ads = WantedAd.objects.filter(is_active=True).select_related("created_by", "category")
    ads = ads.filter(models_q_category(ancestors)).exclude(organization=listing.organization)
    sent = 0
    for ad in ads:
        query = SearchQuery(
            " OR ".join(ad.words.split()), config="swedish", search_type="websearch"
        )
        if not Listing.objects.filter(pk=listing.pk, search_vector=query).exists():
            continue
        if not listings_for_user(ad.created_by).filter(pk=listing.pk).exists():
            continue
        _match, created = WantedMatch.objects.get_or_create(ad=ad, listing=listing)
        if not created:
            continue
        notify(
            recipient=ad.created_by,
            event="sharing.wanted_match",
            title=gettext_lazy("A listing matches your wanted ad"),
            body=listing.title,
            url=listing.get_absolute_url(),
            dedupe_key=f"sharing:wanted:{ad.pk}:{listing.pk}",
        )
        sent += 1
    return sent


def models_q_category(paths):
    from django.db.models import Q

    return Q(category__isnull=True) | Q(category__path__in=paths)


def _close_fulfilled_wanted_ads(booking: Booking) -> None:
    """The requester got an item their wanted ad matched: the ad has done its work."""
    WantedAd.objects.filter(
        created_by=booking.requester_id, is_active=True, matches__listing=booking.listing_id
    ).update(is_active=False, updated_at=timezone.now())
