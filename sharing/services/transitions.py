"""The one entry point for a reservation's state, `booking_transition`, and what each
move does (units blocked or freed, rivals declined, waiting list offered, invoices,
reuse). The database's exclusion constraint is the last word on overlaps."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cache import bulk_updated
from core.history import acting_as

from ..enums import (
    ALLOWED_TRANSITIONS,
    BLOCKING_STATES,
    BookingState,
    ListingStatus,
    UnitStatus,
    WaitState,
)
from ..models import (
    Booking,
    BookingUnit,
    Listing,
    ListingUnit,
    TransportTask,
    WaitlistEntry,
)
from .booking_rules import _blocked_range, _notify_booking, _pick_units
from .impact import _record_reuse
from .invoicing import _invoice_rent, _invoice_sale
from .wanted import _close_fulfilled_wanted_ads

HOLD_HOURS = 48

# --- Transitions ----------------------------------------------------------------------


def booking_transition(
    *,
    user,
    booking: Booking,
    to: str,
    reply: str = "",
    would_buy_new: bool | None = None,
    system: bool = False,
) -> Booking:
    """The one entry point for a booking's state. Locks the row, checks the move and the
    actor, and does the side effects:

    - approved: units become blocking (the constraint decides); overlapping pending
      requests are declined with a message (or moved to other free units); transport task;
    - declined / cancelled / expired: units are freed; the waiting list is offered them;
    - picked_up: rent is invoiced; returned: the reuse is counted;
    - handed_over: units leave the listing, sale invoiced, reuse counted.

    A kit's bookings move together.
    """
    with transaction.atomic(), acting_as(user, reason=f"reservation {to}"):
        # Lock the listings first (in a fixed order): transitions on one listing run one
        # at a time, so two approvers never lock each other's rival requests in reverse.
        head = Booking.objects.values("listing_id", "kit_group").get(pk=booking.pk)
        listing_ids = (
            set(
                Booking.objects.filter(kit_group=head["kit_group"]).values_list(
                    "listing_id", flat=True
                )
            )
            if head["kit_group"]
            else {head["listing_id"]}
        )
        list(
            Listing.objects.select_for_update()
            .filter(pk__in=listing_ids)
            .order_by("pk")
            .values("pk")
        )
        locked = Booking.objects.select_for_update().select_related("listing").get(pk=booking.pk)
        group = [locked]
        if locked.kit_group and to in (
            BookingState.APPROVED,
            BookingState.DECLINED,
            BookingState.CANCELLED,
        ):
            group = list(
                Booking.objects.select_for_update()
                .select_related("listing")
                .filter(kit_group=locked.kit_group)
                .order_by("pk")
            )
        for item in group:
            _check_transition(user, item, to, system=system)
        for item in group:
            _apply_transition(user, item, to, reply=reply, would_buy_new=would_buy_new)
    booking.refresh_from_db()
    return booking


def _check_transition(user, booking: Booking, to: str, *, system: bool) -> None:
    allowed = ALLOWED_TRANSITIONS.get(booking.state, set())
    if to not in allowed:
        raise ValidationError(
            _("A reservation that is %(state)s cannot become %(to)s.")
            % {"state": booking.get_state_display().lower(), "to": BookingState(to).label.lower()}
        )
    if system:
        return
    if to == BookingState.CANCELLED:
        ok = user.has_perm("sharing.cancel_booking", booking)
    elif booking.state == BookingState.HELD and to == BookingState.APPROVED:
        ok = user.has_perm("sharing.answer_hold", booking)
    else:
        ok = user.has_perm("sharing.decide_booking", booking)
    if not ok:
        raise ValidationError(_("You may not do this with the reservation."))
    if to == BookingState.HANDED_OVER and booking.listing.is_timed:
        raise ValidationError(_("A loan is picked up and returned, not handed over."))
    if to == BookingState.PICKED_UP and not booking.listing.is_timed:
        raise ValidationError(_("Record the handover instead."))


def _apply_transition(user, booking: Booking, to: str, *, reply: str, would_buy_new) -> None:
    now = timezone.now()
    previous = booking.state
    booking.state = to
    fields = ["state", "updated_at"]
    if reply:
        booking.reply = reply
        fields.append("reply")
    if to == BookingState.APPROVED:
        booking.decided_at = now
        fields.append("decided_at")
        _activate_units(booking)
    elif to in (BookingState.DECLINED, BookingState.CANCELLED, BookingState.EXPIRED):
        booking.decided_at = booking.decided_at or now
        fields.append("decided_at")
        booking.units.update(active=False)
    elif to == BookingState.PICKED_UP:
        booking.picked_up_at = now
        booking.would_buy_new = would_buy_new
        fields += ["picked_up_at", "would_buy_new"]
    elif to == BookingState.RETURNED:
        booking.returned_at = now
        fields.append("returned_at")
        booking.units.update(active=False)
    elif to == BookingState.HANDED_OVER:
        booking.handed_over_at = now
        booking.would_buy_new = would_buy_new
        fields += ["handed_over_at", "would_buy_new"]
        ListingUnit.objects.filter(pk__in=booking.units.values("unit_id")).update(
            status=UnitStatus.TRANSFERRED
        )
        if not booking.listing.units.filter(status=UnitStatus.AVAILABLE).exists():
            Listing.objects.filter(pk=booking.listing_id).update(status=ListingStatus.GONE)
            bulk_updated(Listing, [booking.listing])  # no signal: caching.py's entries
    booking.save(update_fields=fields)

    if to == BookingState.APPROVED:
        _after_approval(booking)
        _notify_booking(
            booking,
            booking.requester,
            "approved",
            gettext_lazy("Your reservation was approved"),
            booking.reply,
        )
    elif to == BookingState.DECLINED:
        _notify_booking(
            booking,
            booking.requester,
            "declined",
            gettext_lazy("Your reservation was declined"),
            booking.reply,
        )
    elif to == BookingState.PICKED_UP:
        _invoice_rent(booking)
        _close_fulfilled_wanted_ads(booking)
    elif to == BookingState.RETURNED:
        _record_reuse(booking)
    elif to == BookingState.HANDED_OVER:
        _invoice_sale(booking)
        _record_reuse(booking)
        _close_fulfilled_wanted_ads(booking)
    if (
        to
        in (
            BookingState.DECLINED,
            BookingState.CANCELLED,
            BookingState.EXPIRED,
            BookingState.RETURNED,
        )
        and previous in BLOCKING_STATES
    ):
        _offer_to_waitlist(booking.listing)


def _activate_units(booking: Booking) -> None:
    """Make the booking's units blocking; if one was taken meanwhile, try other free units."""
    try:
        with transaction.atomic():
            booking.units.update(active=True)
        return
    except IntegrityError:
        pass
    blocked = booking.units.values_list("blocked", flat=True).first() or _blocked_range(
        booking.listing, booking.start_date, booking.end_date
    )
    units = _pick_units(booking.listing, blocked, booking.quantity, exclude_booking=booking)
    if len(units) < booking.quantity:
        raise ValidationError(
            _("The units are no longer free for these dates; decline the request instead.")
        )
    try:
        with transaction.atomic():
            booking.units.all().delete()
            BookingUnit.objects.bulk_create(
                BookingUnit(booking=booking, unit=unit, blocked=blocked, active=True)
                for unit in units
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone else has just reserved these units. Please try again.")
        ) from None


