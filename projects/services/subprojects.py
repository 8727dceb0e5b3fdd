"""Subprojects, milestones and the risk and decision log."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_as
from needs.selectors import challenges_for_user
from procurements.selectors import procurements_for_user
from sharing.selectors import listings_for_user
from sprints.selectors import call_offs_for_user

from ..enums import (
    SUBPROJECT_ALLOWED_TRANSITIONS,
    LogKind,
    ProjectState,
    SubprojectState,
)
from ..models import (
    LogEntry,
    Milestone,
    Project,
    Subproject,
)
from ._common import ProjectError, _require_manage

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
    _check_log_values(kind, decided_on, probability, impact)
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


def subproject_update(
    *,
    user,
    subproject: Subproject,
    title: str,
    description: str = "",
    challenges=(),
    cases=(),
    call_offs=(),
    listings=(),
    outcome: str = "",
    lessons: str = "",
) -> Subproject:
    """Edit a subproject: its title, description and links; once it has ended, also its
    outcome and lessons (a cancelled one keeps lessons: they cannot be emptied)."""
    _require_manage(user, subproject.project)
    if subproject.project.state == ProjectState.CLOSED:
        raise ProjectError(_("The project is closed."))
    if not title.strip():
        raise ProjectError({"title": _("Give the subproject a title.")})
    with transaction.atomic(), acting_as(user, reason="subproject edited"):
        sub = Subproject.objects.select_for_update().get(pk=subproject.pk)
        ended = sub.state != SubprojectState.ACTIVE
        if sub.state == SubprojectState.CANCELLED and not lessons.strip():
            raise ProjectError({"lessons": _("Say what was learned.")})
        sub.title = title.strip()
        sub.description = description
        fields = ["title", "description", "updated_at"]
        if ended:
            sub.outcome = outcome
            sub.lessons_learned = lessons
            fields += ["outcome", "lessons_learned"]
        sub.save(update_fields=fields)
        for manager, chosen, visible in (
            (sub.challenges, challenges, challenges_for_user(user)),
            (sub.cases, cases, procurements_for_user(user)),
            (sub.call_offs, call_offs, call_offs_for_user(user)),
            (sub.listings, listings, listings_for_user(user)),
        ):
            # an edit never drops a link the user was not shown
            manager.set([*chosen, *manager.exclude(pk__in=visible.values("pk"))])
    return sub


def milestone_update(
    *, user, milestone: Milestone, title: str, due_date: datetime.date, subproject=None
) -> Milestone:
    _require_manage(user, milestone.project)
    if subproject is not None and subproject.project_id != milestone.project_id:
        raise ProjectError({"subproject": _("The subproject belongs to another project.")})
    if not title.strip():
        raise ProjectError({"title": _("Give the milestone a title.")})
    with acting_as(user, reason="milestone edited"):
        milestone.title = title.strip()
        milestone.due_date = due_date
        milestone.subproject = subproject
        milestone.save(update_fields=["title", "due_date", "subproject"])
    return milestone


def _check_log_values(kind, decided_on, probability, impact) -> None:
    if kind == LogKind.DECISION and decided_on is None:
        raise ProjectError({"decided_on": _("A decision needs its date.")})
    for name, value in (("probability", probability), ("impact", impact)):
        if value is not None and not 1 <= value <= 5:
            raise ProjectError({name: _("Give a value from 1 to 5.")})


def log_entry_update(
    *,
    user,
    entry: LogEntry,
    title: str,
    description: str = "",
    probability: int | None = None,
    impact: int | None = None,
    mitigation: str = "",
    decided_on: datetime.date | None = None,
    decided_by: str = "",
) -> LogEntry:
    """Edit an open risk or decision (its kind stays what it was)."""
    _require_manage(user, entry.project)
    if entry.is_closed:
        raise ProjectError(_("The entry is closed."))
    _check_log_values(entry.kind, decided_on, probability, impact)
    with transaction.atomic(), acting_as(user, reason="log entry edited"):
        entry.title = title.strip()
        entry.description = description
        entry.probability = probability
        entry.impact = impact
        entry.mitigation = mitigation
        entry.decided_on = decided_on
        entry.decided_by = decided_by
        entry.save(
            update_fields=[
                "title",
                "description",
                "probability",
                "impact",
                "mitigation",
                "decided_on",
                "decided_by",
                "updated_at",
            ]
        )
    return entry


def log_entry_close(*, user, entry: LogEntry) -> LogEntry:
    """Close a risk that no longer threatens (or a decision carried out)."""
    _require_manage(user, entry.project)
    with transaction.atomic(), acting_as(user, reason="log entry closed"):
        entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.is_closed:
            raise ProjectError(_("The entry is closed."))
        entry.is_closed = True
        entry.save(update_fields=["is_closed", "updated_at"])
    return entry
