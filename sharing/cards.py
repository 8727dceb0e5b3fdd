"""The marketplace's listing cards, rendered once per content (core.fragments)."""

from decimal import Decimal
from typing import NamedTuple

from django.urls import reverse
from django.utils.safestring import SafeString

from core.fragments import cached_fragments

from .enums import Condition, Mode


class ListingCard(NamedTuple):
    """What a card shows of a listing (read by selectors.listing_cards_by_id); being a
    tuple, it is its own fragment key."""

    pk: int
    title: str
    mode: str
    price_sek: Decimal | None
    quantity: int
    condition: str
    organization_name: str
    location_name: str
    photo_id: int | None
    photo_alt_text: str

    def get_absolute_url(self) -> str:
        return reverse("sharing:listing-detail", kwargs={"pk": self.pk})

    def get_mode_display(self) -> str:
        return Mode(self.mode).label

    def get_condition_display(self) -> str:
        return Condition(self.condition).label


def listing_cards(cards: list[ListingCard]) -> list[SafeString]:
    """The HTML of `cards`, in order."""
    return cached_fragments(
        "sharing:cards", "sharing/_listing_card.html", cards, name="listing", shown=tuple
    )
