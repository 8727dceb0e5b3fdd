"""The pick-up locations pages of a municipality's administrator or logistics staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from . import locations
from .forms import LocationForm


def _manager(request):
    if not request.user.has_perm("sharing.manage_locations", request.user.organization):
        raise PermissionDenied
    return request.user


@login_required
def location_list(request):
    user = _manager(request)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            locations.location_save(by=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The location was added."))
            return redirect("sharing:location-list")
    rows = locations.locations_for_user(user).filter(organization=user.organization)
    return render(request, "sharing/location_list.html", {"form": form, "locations": rows})


@login_required
def location_edit(request, pk: int):
    user = _manager(request)
    location = get_object_or_404(
        locations.locations_for_user(user).filter(organization=user.organization), pk=pk
    )
    form = LocationForm(
        request.POST or None,
        initial={
            "name": location.name,
            "address": location.address,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "is_primary": location.is_primary,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            locations.location_save(by=user, location=location, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The location was saved."))
            return redirect("sharing:location-list")
    return render(request, "sharing/location_edit.html", {"form": form, "location": location})


@login_required
@require_POST
def location_delete(request, pk: int):
    user = _manager(request)
    location = get_object_or_404(
        locations.locations_for_user(user).filter(organization=user.organization), pk=pk
    )
    try:
        locations.location_delete(location=location, by=user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The location was deleted."))
    return redirect("sharing:location-list")
