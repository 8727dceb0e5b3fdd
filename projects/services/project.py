"""The project itself and its goals."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_as

from ..enums import (
    PROJECT_ALLOWED_TRANSITIONS,
    GoalAchievement,
    ProjectState,
    SubprojectState,
)
from ..models import (
    Goal,
    Project,
)
from ._common import ProjectError, _require_manage

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


def _require_open(project: Project) -> None:
    if project.state == ProjectState.CLOSED:
        raise ProjectError(_("The project is closed."))


def project_update(
    *,
    user,
    project: Project,
    title: str,
    description: str = "",
    start_date: datetime.date,
    end_date: datetime.date,
    project_manager,
) -> Project:
    """Change a running project's title, description, period or project manager (the
    new manager must be someone the user could have chosen when creating it)."""
    from ..selectors import project_manager_choices

    _require_manage(user, project)
    _require_open(project)
    if not title.strip():
        raise ProjectError({"title": _("Give the project a title.")})
    if end_date < start_date:
        raise ProjectError({"end_date": _("The end must be on or after the start.")})
    if (
        project_manager.pk != project.project_manager_id
        and not project_manager_choices(user).filter(pk=project_manager.pk).exists()
    ):
        raise ProjectError({"project_manager": _("Choose one of the people offered.")})
    with transaction.atomic(), acting_as(user, reason="project edited"):
        project = Project.objects.select_for_update().get(pk=project.pk)
        project.title = title.strip()
        project.description = description
        project.start_date = start_date
        project.end_date = end_date
        project.project_manager = project_manager
        project.save(
            update_fields=[
                "title",
                "description",
                "start_date",
                "end_date",
                "project_manager",
                "updated_at",
            ]
        )
    return project


def goal_update(*, user, goal: Goal, text: str, indicator: str = "") -> Goal:
    _require_manage(user, goal.project)
    _require_open(goal.project)
    if not text.strip():
        raise ProjectError({"text": _("Write the goal.")})
    with acting_as(user, reason="goal edited"):
        goal.text = text.strip()[:500]
        goal.indicator = indicator
        goal.save(update_fields=["text", "indicator"])
    return goal
