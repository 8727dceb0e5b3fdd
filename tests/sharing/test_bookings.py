"""Reservation requests, the exclusion constraint, approvals, waiting list and kits."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from notifications.models import Notification
from sharing import services
from sharing.enums import BookingState, WaitState
from sharing.models import (
    Booking,
    BookingUnit,
    Kit,
    KitItem,
)
from tests.sharing.helpers import _request

# --- Requests: bad input changes nothing ---------------------------------------------


def test_request_end_before_start_is_refused(listing, neighbour, dates):
    start, end = dates
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, listing, end, start)
    assert "end_date" in exc.value.error_dict
    assert not Booking.objects.exists()


def test_request_outside_availability_is_refused(listing, neighbour, today):
    listing.available_to = today + timedelta(days=10)
    listing.save()
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, listing, today + timedelta(days=8), today + timedelta(days=12))
    assert "tillgänglig" in exc.value.message_dict["start_date"][0]
    assert not Booking.objects.exists()


def test_request_quantity_above_what_exists_is_refused(chairs, neighbour, dates):
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, chairs, *dates, quantity=4)
    assert exc.value.message_dict["quantity"] == ["Endast 3 exemplar finns."]
    assert not Booking.objects.exists()


def test_request_beyond_horizon_is_refused(listing, neighbour, today):
    listing.horizon_days = 30
    listing.available_to = None
    listing.save()
    with pytest.raises(ValidationError):
        _request(neighbour, listing, today + timedelta(days=40), today + timedelta(days=41))


def test_request_in_the_past_is_refused(listing, neighbour, today):
    with pytest.raises(ValidationError):
        _request(neighbour, listing, today - timedelta(days=1), today)


def test_overdue_borrower_cannot_reserve_more(listing, chairs, neighbour, owner, today):
    booking = _request(neighbour, listing, today, today + timedelta(days=1))
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    Booking.objects.filter(pk=booking.pk).update(
        start_date=today - timedelta(days=3), end_date=today - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, chairs, today + timedelta(days=3), today + timedelta(days=4))
    assert "försenade" in str(exc.value)


def test_supplier_cannot_reserve(listing, supplier_user, dates):
    with pytest.raises(ValidationError):
        _request(supplier_user, listing, *dates)


# --- The constraint and approvals ---------------------------------------------------


def test_database_refuses_overlapping_active_units(listing, neighbour, dates):
    booking = _request(neighbour, listing, *dates)
    unit = listing.units.get()
    other = Booking.objects.create(
        listing=listing,
        requester=neighbour,
        requester_organization=neighbour.organization,
        start_date=dates[0],
        end_date=dates[1],
    )
    BookingUnit.objects.filter(booking=booking).update(active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingUnit.objects.create(
            booking=other, unit=unit, blocked=DateRange(dates[0], dates[1], "[]"), active=True
        )


def test_instant_listing_books_at_once_and_refuses_the_second(listing, neighbour, staff, dates):
    listing.requires_approval = False
    listing.save()
    first = _request(neighbour, listing, *dates)
    assert first.state == BookingState.APPROVED
    with pytest.raises(ValidationError) as exc:
        _request(staff, listing, *dates)
    assert "0 av 1" in str(exc.value)
    assert Booking.objects.count() == 1


def test_buffer_days_keep_a_gap_between_loans(chairs, neighbour, staff, owner, today):
    chairs.quantity = 1
    chairs.save()
    chairs.units.exclude(number=1).delete()
    first = _request(neighbour, chairs, today + timedelta(days=1), today + timedelta(days=3))
    services.booking_transition(user=owner, booking=first, to=BookingState.APPROVED)
    # The day after the return is the turnaround day.
    with pytest.raises(ValidationError):
        _request(staff, chairs, today + timedelta(days=4), today + timedelta(days=5))
    assert _request(staff, chairs, today + timedelta(days=5), today + timedelta(days=6))


def test_approving_declines_overlapping_pending_with_a_message(
    listing, neighbour, staff, owner, dates, mailoutbox
):
    winner = _request(neighbour, listing, *dates)
    loser = _request(staff, listing, dates[0] + timedelta(days=1), dates[1] + timedelta(days=1))
    services.booking_transition(user=owner, booking=winner, to=BookingState.APPROVED, reply="Ok")
    loser.refresh_from_db()
    assert loser.state == BookingState.DECLINED
    assert "överlappande" in loser.reply
    assert Notification.objects.filter(recipient=staff, event="sharing.declined").exists()


def test_approving_moves_pending_to_another_free_unit(chairs, neighbour, staff, owner, dates):
    first = _request(neighbour, chairs, *dates, quantity=2)
    second = _request(staff, chairs, *dates, quantity=1)
    services.booking_transition(user=owner, booking=first, to=BookingState.APPROVED)
    second.refresh_from_db()
    assert second.state == BookingState.REQUESTED
    services.booking_transition(user=owner, booking=second, to=BookingState.APPROVED)
    assert BookingUnit.objects.filter(active=True).count() == 3


def test_neighbour_cannot_approve(listing, neighbour, staff, dates):
    booking = _request(staff, listing, *dates)
    with pytest.raises(ValidationError):
        services.booking_transition(user=neighbour, booking=booking, to=BookingState.APPROVED)


@pytest.mark.parametrize(
    ("start_state", "to"),
    [
        (BookingState.DECLINED, BookingState.APPROVED),
        (BookingState.RETURNED, BookingState.PICKED_UP),
        (BookingState.REQUESTED, BookingState.RETURNED),
        (BookingState.CANCELLED, BookingState.APPROVED),
    ],
)
def test_illegal_transitions_are_refused(listing, neighbour, owner, dates, start_state, to):
    booking = _request(neighbour, listing, *dates)
    Booking.objects.filter(pk=booking.pk).update(state=start_state)
    with pytest.raises(ValidationError):
        services.booking_transition(user=owner, booking=booking, to=to)


def test_requester_may_cancel_and_units_are_freed(listing, neighbour, owner, staff, dates):
    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    assert not BookingUnit.objects.filter(active=True).exists()
    assert _request(staff, listing, *dates)


# --- Waiting list, kits ------------------------------------------------------------


def test_waitlist_first_in_line_gets_a_held_unit(listing, neighbour, staff, owner, dates):
    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    entry = services.waitlist_join(
        user=staff, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    entry.refresh_from_db()
    assert entry.state == WaitState.OFFERED
    assert entry.booking.state == BookingState.HELD
    assert Notification.objects.filter(recipient=staff, event="sharing.offered").exists()
    services.booking_transition(user=staff, booking=entry.booking, to=BookingState.APPROVED)


def test_expired_hold_is_released(listing, neighbour, staff, owner, dates):
    from django.utils import timezone

    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    entry = services.waitlist_join(
        user=staff, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    assert services.holds_expire(now=timezone.now() + timedelta(days=3)) == 1
    entry.refresh_from_db()
    assert entry.booking.state == BookingState.EXPIRED
    assert not BookingUnit.objects.filter(active=True).exists()


def test_kit_is_reserved_all_or_nothing(chairs, listing, neighbour, staff, owner, ystad, dates):
    kit = Kit.objects.create(organization=ystad, title="Klassrumsset", created_by=owner)
    KitItem.objects.create(kit=kit, listing=chairs, quantity=3)
    KitItem.objects.create(kit=kit, listing=listing, quantity=1)
    blocker = _request(staff, listing, *dates)
    services.booking_transition(user=owner, booking=blocker, to=BookingState.APPROVED)
    with pytest.raises(ValidationError) as exc:
        services.kit_request(user=neighbour, kit=kit, start_date=dates[0], end_date=dates[1])
    assert "Kontorsstol" in str(exc.value)
    assert Booking.objects.filter(kit=kit).count() == 0

    services.booking_transition(user=staff, booking=blocker, to=BookingState.CANCELLED)
    bookings = services.kit_request(user=neighbour, kit=kit, start_date=dates[0], end_date=dates[1])
    assert len(bookings) == 2
    services.booking_transition(user=owner, booking=bookings[0], to=BookingState.APPROVED)
    assert set(Booking.objects.filter(kit=kit).values_list("state", flat=True)) == {
        BookingState.APPROVED
    }
    assert BookingUnit.objects.filter(active=True, booking__kit=kit).count() == 4
