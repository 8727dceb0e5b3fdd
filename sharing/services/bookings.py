"""Reservation requests: a single listing, a kit (all or nothing), the waiting list."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as

from ..enums import (
    BookingState,
)
from ..models import (
    Booking,
    BookingUnit,
    Kit,
    Listing,
    WaitlistEntry,
)
from .booking_rules import _blocked_range, _notify_booking, _pick_units, _validate_request
from .transitions import _after_approval

# --- Booking requests -----------------------------------------------------------------


def booking_request(
    *,
    user,
    listing: Listing,
    start_date: date,
    end_date: date | None = None,
    quantity: int = 1,
    message: str = "",
    department: str = "",
    cost_centre: str = "",
    transport: bool = False,
    delivery_address: str = "",
    kit: Kit | None = None,
    kit_group=None,
) -> Booking:
    """Ask for `quantity` units. Listings without approval book at once; the database's
    exclusion constraint refuses a unit already taken, and the loser gets a message.
    Side effects: the owner (or the requester, for an instant booking) is notified."""
    if not listing.is_timed:
        end_date = None
    _validate_request(user=user, listing=listing, start=start_date, end=end_date, quantity=quantity)
    if transport and not delivery_address:
        raise ValidationError({"delivery_address": _("Give a delivery address for transport.")})
    blocked = _blocked_range(listing, start_date, end_date)
    instant = not listing.requires_approval
    with transaction.atomic(), acting_as(user, reason="reservation requested"):
        for attempt in range(3):
            units = _pick_units(listing, blocked, quantity)
            if len(units) < quantity:
                raise ValidationError(
                    {
                        "quantity": _(
                            "Only %(free)s of %(total)s units are free for these dates. "
                            "Choose other dates or join the waiting list."
                        )
                        % {"free": len(units), "total": listing.quantity}
                    }
                )
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        listing=listing,
                        requester=user,
                        requester_organization=user.organization,
                        requester_department=department or user.department,
                        cost_centre=cost_centre,
                        quantity=quantity,
                        start_date=start_date,
                        end_date=end_date,
                        message=message,
                        transport_requested=transport,
                        delivery_address=delivery_address,
                        kit=kit,
                        kit_group=kit_group,
                        state=BookingState.APPROVED if instant else BookingState.REQUESTED,
                        decided_at=timezone.now() if instant else None,
                    )
                    BookingUnit.objects.bulk_create(
                        BookingUnit(booking=booking, unit=unit, blocked=blocked, active=instant)
                        for unit in units
                    )
                break
            except IntegrityError:
                # Someone took a unit between our read and our write: look again.
                if attempt == 2:
                    raise ValidationError(
                        _("Someone else has just reserved these units. Please try other dates.")
                    ) from None
        if instant:
            _after_approval(booking)
        elif kit_group is None:
            _notify_booking(
                booking,
                listing.created_by,
                "requested",
                gettext_lazy("New reservation request"),
                booking.listing.title,
            )
    return booking


def kit_request(*, user, kit: Kit, start_date, end_date=None, message="", **extra) -> list[Booking]:
    """Reserve every listing of a kit as one: all of them or none."""
    group = uuid.uuid4()
    items = list(kit.items.select_related("listing", "listing__organization"))
    if not items:
        raise ValidationError(_("The kit is empty."))
    bookings = []
    with transaction.atomic():
        for item in items:
            try:
                bookings.append(
                    booking_request(
                        user=user,
                        listing=item.listing,
                        start_date=start_date,
                        end_date=end_date,
                        quantity=item.quantity,
                        message=message,
                        kit=kit,
                        kit_group=group,
                        **extra,
                    )
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("%(item)s: %(error)s")
                    % {"item": item.listing.title, "error": " ".join(exc.messages)}
                ) from exc
        if bookings and bookings[0].state == BookingState.REQUESTED:
            _notify_booking(
                bookings[0],
                kit.created_by,
                "kit_requested",
                gettext_lazy("New kit reservation request"),
                kit.title,
            )
    return bookings


def waitlist_join(*, user, listing: Listing, start_date: date, end_date: date | None = None):
    if not listing.is_timed:
        end_date = None
    if listing.is_timed and (end_date is None or end_date < start_date):
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                listing=listing, user=user, start_date=start_date, end_date=end_date
            )
    except IntegrityError:
        raise ValidationError(_("You are already on the waiting list.")) from None
