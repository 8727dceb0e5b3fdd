"""Suppliers' responses to an RFI and their answers, one per question."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from ..enums import (
    QuestionKind,
    ResponseState,
)
from .rfis import Rfi, RfiQuestion


@pghistory.track()
class RfiResponse(TimeStampedModel):
    """A supplier's answer to an RFI: a draft until submitted; one per supplier."""

    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="responses"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="rfi_responses",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("RFI answer")
        verbose_name_plural = _("RFI answers")
        ordering = ["supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["rfi", "supplier"], name="dialogue_response_once"),
            models.CheckConstraint(
                condition=~models.Q(state="submitted")
                | (models.Q(submitted_at__isnull=False) & models.Q(submitted_by__isnull=False)),
                name="dialogue_response_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.rfi}"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:response-detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.state == ResponseState.SUBMITTED


@pghistory.track()
class RfiAnswer(models.Model):
    response = models.ForeignKey(
        RfiResponse, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RfiQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("text"), blank=True)
    selected = ArrayField(
        models.CharField(max_length=200), verbose_name=_("chosen options"), default=list, blank=True
    )
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("dialogue/answers"), blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="dialogue_answer_once")
        ]

    def __str__(self) -> str:
        return self.display_value

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.selected or self.number is not None or self.file)

    @property
    def display_value(self) -> str:
        kind = self.question.kind
        if kind == QuestionKind.NUMBER:
            return "" if self.number is None else f"{self.number.normalize():f}"
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return "; ".join(self.selected)
        if kind == QuestionKind.FILE:
            return self.file_name
        return self.text
