"""Pages for rooms (municipalities), facilitator teams (suppliers) and closure days."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import resources
from ..forms import RoomForm, TeamForm


def _may(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def room_list(request):
    _may(request, "sprints.manage_rooms")
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resources.room_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The room was added."))
            return redirect("sprints:room-list")
    rooms = resources.rooms_for_user(request.user)
    return render(request, "sprints/room_list.html", {"form": form, "rooms": rooms})


@login_required
def room_edit(request, pk: int):
    _may(request, "sprints.manage_rooms")
    room = get_object_or_404(resources.rooms_for_user(request.user), pk=pk)
    form = RoomForm(
        request.POST or None,
        initial={"name": room.name, "address": room.address, "capacity": room.capacity},
    )
    if request.method == "POST" and form.is_valid():
        try:
            resources.room_save(by=request.user, room=room, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The room was saved."))
            return redirect("sprints:room-list")
    return render(
        request, "sprints/resource_edit.html", {"form": form, "object": room, "back": "room"}
    )


@login_required
def team_list(request):
    _may(request, "sprints.manage_teams")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resources.team_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The team was added."))
            return redirect("sprints:team-list")
    teams = resources.teams_for_user(request.user)
    return render(request, "sprints/team_list.html", {"form": form, "teams": teams})


@login_required
def team_edit(request, pk: int):
    _may(request, "sprints.manage_teams")
    team = get_object_or_404(resources.teams_for_user(request.user), pk=pk)
    form = TeamForm(request.POST or None, initial={"name": team.name, "members": team.members})
    if request.method == "POST" and form.is_valid():
        try:
            resources.team_save(by=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The team was saved."))
            return redirect("sprints:team-list")
    return render(
        request, "sprints/resource_edit.html", {"form": form, "object": team, "back": "team"}
    )


@login_required
@require_POST
def room_delete(request, pk: int):
    _may(request, "sprints.manage_rooms")
    room = get_object_or_404(resources.rooms_for_user(request.user), pk=pk)
    _delete(request, room)
    return redirect("sprints:room-list")


@login_required
@require_POST
def team_delete(request, pk: int):
    _may(request, "sprints.manage_teams")
    team = get_object_or_404(resources.teams_for_user(request.user), pk=pk)
    _delete(request, team)
    return redirect("sprints:team-list")


def _delete(request, obj) -> None:
    try:
        resources.resource_delete(obj=obj, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("%(name)s was deleted.") % {"name": obj.name})


@login_required
@require_POST
def closure_day_delete(request, pk: int):
    _may(request, "sprints.manage_closure_days")
    day = get_object_or_404(resources.closure_days_for_user(request.user), pk=pk)
    resources.closure_day_delete(day=day, by=request.user)
    messages.success(request, _("The closure day was removed."))
    return redirect("sprints:closure-days")
