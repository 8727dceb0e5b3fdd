"""Prioritisation rounds: challenges, criteria and scores."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import RoundStatus
from .challenges import (
    Challenge,
)
from .common import (
    SCALE_LIMIT,
)


@pghistory.track()
class PriorityRound(TimeStampedModel):
    """A coordinator's round in which participants score challenges on criteria."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="priority_rounds",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    challenges = models.ManyToManyField(
        Challenge,
        verbose_name=_("challenges"),
        through="RoundChallenge",
        related_name="priority_rounds",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="priority_rounds",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("scoring deadline"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__gte=0)
                & models.Q(scale_max__gt=models.F("scale_min"))
                & models.Q(scale_max__lte=SCALE_LIMIT),
                name="needs_round_scale_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RoundStatus.DECIDED)
                | (~models.Q(decision="") & models.Q(decided_at__isnull=False)),
                name="needs_round_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:round-detail", kwargs={"pk": self.pk})

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class RoundChallenge(models.Model):
    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="round_challenges",
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="round_entries",
    )
    selected = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("challenge in a round")
        verbose_name_plural = _("challenges in a round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "challenge"], name="needs_round_challenge_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.challenge}"


class PriorityCriterion(models.Model):
    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="needs_criterion_name_once"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="needs_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityScore(models.Model):
    """One participant's score of one challenge on one criterion.

    The score's bounds are copied from the round (a check constraint cannot look into
    another table); a trigger refuses a copy that differs from the round's scale, and the
    check constraint refuses a value outside the bounds.
    """

    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        PriorityCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="priority_scores",
    )
    value = models.SmallIntegerField(_("score"))
    scale_min = models.SmallIntegerField(_("lowest score"))
    scale_max = models.SmallIntegerField(_("highest score"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "challenge", "participant"], name="needs_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=models.F("scale_min"))
                & models.Q(value__lte=models.F("scale_max")),
                name="needs_score_within_scale",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="score_scale_matches_round",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=(
                    "IF NOT EXISTS (SELECT 1 FROM needs_priorityround r WHERE r.id = NEW.round_id"
                    " AND r.scale_min = NEW.scale_min AND r.scale_max = NEW.scale_max) THEN"
                    " RAISE EXCEPTION 'score scale differs from its round'"
                    " USING ERRCODE = 'check_violation'; END IF; RETURN NEW;"
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge} / {self.criterion}: {self.value}"
