"""The sharing marketplace: listings with units, bookings that never overlap, logistics,
internal invoices, wanted ads, exchanges and the frozen impact of every completed reuse.
One module per aggregate; this package re-exports every model."""

from .bookings import Booking, BookingUnit, WaitlistEntry
from .catalogue import Category, ImpactFactor, Location
from .exchange import ExchangeOffer
from .impact import Reuse
from .invoicing import InvoiceLine
from .kits import Kit, KitItem
from .listings import Listing, ListingPhoto, ListingUnit, new_label_code
from .transport import TransportTask
from .wanted import WantedAd, WantedMatch

__all__ = [
    "Booking",
    "BookingUnit",
    "Category",
    "ExchangeOffer",
    "ImpactFactor",
    "InvoiceLine",
    "Kit",
    "KitItem",
    "Listing",
    "ListingPhoto",
    "ListingUnit",
    "Location",
    "Reuse",
    "TransportTask",
    "WaitlistEntry",
    "WantedAd",
    "WantedMatch",
    "new_label_code",
]
