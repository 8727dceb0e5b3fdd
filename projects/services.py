"""Writes for projects. Keyword-only, validated here, history attached (`acting_as`).

Side effects: a person added to a group and the members of a group whose meeting is
called are notified (in the app and by e-mail, after commit); `funder_reports_remind`
(beat, daily) notifies the project manager 14 days before a report to a funder is due,
once per report.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import notify

from .enums import (
    PROJECT_ALLOWED_TRANSITIONS,
    SUBPROJECT_ALLOWED_TRANSITIONS,
    GoalAchievement,
    GroupKind,
    LogKind,
    MeetingState,
    ProjectState,
    SubprojectState,
)
from .models import (
    Attendance,
    BudgetPeriod,
    CoFinancing,
    FunderReport,
    Goal,
    Grant,
    GroupMember,
    LogEntry,
    Meeting,
    Milestone,
    Project,
    ProjectGroup,
    Subproject,
)

register_event("projects.group_member_added", gettext_lazy("You were added to a project group"))
register_event("projects.meeting_called", gettext_lazy("A project group meeting was called"))
register_event("projects.funder_report_due", gettext_lazy("A report to a funder is due soon"))

REMIND_DAYS_BEFORE = 14


class ProjectError(ValidationError):
    """A move the rules do not allow; the view shows the message."""


def _require_manage(user, project: Project) -> None:
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied(_("You may not change this project."))


# --- the project ---------------------------------------------------------------------


def project_create(
    *,
    user,
    title: str,
    description: str = "",
    network=None,
    start_date: datetime.date,
    end_date: datetime.date,
    project_manager,
    goals: list[str] | tuple[str, ...] = (),
) -> Project:
    """A new running project led by the user's municipality, with its goals."""
    if not user.has_perm("projects.create_project"):
        raise PermissionDenied(_("Only coordinators start projects."))
    if end_date < start_date:
        raise ProjectError({"end_date": _("The end must be on or after the start.")})
    if (
        network is not None
        and not user.is_platform_admin
        and not network.members.filter(pk=user.organization_id).exists()
    ):
        raise ProjectError({"network": _("Choose one of your networks.")})
    with transaction.atomic(), acting_as(user):
        project = Project.objects.create(
            title=title.strip(),
            description=description,
            organization_id=user.organization_id,
            network=network,
            start_date=start_date,
            end_date=end_date,
            project_manager=project_manager,
            created_by=user,
        )
        for order, text in enumerate(g.strip() for g in goals if g.strip()):
            Goal.objects.create(project=project, text=text[:500], order=order)
    return project


def project_transition(*, user, project: Project, to: str, handed_on: str = "") -> Project:
    _require_manage(user, project)
    with transaction.atomic(), acting_as(user, reason=f"project → {to}"):
        project = Project.objects.select_for_update().get(pk=project.pk)
        if to not in PROJECT_ALLOWED_TRANSITIONS[ProjectState(project.state)]:
            raise ProjectError(_("The project cannot move to that state."))
        fields = ["state", "updated_at"]
        project.state = to
        if to == ProjectState.CLOSED:
            if project.subprojects.filter(state=SubprojectState.ACTIVE).exists():
                raise ProjectError(_("End every subproject before closing the project."))
            project.closed_at = timezone.now()
            fields.append("closed_at")
            if handed_on:
                project.handed_on = handed_on
                fields.append("handed_on")
        project.save(update_fields=fields)
    return project


def goal_add(*, user, project: Project, text: str, indicator: str = "") -> Goal:
    _require_manage(user, project)
    with acting_as(user):
        return Goal.objects.create(
            project=project, text=text, indicator=indicator, order=project.goals.count()
        )


def goal_assess(*, user, goal: Goal, achievement: str, note: str = "") -> Goal:
    _require_manage(user, goal.project)
    if achievement not in GoalAchievement.values:
        raise ProjectError(_("Choose how far the goal was met."))
    with acting_as(user):
        goal.achievement = achievement
        goal.achievement_note = note
        goal.save(update_fields=["achievement", "achievement_note"])
    return goal


# --- subprojects ---------------------------------------------------------------------


def subproject_create(
    *,
    user,
    project: Project,
    title: str,
    description: str = "",
    challenges=(),
    cases=(),
    call_offs=(),
    listings=(),
) -> Subproject:
    """A subproject linking what the user may see (the form's choices are scoped; the
    caller passes objects it got from the domain apps' selectors)."""
    _require_manage(user, project)
    if project.state == ProjectState.CLOSED:
        raise ProjectError(_("The project is closed."))
    with transaction.atomic(), acting_as(user):
        sub = Subproject.objects.create(project=project, title=title, description=description)
        sub.challenges.set(challenges)
        sub.cases.set(cases)
        sub.call_offs.set(call_offs)
        sub.listings.set(listings)
    return sub


def subproject_transition(
    *, user, subproject: Subproject, to: str, outcome: str = "", reason: str = "", lessons: str = ""
) -> Subproject:
    """Complete (with its outcome) or cancel (with a reason and lessons learned:
    "a failure is also a result") a running subproject."""
    _require_manage(user, subproject.project)
    with transaction.atomic(), acting_as(user, reason=reason or f"subproject → {to}"):
        sub = Subproject.objects.select_for_update().get(pk=subproject.pk)
        if to not in SUBPROJECT_ALLOWED_TRANSITIONS[SubprojectState(sub.state)]:
            raise ProjectError(_("The subproject cannot move to that state."))
        if to == SubprojectState.CANCELLED and not (reason.strip() and lessons.strip()):
            raise ProjectError(_("Say why the subproject is cancelled and what was learned."))
        sub.state = to
        sub.ended_at = timezone.now()
        sub.outcome = outcome or sub.outcome
        sub.cancel_reason = reason
        sub.lessons_learned = lessons or sub.lessons_learned
        sub.save(
            update_fields=[
                "state",
                "ended_at",
                "outcome",
                "cancel_reason",
                "lessons_learned",
                "updated_at",
            ]
        )
    return sub


