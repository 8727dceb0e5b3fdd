"""Writes for the marketplace, one module per aggregate. Every state change of a booking
goes through `booking_transition` (bookings); the database's exclusion constraint is the
last word on overlaps. This package re-exports the public names (and the few helpers
other sharing modules use) so callers keep importing `sharing.services`."""

from .booking_rules import _blocked_range, _notify_booking, _pick_units
from .bookings import booking_request, kit_request, waitlist_join
from .exchange import (
    exchange_accept,
    exchange_complete,
    exchange_decline,
    exchange_offer,
    exchange_withdraw,
)
from .impact import factor_for, impact_factor_update
from .invoicing import VAT_RATE
from .listings import (
    LISTING_FIELDS,
    PHOTO_MAX_BYTES,
    PHOTOS_PER_LISTING,
    listing_create,
    listing_update,
    listing_withdraw,
    location_create,
    photo_add,
    photo_process,
)
from .reminders import reminders_send
from .transitions import HOLD_HOURS, booking_transition, holds_expire
from .transport import transport_assign, transport_done
from .wanted import models_q_category, wanted_ad_create, wanted_ads_match

__all__ = [
    "HOLD_HOURS",
    "LISTING_FIELDS",
    "PHOTOS_PER_LISTING",
    "PHOTO_MAX_BYTES",
    "VAT_RATE",
    "_blocked_range",
    "_notify_booking",
    "_pick_units",
    "booking_request",
    "booking_transition",
    "exchange_accept",
    "exchange_complete",
    "exchange_decline",
    "exchange_offer",
    "exchange_withdraw",
    "factor_for",
    "holds_expire",
    "impact_factor_update",
    "kit_request",
    "listing_create",
    "listing_update",
    "listing_withdraw",
    "location_create",
    "models_q_category",
    "photo_add",
    "photo_process",
    "reminders_send",
    "transport_assign",
    "transport_done",
    "waitlist_join",
    "wanted_ad_create",
    "wanted_ads_match",
]
