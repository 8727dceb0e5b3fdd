"""Steering and reference groups, their members and meetings."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import notify

from ..enums import (
    GroupKind,
    MeetingState,
)
from ..models import (
    Attendance,
    GroupMember,
    Meeting,
    Project,
    ProjectGroup,
)
from ._common import ProjectError, _require_manage

register_event("projects.group_member_added", gettext_lazy("You were added to a project group"))
register_event("projects.meeting_called", gettext_lazy("A project group meeting was called"))


# --- groups and meetings ---------------------------------------------------------------


def group_create(*, user, project: Project, kind: str, name: str = "") -> ProjectGroup:
    _require_manage(user, project)
    if kind not in GroupKind.values:
        raise ProjectError({"kind": _("Choose a steering or reference group.")})
    name = name.strip() or str(GroupKind(kind).label)
    try:
        with transaction.atomic(), acting_as(user):
            return ProjectGroup.objects.create(project=project, kind=kind, name=name)
    except IntegrityError as exc:
        raise ProjectError({"name": _("The project has a group of that name.")}) from exc


def group_member_add(*, user, group: ProjectGroup, person, role: str) -> GroupMember:
    """Add a person (of any organisation kind) to a group; they are notified and from
    then on see the project, the group and its meetings – nothing else."""
    _require_manage(user, group.project)
    from ..selectors import people_for_groups

    if not people_for_groups(user, group.project).filter(pk=person.pk).exists():
        raise ProjectError({"person": _("This person cannot join the group.")})
    try:
        with transaction.atomic(), acting_as(user):
            member = GroupMember.objects.create(group=group, user=person, role=role)
            notify(
                recipient=person,
                event="projects.group_member_added",
                title=gettext_lazy("You were added to a project group"),
                body=f"{group.name} – {group.project.title}",
                url=group.get_absolute_url(),
                dedupe_key=f"projects.group_member:{member.pk}",
            )
    except IntegrityError as exc:
        raise ProjectError({"person": _("This person is already a member.")}) from exc
    return member


def meeting_create(
    *,
    user,
    group: ProjectGroup,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    agenda: str = "",
) -> Meeting:
    """Call a meeting; every member is notified with a link to the meeting and its ICS."""
    _require_manage(user, group.project)
    if ends_at <= starts_at:
        raise ProjectError({"ends_at": _("The meeting must end after it starts.")})
    with transaction.atomic(), acting_as(user):
        meeting = Meeting.objects.create(
            group=group,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            agenda=agenda,
        )
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, user_id=uid)
                for uid in group.members.values_list("pk", flat=True)
            ]
        )
        for member in group.members.all():
            notify(
                recipient=member,
                event="projects.meeting_called",
                title=gettext_lazy("A project group meeting was called"),
                body=f"{meeting.title}: {timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
                url=meeting.get_absolute_url(),
                dedupe_key=f"projects.meeting:{meeting.pk}:{member.pk}",
            )
    return meeting


def meeting_cancel(*, user, meeting: Meeting) -> Meeting:
    """Cancel a planned meeting: its calendar file says so (METHOD:CANCEL, SEQUENCE
    raised) and every member is told."""
    _require_manage(user, meeting.group.project)
    with transaction.atomic(), acting_as(user, reason="meeting cancelled"):
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state != MeetingState.PLANNED:
            raise ProjectError(_("Only a planned meeting can be cancelled."))
        meeting.state = MeetingState.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["state", "sequence", "updated_at"])
        for member in meeting.group.members.all():
            notify(
                recipient=member,
                event="projects.meeting_cancelled",
                title=gettext_lazy("A project group meeting was cancelled"),
                body=f"{meeting.title}: {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
                url=meeting.get_absolute_url(),
                dedupe_key=f"projects.meeting_cancelled:{meeting.pk}:{member.pk}",
            )
    return meeting


def meeting_record(
    *, user, meeting: Meeting, minutes: str, decisions: str, present_ids: list[int]
) -> Meeting:
    """Record minutes, decisions and who attended; the meeting is then held."""
    _require_manage(user, meeting.group.project)
    if meeting.state == MeetingState.CANCELLED:
        raise ProjectError(_("The meeting was cancelled."))
    with transaction.atomic(), acting_as(user):
        meeting.minutes = minutes
        meeting.decisions = decisions
        meeting.state = MeetingState.HELD
        meeting.save(update_fields=["minutes", "decisions", "state", "updated_at"])
        members = set(meeting.group.members.values_list("pk", flat=True))
        for uid in members:
            Attendance.objects.update_or_create(
                meeting=meeting, user_id=uid, defaults={"present": uid in set(present_ids)}
            )
    return meeting
