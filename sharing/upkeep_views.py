"""Photo order and deletion, closing wanted ads (POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
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


# --- Kits ----------------------------------------------------------------------------------


def _own_listings(user):
    from .enums import ListingStatus

    return selectors.listings_for_user(user).filter(
        organization_id=user.organization_id, status=ListingStatus.ACTIVE
    )


@login_required
def kit_create(request):
    from .forms import KitForm

    if not request.user.has_perm("sharing.create_listing"):
        raise PermissionDenied
    form = KitForm(request.POST or None, initial={"visibility": "network"})
    if request.method == "POST" and form.is_valid():
        try:
            kit = upkeep.kit_save(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            from core.forms import apply_validation_error

            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The kit was created. Now put listings in it."))
            return redirect("sharing:kit-edit", pk=kit.pk)
    return render(request, "sharing/kit_form.html", {"form": form})


@login_required
def kit_edit(request, pk: int):
    from core.forms import apply_validation_error

    from .forms import KitForm, KitItemForm

    kit = get_object_or_404(selectors.kits_for_user(request.user), pk=pk)
    if not upkeep.kit_may_change(request.user, kit):
        raise PermissionDenied
    form = KitForm(
        initial={"title": kit.title, "description": kit.description, "visibility": kit.visibility}
    )
    item_form = KitItemForm(listings=_own_listings(request.user))
    if request.method == "POST" and "quantity" in request.POST:
        item_form = KitItemForm(request.POST, listings=_own_listings(request.user))
        if item_form.is_valid():
            try:
                upkeep.kit_item_set(user=request.user, kit=kit, **item_form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(item_form, exc)
            else:
                messages.success(request, _("The kit was saved."))
                return redirect("sharing:kit-edit", pk=kit.pk)
    elif request.method == "POST":
        form = KitForm(request.POST)
        if form.is_valid():
            try:
                upkeep.kit_save(user=request.user, kit=kit, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The kit was saved."))
                return redirect("sharing:kit-edit", pk=kit.pk)
    return render(
        request,
        "sharing/kit_edit.html",
        {
            "kit": kit,
            "form": form,
            "item_form": item_form,
            "items": kit.items.select_related("listing"),
        },
    )


@login_required
@require_POST
def kit_item_remove(request, pk: int, item_pk: int):
    kit = get_object_or_404(selectors.kits_for_user(request.user), pk=pk)
    if not upkeep.kit_may_change(request.user, kit):
        raise PermissionDenied
    item = get_object_or_404(kit.items.all(), pk=item_pk)
    upkeep.kit_item_remove(user=request.user, item=item)
    messages.success(request, _("The listing was taken out of the kit."))
    return redirect("sharing:kit-edit", pk=kit.pk)
