"""Photo order and deletion, closing wanted ads (POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import messages_from_error

from . import selectors, upkeep


def _photo(request, pk: int):
    photo = get_object_or_404(
        selectors.photos_for_user(request.user).select_related("listing"), pk=pk
    )
    if not request.user.has_perm("sharing.change_listing", photo.listing):
        raise PermissionDenied
    return photo


@login_required
@require_POST
def photo_move(request, pk: int):
    photo = _photo(request, pk)
    upkeep.photo_move(user=request.user, photo=photo, up=request.POST.get("up") == "1")
    messages.success(request, _("The photos' order was saved."))
    return redirect(photo.listing)


@login_required
@require_POST
def photo_delete(request, pk: int):
    photo = _photo(request, pk)
    upkeep.photo_delete(user=request.user, photo=photo)
    messages.success(request, _("The photo was deleted."))
    return redirect(photo.listing)


@login_required
@require_POST
def wanted_close(request, pk: int):
    ad = get_object_or_404(upkeep.wanted_ads_closable(request.user), pk=pk)
    try:
        upkeep.wanted_ad_close(user=request.user, ad=ad)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The wanted ad was closed."))
    return redirect("sharing:wanted-list")


@login_required
@require_POST
def booking_extend(request, pk: int):
    from django.contrib.messages import error

    from .forms import ExtendForm

    booking = get_object_or_404(selectors.bookings_for_user(request.user), pk=pk)
    if not request.user.has_perm("sharing.decide_booking", booking):
        raise PermissionDenied
    form = ExtendForm(request.POST)
    if not form.is_valid():
        error(request, _("Choose the new last day."))
        return redirect(booking)
    try:
        upkeep.booking_extend(user=request.user, booking=booking, **form.cleaned_data)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The loan was extended."))
    return redirect(booking)
