"""The procurement case, its reference counter, its event log and its evaluators."""

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import DecisionKind, EventKind, OpeningKind, PhaseDecision, Procedure, Stage


@pghistory.track(exclude=["search_vector"])
class ProcurementCase(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    lead_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("lead municipality"),
        on_delete=models.PROTECT,
        related_name="led_procurements",
    )
    participating_organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("participating municipalities"),
        related_name="participating_procurements",
        blank=True,
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="responsible_procurements",
        null=True,
        blank=True,
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEED)
    procedure = models.CharField(
        _("procedure"), max_length=40, choices=Procedure.choices, blank=True
    )
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("needs"), related_name="procurement_cases", blank=True
    )
    challenges = models.ManyToManyField(
        "needs.Challenge",
        verbose_name=_("challenges"),
        related_name="procurement_cases",
        blank=True,
    )
    cpv_codes = models.ManyToManyField(
        "core.CpvCode", verbose_name=_("CPV codes"), related_name="procurement_cases", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    need_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("need owner"),
        on_delete=models.PROTECT,
        related_name="owned_procurements",
        null=True,
        blank=True,
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        related_name="procurement_teams",
        blank=True,
    )
    expected_effects = models.TextField(_("expected effects"), blank=True)
    estimated_value_sek = models.DecimalField(
        _("estimated value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outside_lou_reason = models.TextField(
        _("why the procurement falls outside LOU"),
        blank=True,
        help_text=_("Required for pre-commercial procurement."),
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    evaluation_completed_at = models.DateTimeField(_("evaluation completed"), null=True, blank=True)
    decision_delegation = models.ForeignKey(
        "procurements.DelegationEntry",
        verbose_name=_("decided by (delegation)"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        help_text=_("The role in the delegation list that takes the award decision."),
    )
    individual_report_at = models.DateTimeField(
        _("individual report generated"), null=True, blank=True
    )
    # Kept up to date by PostgreSQL (a stored generated column), GIN-indexed.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="swedish")
        + SearchVector(
            "description", "expected_effects", "reference", weight="B", config="swedish"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("procurement case")
        verbose_name_plural = _("procurement cases")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_organization", "reference"],
                condition=~models.Q(reference=""),
                name="procurement_reference_unique_per_lead",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=Stage.CANCELLED)
                | (~models.Q(cancellation_reason="") & ~models.Q(lessons_learned="")),
                name="procurement_cancelled_has_reason_and_lessons",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value_sek__gte=0)
                | models.Q(estimated_value_sek__isnull=True),
                name="procurement_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "lead_organization"]),
            GinIndex(fields=["search_vector"], name="procurement_case_search", fastupdate=False),
            models.Index(fields=["-created_at", "-id"], name="procurement_case_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("procurements:case-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.CLOSED, Stage.CANCELLED)

    @property
    def individual_report_due_on(self):
        """30 days after the first contract or the cancellation (documentation duty)."""
        from datetime import timedelta

        from django.utils import timezone

        start = None
        if self.stage == Stage.CANCELLED and self.ended_at:
            start = timezone.localdate(self.ended_at)
        elif "first_contract_on" in self.__dict__:  # annotated by a selector
            start = self.first_contract_on
        else:
            signed = [c.signed_on or c.created_at.date() for c in self.contracts.all()]
            start = min(signed) if signed else None
        return start + timedelta(days=30) if start else None

    @property
    def individual_report_overdue(self) -> bool:
        from django.utils import timezone

        due = self.individual_report_due_on
        return bool(due and self.individual_report_at is None and timezone.localdate() > due)

    @property
    def procedure_rules(self):
        from ..enums import rules_for

        return rules_for(self.procedure)


class ReferenceCounter(models.Model):
    """The last reference number used per lead municipality and year (locked when used)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="reference_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"


class CaseEvent(models.Model):
    """One thing that happened to a case (documentation duty): append-only.

    Never holds anything of a sealed bid; the opening event records only who opened.
    """

    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="events_log",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    summary = models.CharField(_("summary"), max_length=500)
    detail = models.TextField(_("detail"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The summary in the reader's language, placeholders filled."""
        from django.utils.translation import gettext

        data = dict(self.data or {})
        for key in ("from", "to"):
            if key in data and data[key] in Stage.values:
                data[key] = Stage(data[key]).label
        if data.get("what") in OpeningKind.values:
            data["what"] = OpeningKind(data["what"]).label
        elif data.get("what") in DecisionKind.values:
            data["what"] = DecisionKind(data["what"]).label
        if data.get("decision") in PhaseDecision.values:
            data["decision"] = PhaseDecision(data["decision"]).label
        try:
            return gettext(self.summary) % data
        except (KeyError, TypeError, ValueError):
            return self.summary


@pghistory.track()
class CaseEvaluator(TimeStampedModel):
    """A person assigned to score bids; sees none before declaring no conflict of interest."""

    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="evaluators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluator_assignments",
    )
    declared_at = models.DateTimeField(_("declared no conflict of interest"), null=True, blank=True)
    declaration = models.TextField(_("declaration"), blank=True)

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_evaluator_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)
