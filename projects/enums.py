from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Running")
    CLOSED = "closed", _("Closed")


PROJECT_ALLOWED_TRANSITIONS = {
    ProjectState.PLANNED: {ProjectState.ACTIVE, ProjectState.CLOSED},
    ProjectState.ACTIVE: {ProjectState.CLOSED},
    ProjectState.CLOSED: set(),
}


class GoalAchievement(models.TextChoices):
    OPEN = "open", _("Not yet assessed")
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class SubprojectState(models.TextChoices):
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


SUBPROJECT_ALLOWED_TRANSITIONS = {
    SubprojectState.ACTIVE: {SubprojectState.COMPLETED, SubprojectState.CANCELLED},
    SubprojectState.COMPLETED: set(),
    SubprojectState.CANCELLED: set(),
}


class LogKind(models.TextChoices):
    RISK = "risk", _("Risk")
    DECISION = "decision", _("Decision")


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    REFERENCE = "reference", _("Reference group")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
