"""Projects: the project form around the procurements (Innovationsupphandling Syd was one).

A project belongs to one municipality (the lead) and usually to a network; it has goals,
a period, a project manager (who may be external, e.g. an innovation consultant),
subprojects that link challenges, procurement cases, sprint call-offs and sharing
pilots, milestones, a risk and decision log, funding, and steering and reference groups
with meetings.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .enums import (
    GoalAchievement,
    GroupKind,
    GroupRole,
    LogKind,
    MeetingState,
    ProjectState,
    SubprojectState,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


@pghistory.track()
class Project(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("lead municipality"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
        help_text=_("Leave empty for a project of your own municipality only."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        related_name="managed_projects",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.ACTIVE
    )
    handed_on = models.TextField(
        _("what was handed on"),
        blank=True,
        help_text=_("The working model, documents and contacts others can build on."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="project_has_title"),
        ]
        indexes = [models.Index(fields=["network", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"pk": self.pk})


@pghistory.track()
class Goal(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.CharField(_("goal"), max_length=500)
    indicator = models.CharField(_("how we know"), max_length=500, blank=True)
    achievement = models.CharField(
        _("achievement"),
        max_length=20,
        choices=GoalAchievement.choices,
        default=GoalAchievement.OPEN,
    )
    achievement_note = models.TextField(_("how far it was met"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


@pghistory.track()
class Subproject(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="subprojects"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubprojectState.choices,
        default=SubprojectState.ACTIVE,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    challenges = models.ManyToManyField(
        "needs.Challenge", verbose_name=_("challenges"), related_name="subprojects", blank=True
    )
    cases = models.ManyToManyField(
        "procurements.ProcurementCase",
        verbose_name=_("procurement cases"),
        related_name="subprojects",
        blank=True,
    )
    call_offs = models.ManyToManyField(
        "sprints.CallOff",
        verbose_name=_("sprint call-offs"),
        related_name="subprojects",
        blank=True,
    )
    listings = models.ManyToManyField(
        "sharing.Listing",
        verbose_name=_("sharing pilots"),
        related_name="subprojects",
        blank=True,
    )

    class Meta:
        verbose_name = _("subproject")
        verbose_name_plural = _("subprojects")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="cancelled")
                | (~models.Q(cancel_reason="") & ~models.Q(lessons_learned="")),
                name="subproject_cancelled_has_reason_and_lessons",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"pk": self.project_id}) + (
            f"#subproject-{self.pk}"
        )


@pghistory.track()
class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    subproject = models.ForeignKey(
        Subproject,
        verbose_name=_("subproject"),
        on_delete=models.CASCADE,
        related_name="milestones",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class LogEntry(TimeStampedModel):
    """A risk or a decision in the project's log (internal: never shown to outsiders
    other than the project manager)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="log_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LogKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    probability = models.PositiveSmallIntegerField(_("probability (1–5)"), null=True, blank=True)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), null=True, blank=True)
    mitigation = models.TextField(_("what we do about it"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True)
                | models.Q(probability__gte=1, probability__lte=5),
                name="log_probability_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__isnull=True) | models.Q(impact__gte=1, impact__lte=5),
                name="log_impact_1_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="decision") | models.Q(decided_on__isnull=False),
                name="log_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int | None:
        if self.probability and self.impact:
            return self.probability * self.impact
        return None


@pghistory.track()
class Grant(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="grants"
    )
    funder = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    programme = models.CharField(_("programme or call"), max_length=300, blank=True)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    amount_granted_sek = models.DecimalField(_("amount granted (SEK)"), **MONEY)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_granted_sek__gte=0), name="grant_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.reference}".strip()


@pghistory.track()
class CoFinancing(models.Model):
    """What one municipality puts into the project under a grant (money or working time
    valued in SEK)."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="co_financing"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_sek = models.DecimalField(_("co-financing (SEK)"), **MONEY)
    in_kind = models.BooleanField(_("as working time"), default=False)

    class Meta:
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "organization"], name="cofinancing_one_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_sek__gte=0), name="cofinancing_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.amount_sek}"


@pghistory.track()
class BudgetPeriod(models.Model):
    """Budget against recorded costs for one period of a grant (e.g. a half-year)."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="periods"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    budget_sek = models.DecimalField(_("budget (SEK)"), **MONEY)
    cost_sek = models.DecimalField(_("costs (SEK)"), default=0, **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget period")
        verbose_name_plural = _("budget periods")
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "start_date"], name="budget_period_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="budget_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_sek__gte=0, cost_sek__gte=0),
                name="budget_period_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date} – {self.end_date}"


@pghistory.track()
class FunderReport(models.Model):
    """A report the funder expects; the project manager is reminded before it is due."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("report to the funder")
        verbose_name_plural = _("reports to the funder")
        ordering = ["due_date"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(submitted_on__isnull=True),
                name="funderreport_open_due",
            )
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class ProjectGroup(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="GroupMember",
        related_name="project_groups",
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:group-detail", kwargs={"pk": self.pk})


@pghistory.track()
class GroupMember(models.Model):
    group = models.ForeignKey(
        ProjectGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_member_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)


@pghistory.track()
class Meeting(TimeStampedModel):
    group = models.ForeignKey(
        ProjectGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:meeting-detail", kwargs={"pk": self.pk})


@pghistory.track()
class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)
