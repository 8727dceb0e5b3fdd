"""What a call-off books besides the supplier: a municipality's rooms and a supplier's
facilitator teams, kept on pages by the organisations themselves (writes and reads).

A room or team a session has used is never deleted (the database protects it); names are
unique within the organisation (constraints).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from core.history import acting_as
from organizations.selectors import scope_to_own_organization

from .models import ClosureDay, FacilitatorTeam, Room


def rooms_for_user(user) -> QuerySet[Room]:
    return scope_to_own_organization(Room.objects.annotate(session_count=Count("sessions")), user)


def teams_for_user(user) -> QuerySet[FacilitatorTeam]:
    return scope_to_own_organization(
        FacilitatorTeam.objects.annotate(session_count=Count("sessions")),
        user,
        owner_field="supplier",
    )


def closure_days_for_user(user) -> QuerySet[ClosureDay]:
    return scope_to_own_organization(ClosureDay.objects.all(), user)


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    return name


def room_save(
    *, by, name: str, address: str = "", capacity: int = 12, room: Room | None = None
) -> Room:
    if not by.has_perm("sprints.manage_rooms"):
        raise PermissionDenied(_("You may not change your municipality's rooms."))
    name = _clean_name(name)
    if capacity < 1:
        raise ValidationError({"capacity": _("A room has at least one seat.")})
    try:
        with transaction.atomic(), acting_as(by, reason="room"):
            room = room or Room(organization=by.organization)
            room.name, room.address, room.capacity = name, address.strip(), capacity
            room.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a room with this name.")}) from exc
    return room


def team_save(
    *, by, name: str, members: str = "", team: FacilitatorTeam | None = None
) -> FacilitatorTeam:
    if not by.has_perm("sprints.manage_teams"):
        raise PermissionDenied(_("You may not change your company's facilitator teams."))
    name = _clean_name(name)
    try:
        with transaction.atomic(), acting_as(by, reason="facilitator team"):
            team = team or FacilitatorTeam(supplier=by.organization)
            team.name, team.members = name, members.strip()
            team.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a team with this name.")}) from exc
    return team


def resource_delete(*, obj: Room | FacilitatorTeam, by) -> None:
    """Delete a room or team no session has used (a used one stays for the record)."""
    perm = "sprints.manage_rooms" if isinstance(obj, Room) else "sprints.manage_teams"
    owner = obj.organization_id if isinstance(obj, Room) else obj.supplier_id
    if not by.has_perm(perm) or owner != by.organization_id:
        raise PermissionDenied(_("You may not do this."))
    if obj.sessions.exists():
        raise ValidationError(_("Sprints have been booked with it: it cannot be deleted."))
    with transaction.atomic(), acting_as(by, reason="deleted"):
        obj.delete()


def closure_day_delete(*, day: ClosureDay, by) -> None:
    if not by.has_perm("sprints.manage_closure_days") or day.organization_id != by.organization_id:
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic(), acting_as(by, reason="closure day deleted"):
        day.delete()
