"""What every reservation obeys: which units are free, what a request must satisfy,
how a party is told. Shared by requests and transitions."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from organizations.enums import OrganizationKind

from ..enums import (
    BookingState,
    ListingStatus,
    Mode,
    UnitStatus,
)
from ..models import (
    Booking,
    BookingUnit,
    Listing,
)

# --- Booking helpers ------------------------------------------------------------------


def _blocked_range(listing: Listing, start: date, end: date | None) -> DateRange:
    if listing.is_timed:
        return DateRange(start, end + timedelta(days=listing.buffer_days + 1), "[)")
    return DateRange(start, None, "[)")


def _free_units(listing: Listing, blocked: DateRange, *, exclude_booking=None):
    taken = BookingUnit.objects.filter(unit__listing=listing, active=True, blocked__overlap=blocked)
    if exclude_booking is not None:
        taken = taken.exclude(booking=exclude_booking)
    return listing.units.filter(status=UnitStatus.AVAILABLE).exclude(pk__in=taken.values("unit_id"))


def _pick_units(listing: Listing, blocked: DateRange, quantity: int, *, exclude_booking=None):
    """Free units, preferring those no other pending request has asked for."""
    free = _free_units(listing, blocked, exclude_booking=exclude_booking)
    pending = BookingUnit.objects.filter(
        unit__listing=listing,
        booking__state=BookingState.REQUESTED,
        blocked__overlap=blocked,
    )
    if exclude_booking is not None:
        pending = pending.exclude(booking=exclude_booking)
    preferred = list(free.exclude(pk__in=pending.values("unit_id")).order_by("number")[:quantity])
    if len(preferred) < quantity:
        chosen = {u.pk for u in preferred}
        preferred += [u for u in free.order_by("number") if u.pk not in chosen][
            : quantity - len(preferred)
        ]
    return preferred


def _validate_request(*, user, listing: Listing, start, end, quantity) -> None:
    today = timezone.localdate()
    if not user.has_perm("sharing.reserve"):
        raise ValidationError(_("Only municipal staff may reserve."))
    if listing.status != ListingStatus.ACTIVE:
        raise ValidationError(_("This listing is no longer available."))
    if listing.mode in (Mode.SELL, Mode.GIVE_AWAY, Mode.EXCHANGE) and (
        user.organization.kind != OrganizationKind.MUNICIPALITY
        or listing.organization.kind != OrganizationKind.MUNICIPALITY
    ):
        raise ValidationError(
            _("Municipal property is sold or given away only between public organisations.")
        )
    errors: dict[str, str] = {}
    if quantity is None or quantity < 1:
        errors["quantity"] = _("Ask for at least one unit.")
    elif quantity > listing.quantity:
        errors["quantity"] = _("Only %(n)s units exist.") % {"n": listing.quantity}
    if start is None:
        errors["start_date"] = _("Give a start date.")
    elif start < today:
        errors["start_date"] = _("The start date has passed.")
    if listing.is_timed:
        if end is None:
            errors["end_date"] = _("Give an end date.")
        elif start and end < start:
            errors["end_date"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    last = end if listing.is_timed else start
    if start < listing.available_from or (listing.available_to and last > listing.available_to):
        raise ValidationError(
            {
                "start_date": _("The listing is available from %(start)s to %(end)s.")
                % {
                    "start": listing.available_from,
                    "end": listing.available_to or _("further notice"),
                }
            }
        )
    if start > today + timedelta(days=listing.horizon_days):
        raise ValidationError(
            {
                "start_date": _("You can book at most %(n)s days ahead.")
                % {"n": listing.horizon_days}
            }
        )
    if Booking.objects.filter(
        requester=user, state=BookingState.PICKED_UP, end_date__lt=today
    ).exists():
        raise ValidationError(
            _("You have items that are overdue. Return them before you reserve more.")
        )


def _notify_booking(booking: Booking, recipient, event: str, title, body="") -> None:
    notify(
        recipient=recipient,
        event=f"sharing.{event}",
        title=title,
        body=body,
        url=booking.get_absolute_url(),
        dedupe_key=f"sharing:{event}:{booking.pk}:{booking.state}",
    )
