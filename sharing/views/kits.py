"""Kit pages: the list and a kit (reserved as one)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import (
    KitBookingForm,
)
from .common import _marketplace_user

# --- Kits ----------------------------------------------------------------------------


@login_required
def kit_list(request):
    user = _marketplace_user(request)
    kits = selectors.kits_for_user(user).prefetch_related("items__listing")
    return render(request, "sharing/kit_list.html", {"kits": kits})


@login_required
def kit_detail(request, pk: int):
    user = _marketplace_user(request)
    kit = get_object_or_404(selectors.kits_for_user(user), pk=pk)
    visible = selectors.listings_for_user(user).values("pk")
    items = kit.items.select_related("listing").filter(listing__in=visible)
    form = KitBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bookings = services.kit_request(
                user=user,
                kit=kit,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The whole kit is requested."))
            return redirect(bookings[0])
    from ..upkeep import kit_may_change

    return render(
        request,
        "sharing/kit_detail.html",
        {"kit": kit, "items": items, "form": form, "may_change": kit_may_change(user, kit)},
    )
