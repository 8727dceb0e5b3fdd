"""Negotiation rounds with revised sealed tenders, and the call for final tenders.

After the initial tenders are opened, the officer opens a round: a reasoned decision per
candidate on who continues, questions per candidate (recorded per candidate and never
shown to another), and a deadline for revised tenders, sealed like bids and opened by
the same two-person opening. A final round (final tenders) ends the negotiation.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import BidStatus
from .tender import Tender


@pghistory.track()
class TenderRound(TimeStampedModel):
    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    is_final = models.BooleanField(_("final tenders"), default=False)
    deadline = models.DateTimeField(_("deadline for revised tenders"))
    notes = models.TextField(_("what the round is about"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="round_number_unique"),
            models.UniqueConstraint(
                fields=["tender"],
                condition=models.Q(is_final=True),
                name="round_one_final_per_tender",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tender} #{self.number}"


@pghistory.track()
class RoundParticipant(TimeStampedModel):
    """The reasoned decision, per candidate, on whether it continues into the round."""

    round = models.ForeignKey(
        TenderRound,
        verbose_name=_("negotiation round"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    continues = models.BooleanField(_("continues"))
    reasons = models.TextField(_("reasons"))

    class Meta:
        verbose_name = _("round participant")
        verbose_name_plural = _("round participants")
        ordering = ["round", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "supplier"], name="round_participant_unique"),
            models.CheckConstraint(
                condition=~models.Q(reasons=""), name="round_participant_has_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.supplier}"


class RoundQuestion(TimeStampedModel):
    """A question to one candidate in a round, and its answer: seen only by the case's
    officers and that candidate (equal treatment and confidentiality)."""

    round = models.ForeignKey(
        TenderRound,
        verbose_name=_("negotiation round"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("round question")
        verbose_name_plural = _("round questions")
        ordering = ["round", "created_at", "pk"]
        indexes = [models.Index(fields=["round", "supplier"], name="round_question_candidate")]

    def __str__(self) -> str:
        return f"{self.round}: {self.supplier}"


class RoundTender(TimeStampedModel):
    """A revised (or final) tender: sealed like a bid until the round's two-person opening."""

    round = models.ForeignKey(
        TenderRound,
        verbose_name=_("negotiation round"),
        on_delete=models.PROTECT,
        related_name="tenders",
    )
    supplier_token = models.CharField(_("supplier token"), max_length=64, editable=False)
    sealed = models.BinaryField(_("sealed content"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BidStatus.choices, default=BidStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    receipt_code = models.CharField(_("receipt"), max_length=40, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("revised tender")
        verbose_name_plural = _("revised tenders")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "supplier_token"],
                condition=models.Q(status=BidStatus.SUBMITTED),
                name="round_tender_one_live_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return self.supplier.name if self.supplier_id else str(_("Sealed tender"))
