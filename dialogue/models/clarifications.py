"""Questions and answers on an RFI (clarifications)."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .rfis import Rfi


@pghistory.track()
class Clarification(TimeStampedModel):
    """A supplier's question on an RFI and the officer's answer.

    The answer is published to every invited supplier at once; the asking supplier is
    never shown to the others (equal treatment).
    """

    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="clarifications"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("asked by (supplier)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_by__isnull=False)),
                name="dialogue_clarification_published_has_answer",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return reverse("dialogue:rfi-detail", kwargs={"pk": self.rfi_id}) + f"#qa-{self.pk}"