def _after_approval(booking: Booking) -> None:
    """Decline (or move) pending requests that wanted the same units; ask for transport."""
    mine = list(booking.units.values_list("unit_id", "blocked"))
    for unit_id, blocked in mine:
        rival_ids = set(
            BookingUnit.objects.filter(
                booking__state=BookingState.REQUESTED, unit_id=unit_id, blocked__overlap=blocked
            )
            .exclude(booking=booking)
            .values_list("booking_id", flat=True)
        )
        rivals = (
            Booking.objects.select_for_update()
            .select_related("listing")
            .filter(pk__in=rival_ids, state=BookingState.REQUESTED)
        )
        if booking.kit_group:
            rivals = rivals.exclude(kit_group=booking.kit_group)
        for rival in rivals.order_by("pk"):
            rival_blocked = _blocked_range(rival.listing, rival.start_date, rival.end_date)
            others = _pick_units(
                rival.listing, rival_blocked, rival.quantity, exclude_booking=rival
            )
            if len(others) >= rival.quantity:
                rival.units.all().delete()
                BookingUnit.objects.bulk_create(
                    BookingUnit(booking=rival, unit=u, blocked=rival_blocked) for u in others
                )
                continue
            rival.state = BookingState.DECLINED
            rival.decided_at = timezone.now()
            rival.reply = _(
                "Declined automatically: the units were given to another request for "
                "overlapping dates."
            )
            rival.save(update_fields=["state", "decided_at", "reply", "updated_at"])
            _notify_booking(
                rival,
                rival.requester,
                "declined",
                gettext_lazy("Your reservation was declined"),
                rival.reply,
            )
    if booking.transport_requested and not hasattr(booking, "transport"):
        listing = booking.listing
        TransportTask.objects.get_or_create(
            booking=booking,
            defaults={
                "pickup_address": f"{listing.location.name}, {listing.location.address}",
                "delivery_address": booking.delivery_address,
                "date": booking.start_date,
                "items": f"{booking.quantity} × {listing.title}",
            },
        )


def _offer_to_waitlist(listing: Listing) -> None:
    """Offer freed units to the first in line whose dates now fit; the offer holds the
    units until a deadline (the beat task expires it and moves on)."""
    for entry in listing.waitlist.filter(state=WaitState.WAITING).order_by("created_at", "id"):
        blocked = _blocked_range(listing, entry.start_date, entry.end_date)
        units = _pick_units(listing, blocked, 1)
        if not units:
            continue
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    listing=listing,
                    requester=entry.user,
                    requester_organization=entry.user.organization,
                    requester_department=entry.user.department,
                    quantity=1,
                    start_date=entry.start_date,
                    end_date=entry.end_date,
                    state=BookingState.HELD,
                    hold_until=timezone.now() + timedelta(hours=HOLD_HOURS),
                )
                BookingUnit.objects.create(
                    booking=booking, unit=units[0], blocked=blocked, active=True
                )
        except IntegrityError:
            continue
        entry.state = WaitState.OFFERED
        entry.booking = booking
        entry.save(update_fields=["state", "booking", "updated_at"])
        _notify_booking(
            booking,
            entry.user,
            "offered",
            gettext_lazy("A unit you waited for is held for you"),
            gettext_lazy("Confirm within 48 hours or it goes to the next in line."),
        )
        return


def holds_expire(*, now=None) -> int:
    now = now or timezone.now()
    count = 0
    for booking in Booking.objects.filter(state=BookingState.HELD, hold_until__lt=now):
        booking_transition(
            user=booking.requester, booking=booking, to=BookingState.EXPIRED, system=True
        )
        WaitlistEntry.objects.filter(booking=booking).update(state=WaitState.CANCELLED)
        count += 1
    return count
