"""Scores, agreed scores, requirement checks, negotiation rounds, award and review."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import ReviewStatus, RoundKind
from .bids import Bid
from .case import ProcurementCase
from .tender import Criterion, Requirement


@pghistory.track()
class Score(TimeStampedModel):
    """One evaluator's score for one bid on one criterion, with a justification."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT
    )
    score = models.PositiveSmallIntegerField(_("score"))
    justification = models.TextField(_("justification"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion", "evaluator"], name="score_one_per_evaluator"
            ),
            models.CheckConstraint(
                condition=~models.Q(justification=""), name="score_has_justification"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


@pghistory.track()
class AgreedScore(TimeStampedModel):
    """The consensus score the evaluators agreed on."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.PROTECT, related_name="agreed_scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("agreed score"))
    justification = models.TextField(_("justification"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="agreed_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


@pghistory.track()
class RequirementCheck(TimeStampedModel):
    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.PROTECT, related_name="requirement_checks"
    )
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("requirement"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("requirement check")
        verbose_name_plural = _("requirement checks")
        constraints = [
            models.UniqueConstraint(fields=["bid", "requirement"], name="requirement_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.passed}"


class NegotiationRound(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="negotiation_rounds",
    )
    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


@pghistory.track()
class AwardDecision(TimeStampedModel):
    """Tilldelningsbeslut: the winner(s), the reasons and the standstill period."""

    case = models.OneToOneField(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    winning_bids = models.ManyToManyField(Bid, verbose_name=_("winning bids"), related_name="+")
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField(_("decided"))
    sent_electronically = models.BooleanField(_("sent electronically"), default=True)
    sent_on = models.DateField(_("notice sent"))
    standstill_ends_on = models.DateField(_("standstill ends"))
    # The approved proposal the notice carries out (`decided_by` is its decider).
    proposal = models.OneToOneField(
        "procurements.DecisionProposal",
        verbose_name=_("approved decision"),
        on_delete=models.PROTECT,
        related_name="award_notice",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standstill_ends_on__gt=models.F("sent_on")),
                name="award_standstill_after_sending",
            )
        ]

    def __str__(self) -> str:
        return str(self.case)


@pghistory.track()
class ReviewApplication(TimeStampedModel):
    """Överprövning: while one is pending no contract may be signed."""

    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    applicant = models.CharField(_("applicant"), max_length=200)
    court = models.CharField(_("court"), max_length=200, default="Förvaltningsrätten i Malmö")
    filed_on = models.DateField(_("filed on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    outcome = models.TextField(_("outcome"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("review application")
        verbose_name_plural = _("review applications")
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.applicant} ({self.get_status_display()})"
