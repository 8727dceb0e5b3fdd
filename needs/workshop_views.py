"""Cancelling a workshop and its calendar file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import messages_from_error

from . import selectors, services
from .ics import workshop_ics


@login_required
@require_POST
def workshop_cancel(request, pk: int):
    workshop = get_object_or_404(selectors.workshops_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.change_workshop", workshop):
        raise PermissionDenied
    try:
        services.workshop_cancel(
            workshop=workshop, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The workshop is cancelled; the participants are told."))
    return redirect(workshop)


@login_required
def workshop_ics_download(request, pk: int):
    workshop = get_object_or_404(
        selectors.workshops_for_user(request.user).select_related("organizer"), pk=pk
    )
    response = HttpResponse(workshop_ics(workshop), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}.ics"'
    return response
