"""Reservation pages: request, waiting list, the lists and a reservation's actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.forms import apply_validation_error

from .. import selectors, services
from ..enums import BookingState
from ..forms import (
    BookingForm,
    DecisionForm,
    WaitlistForm,
)
from .common import _marketplace_user


@login_required
def booking_list_csv(request):
    """The user's own reservations as CSV (the list on the reservations page)."""
    user = _marketplace_user(request)
    qs = selectors.my_bookings(user).select_related("listing", "requester_organization")
    header = [_("Listing"), _("From"), _("To"), _("Quantity"), _("State"), _("Department"),
              _("Cost centre"), _("Requested")]  # fmt: skip
    rows = (
        [
            b.listing.title,
            b.start_date,
            b.end_date,
            b.quantity,
            b.get_state_display(),
            b.requester_department,
            b.cost_centre,
            b.created_at,
        ]
        for b in qs.iterator(chunk_size=500)
    )
    return csv_response(_("reservations"), header, rows, request=request)


# --- Bookings ------------------------------------------------------------------------


@login_required
def booking_create(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.active_listings_for_user(user), pk=pk)
    form = BookingForm(
        request.POST or None, listing=listing, initial={"department": user.department}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_request(
                user=user,
                listing=listing,
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                quantity=data["quantity"],
                message=data["message"],
                department=data["department"],
                cost_centre=data["cost_centre"],
                transport=data["transport"],
                delivery_address=data["delivery_address"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if booking.state == BookingState.APPROVED:
                messages.success(request, _("Booked. The units are yours for these dates."))
            else:
                messages.success(request, _("Your request is sent to the owner."))
            return redirect(booking)
    return render(request, "sharing/booking_form.html", {"form": form, "listing": listing})


@login_required
@require_POST
def waitlist_join(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.active_listings_for_user(user), pk=pk)
    form = WaitlistForm(request.POST)
    if form.is_valid():
        try:
            services.waitlist_join(
                user=user,
                listing=listing,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You are on the waiting list."))
    else:
        messages.error(request, _("Give the dates you need."))
    return redirect(listing)


@login_required
def booking_list(request):
    user = _marketplace_user(request)
    mine = Paginator(selectors.my_bookings(user), 25).get_page(request.GET.get("page"))
    incoming = selectors.incoming_bookings(user).filter(
        state__in=[BookingState.REQUESTED, BookingState.APPROVED, BookingState.PICKED_UP]
    )[:50]
    return render(
        request,
        "sharing/booking_list.html",
        {"page_obj": mine, "bookings": mine.object_list, "incoming": incoming},
    )


ACTIONS = {
    "approve": BookingState.APPROVED,
    "decline": BookingState.DECLINED,
    "cancel": BookingState.CANCELLED,
    "pickup": BookingState.PICKED_UP,
    "return": BookingState.RETURNED,
    "handover": BookingState.HANDED_OVER,
    "confirm": BookingState.APPROVED,
}


@login_required
def booking_detail(request, pk: int):
    user = _marketplace_user(request)
    booking = get_object_or_404(selectors.bookings_for_user(user), pk=pk)
    can_decide = user.has_perm("sharing.decide_booking", booking)
    can_cancel = user.has_perm("sharing.cancel_booking", booking)
    return render(
        request,
        "sharing/booking_detail.html",
        {
            "booking": booking,
            "units": booking.units.select_related("unit"),
            "can_decide": can_decide,
            "can_cancel": can_cancel,
            "can_confirm": user.has_perm("sharing.confirm_hold", booking),
            "form": DecisionForm(),
            "reuse": getattr(booking, "reuse", None)
            if booking.state in (BookingState.RETURNED, BookingState.HANDED_OVER)
            else None,
        },
    )


@login_required
@require_POST
def booking_action(request, pk: int, action: str):
    user = _marketplace_user(request)
    booking = get_object_or_404(selectors.bookings_for_user(user), pk=pk)
    to = ACTIONS.get(action)
    if to is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.booking_transition(
            user=user,
            booking=booking,
            to=to,
            reply=data.get("reply", ""),
            would_buy_new=data.get("would_buy_new"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        booking.refresh_from_db()
        messages.success(
            request,
            _("The reservation is now: %(state)s.") % {"state": booking.get_state_display()},
        )
    return redirect(booking)