def milestone_add(
    *, user, project: Project, title: str, due_date: datetime.date, subproject=None
) -> Milestone:
    _require_manage(user, project)
    if subproject is not None and subproject.project_id != project.pk:
        raise ProjectError(_("The subproject belongs to another project."))
    with acting_as(user):
        return Milestone.objects.create(
            project=project, subproject=subproject, title=title, due_date=due_date
        )


def milestone_reach(*, user, milestone: Milestone, on: datetime.date | None = None) -> Milestone:
    _require_manage(user, milestone.project)
    with acting_as(user):
        milestone.done_on = on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
    return milestone


def log_entry_add(
    *,
    user,
    project: Project,
    kind: str,
    title: str,
    description: str = "",
    probability: int | None = None,
    impact: int | None = None,
    mitigation: str = "",
    decided_on: datetime.date | None = None,
    decided_by: str = "",
) -> LogEntry:
    _require_manage(user, project)
    if kind == LogKind.DECISION and decided_on is None:
        raise ProjectError({"decided_on": _("A decision needs its date.")})
    for name, value in (("probability", probability), ("impact", impact)):
        if value is not None and not 1 <= value <= 5:
            raise ProjectError({name: _("Give a value from 1 to 5.")})
    with acting_as(user):
        return LogEntry.objects.create(
            project=project,
            kind=kind,
            title=title,
            description=description,
            probability=probability,
            impact=impact,
            mitigation=mitigation,
            decided_on=decided_on,
            decided_by=decided_by,
            author=user,
        )


# --- funding -------------------------------------------------------------------------


def grant_add(
    *,
    user,
    project: Project,
    funder,
    amount_granted_sek: Decimal,
    programme: str = "",
    reference: str = "",
    decided_on: datetime.date | None = None,
) -> Grant:
    _require_manage(user, project)
    if not funder.is_external:
        raise ProjectError({"funder": _("Choose a funder.")})
    if amount_granted_sek < 0:
        raise ProjectError({"amount_granted_sek": _("The amount cannot be negative.")})
    with acting_as(user):
        return Grant.objects.create(
            project=project,
            funder=funder,
            amount_granted_sek=amount_granted_sek,
            programme=programme,
            reference=reference,
            decided_on=decided_on,
        )


def cofinancing_set(
    *, user, grant: Grant, organization, amount_sek: Decimal, in_kind: bool = False
) -> CoFinancing:
    """Record (or change) one municipality's co-financing under a grant."""
    _require_manage(user, grant.project)
    from .selectors import project_municipalities

    if not project_municipalities(grant.project).filter(pk=organization.pk).exists():
        raise ProjectError({"organization": _("Choose a municipality of the project.")})
    if amount_sek < 0:
        raise ProjectError({"amount_sek": _("The amount cannot be negative.")})
    with acting_as(user):
        row, _created = CoFinancing.objects.update_or_create(
            grant=grant,
            organization=organization,
            defaults={"amount_sek": amount_sek, "in_kind": in_kind},
        )
    return row


def budget_period_set(
    *,
    user,
    grant: Grant,
    start_date: datetime.date,
    end_date: datetime.date,
    budget_sek: Decimal,
    cost_sek: Decimal = Decimal("0"),
    note: str = "",
) -> BudgetPeriod:
    """Budget and recorded costs for a period (keyed by its start)."""
    _require_manage(user, grant.project)
    if end_date < start_date:
        raise ProjectError({"end_date": _("The end must be on or after the start.")})
    if budget_sek < 0 or cost_sek < 0:
        raise ProjectError(_("Amounts cannot be negative."))
    with acting_as(user):
        period, _created = BudgetPeriod.objects.update_or_create(
            grant=grant,
            start_date=start_date,
            defaults={
                "end_date": end_date,
                "budget_sek": budget_sek,
                "cost_sek": cost_sek,
                "note": note,
            },
        )
    return period


def funder_report_add(*, user, grant: Grant, title: str, due_date: datetime.date) -> FunderReport:
    _require_manage(user, grant.project)
    with acting_as(user):
        return FunderReport.objects.create(grant=grant, title=title, due_date=due_date)


def funder_report_submit(
    *, user, report: FunderReport, on: datetime.date | None = None
) -> FunderReport:
    _require_manage(user, report.grant.project)
    with acting_as(user):
        report.submitted_on = on or timezone.localdate()
        report.save(update_fields=["submitted_on"])
    return report


def funder_reports_remind(*, today: datetime.date | None = None) -> int:
    """Notify project managers of reports to funders due within 14 days; each report once
    (claimed with a conditional update, so two beat runs never remind twice)."""
    from .selectors import funder_reports_due

    today = today or timezone.localdate()
    count = 0
    for report in funder_reports_due(until=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)):
        with transaction.atomic():
            claimed = FunderReport.objects.filter(pk=report.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            project = report.grant.project
            notify(
                recipient=project.project_manager,
                event="projects.funder_report_due",
                title=gettext_lazy("A report to a funder is due soon"),
                body=f"{report.title} ({report.grant.funder}): {report.due_date:%Y-%m-%d}",
                url=project.get_absolute_url() + "#funding",
                dedupe_key=f"projects.funder_report:{report.pk}",
            )
            count += 1
    return count


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
    from .selectors import people_for_groups

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
