"""Pages for workshops."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..forms import (
    WorkshopForm,
)
from ..ics import workshop_ics
from .common import (
    PAGE_SIZE,
)


@login_required
def workshop_list(request):
    qs = (
        selectors.workshops_for_user(request.user)
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("-starts_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/workshop_list.html", {"page_obj": page})


def _workshop_fields(cleaned: dict) -> dict:
    return {
        k: v
        for k, v in cleaned.items()
        if k not in {"network", "participants", "needs", "challenges"}
    }


@login_required
def workshop_create(request):
    if not request.user.has_perm("needs.add_workshop"):
        raise PermissionDenied
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_create(
                by=request.user,
                network=data["network"],
                participants=data["participants"],
                needs=data["needs"],
                challenges=data["challenges"],
                **_workshop_fields(data),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The workshop was planned and the invitations sent."))
            return redirect(workshop)
    return render(request, "needs/workshop_form.html", {"form": form})


@login_required
def workshop_edit(request, pk: int):
    workshop = get_object_or_404(selectors.workshops_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.change_workshop", workshop):
        raise PermissionDenied
    form = WorkshopForm(request.POST or None, instance=workshop, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.workshop_update(
                workshop=workshop,
                by=request.user,
                participants=data["participants"],
                needs=data["needs"],
                challenges=data["challenges"],
                **_workshop_fields(data),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(workshop)
    return render(request, "needs/workshop_form.html", {"form": form, "workshop": workshop})


@login_required
def workshop_detail(request, pk: int):
    user = request.user
    workshop = get_object_or_404(selectors.workshops_for_user(user), pk=pk)
    can_edit = user.has_perm("needs.change_workshop", workshop)
    context = {
        "workshop": workshop,
        "participations": workshop.participations.select_related(
            "user", "user__organization"
        ).order_by("user__organization__name", "user__full_name"),
        "needs": selectors.needs_for_user(user).filter(workshops=workshop),
        "challenges": selectors.challenges_for_user(user).filter(workshops=workshop),
        "can_edit": can_edit,
        "guests": selectors.guests_of(workshop) if can_edit else (),
        "can_invite": user.has_perm("needs.invite_guest", workshop),
        "can_record_attendance": user.has_perm("needs.record_attendance", workshop),
    }
    return render(request, "needs/workshop_detail.html", context)


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
