"""The people taking part in a sprint: added, removed, absent; their invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import forms, selectors, services
from ._common import managed_call_off


@login_required
def participant_add(request, pk: int):
    call_off = managed_call_off(request, pk)
    form = forms.ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_add(call_off=call_off, by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": data["name"]})
            return redirect(call_off)
    return render(request, "sprints/participant_form.html", {"form": form, "call_off": call_off})


@login_required
@require_POST
def participant_remove(request, pk: int, participant_pk: int):
    call_off = managed_call_off(request, pk)
    participant = get_object_or_404(selectors.participants_of(call_off), pk=participant_pk)
    services.participant_remove(participant=participant, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": participant.name})
    return redirect(call_off)


@login_required
def participant_absence(request, pk: int, participant_pk: int):
    call_off = managed_call_off(request, pk)
    participant = get_object_or_404(selectors.participants_of(call_off), pk=participant_pk)
    form = forms.AbsenceForm(
        request.POST or None,
        call_off=call_off,
        initial={"sessions": participant.absent_from.all()},
    )
    if request.method == "POST" and form.is_valid():
        services.participant_set_absence(
            participant=participant, by=request.user, sessions=form.cleaned_data["sessions"]
        )
        messages.success(request, _("The absence was saved."))
        return redirect(call_off)
    return render(
        request,
        "sprints/participant_absence.html",
        {"form": form, "call_off": call_off, "participant": participant},
    )


@login_required
@require_POST
def invitations_send(request, pk: int):
    call_off = managed_call_off(request, pk)
    try:
        services.invitations_send(call_off=call_off, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Invitations are on their way to the participants."))
    return redirect(call_off)
