"""Daily reminders: pick-ups, returns and late returns."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..enums import (
    BookingState,
)
from ..models import (
    Booking,
)
from .booking_rules import _notify_booking

# --- Reminders ------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> dict:
    """Pickup reminders (approved, starts tomorrow), return reminders (picked up, ends
    tomorrow) and late notices (picked up, end passed). Each goes out once."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    now = timezone.now()
    counts = {"pickup": 0, "return": 0, "late": 0}
    for booking in Booking.objects.select_related("listing", "requester").filter(
        state=BookingState.APPROVED, start_date=tomorrow, reminded_pickup_at__isnull=True
    ):
        _notify_booking(
            booking,
            booking.requester,
            "pickup_reminder",
            gettext_lazy("Pickup tomorrow"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(reminded_pickup_at=now)
        counts["pickup"] += 1
    for booking in Booking.objects.select_related("listing", "requester").filter(
        state=BookingState.PICKED_UP, end_date=tomorrow, reminded_return_at__isnull=True
    ):
        _notify_booking(
            booking,
            booking.requester,
            "return_reminder",
            gettext_lazy("Return due tomorrow"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(reminded_return_at=now)
        counts["return"] += 1
    for booking in Booking.objects.select_related(
        "listing", "requester", "listing__created_by"
    ).filter(state=BookingState.PICKED_UP, end_date__lt=today, late_notice_at__isnull=True):
        _notify_booking(
            booking,
            booking.requester,
            "late",
            gettext_lazy("Your return is late"),
            booking.listing.title,
        )
        _notify_booking(
            booking,
            booking.listing.created_by,
            "late_owner",
            gettext_lazy("A borrowed item is late"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(late_notice_at=now)
        counts["late"] += 1
    return counts
