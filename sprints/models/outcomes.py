"""What a sprint produced: its outcome, prototypes and participants' evaluations."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .call_offs import CallOff


@pghistory.track()
class Outcome(TimeStampedModel):
    call_off = models.OneToOneField(
        CallOff, verbose_name=_("call-off"), on_delete=models.CASCADE, related_name="outcome"
    )
    sprint_questions = models.TextField(_("sprint questions"))
    test_findings = models.TextField(_("what the user tests showed"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("need"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    procurement_case = models.ForeignKey(
        "procurements.ProcurementCase",
        verbose_name=_("procurement case"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return str(self.call_off)

    def get_absolute_url(self) -> str:
        return self.call_off.get_absolute_url()


@pghistory.track()
class Prototype(TimeStampedModel):
    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="prototypes"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("sprints/prototypes"), blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    still_in_use = models.BooleanField(_("still in use"), default=True)

    class Meta:
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.outcome.call_off.get_absolute_url()


class Evaluation(TimeStampedModel):
    """A participant's evaluation of the sprint."""

    call_off = models.ForeignKey(
        CallOff,
        verbose_name=_("call-off"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sprint_evaluations",
    )
    rating = models.PositiveSmallIntegerField(
        _("overall rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    facilitation_rating = models.PositiveSmallIntegerField(
        _("facilitation (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.TextField(_("what was most useful"), blank=True)
    improve = models.TextField(_("what should be improved"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["call_off", "user"], name="sprint_evaluation_once"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5)
                & models.Q(facilitation_rating__gte=1, facilitation_rating__lte=5),
                name="sprint_evaluation_ratings_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_off.reference} – {self.user}"
