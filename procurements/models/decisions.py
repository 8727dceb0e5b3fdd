"""The authorised decision (delegationsbeslut): who may decide, and proposals to decide.

Each municipality keeps a delegation list (`DelegationEntry`: a role such as
"Upphandlingschef", the person holding it, and what it may decide). A case names the
entry that takes its decisions. The officer prepares a `DecisionProposal` (award or
cancellation); the person holding the named role approves or sends it back in their
own session. Only an approved award proposal can be sent as the award notice; a
published case is cancelled only on an approved cancellation proposal.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import LIVE_DECISION_STATUSES, DecisionKind, DecisionStatus
from .bids import Bid
from .case import ProcurementCase


@pghistory.track()
class DelegationEntry(TimeStampedModel):
    """One line of a municipality's delegation list (delegationsordning)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="delegation_entries",
    )
    role_title = models.CharField(_("role"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    may_award = models.BooleanField(_("may take award decisions"), default=True)
    may_cancel = models.BooleanField(_("may cancel procurements"), default=True)
    max_value_sek = models.DecimalField(
        _("up to value (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegation list")
        ordering = ["organization", "role_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "role_title"], name="delegation_role_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_title} ({self.holder})"


@pghistory.track()
class DecisionProposal(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="decision_proposals",
    )
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PROPOSED,
    )
    delegation = models.ForeignKey(
        DelegationEntry,
        verbose_name=_("decided under"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    winning_bids = models.ManyToManyField(
        Bid, verbose_name=_("proposed winners"), related_name="+", blank=True
    )
    reasons = models.TextField(_("reasons"))
    # The ranking and evaluation summary as it stood when proposed (the decision's basis).
    basis = models.JSONField(_("evaluation report"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("decision proposal")
        verbose_name_plural = _("decision proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status__in=LIVE_DECISION_STATUSES),
                name="decision_one_live_per_case_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("proposed_by")),
                name="decision_not_by_proposer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DecisionStatus.APPROVED)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="decision_approved_has_decider",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DecisionStatus.SENT_BACK) | ~models.Q(decision_note=""),
                name="decision_sent_back_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("procurements:decision-detail", kwargs={"pk": self.pk})
