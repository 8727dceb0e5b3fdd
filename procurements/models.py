"""Procurement cases and contracts.

The foundation created these two models as anchors so other apps (dialogue, sprints,
reports) can refer to them; the procurements issue extends them.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .enums import Procedure, Stage


@pghistory.track()
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

    class Meta:
        verbose_name = _("procurement case")
        verbose_name_plural = _("procurement cases")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_organization", "reference"],
                condition=~models.Q(reference=""),
                name="procurement_reference_unique_per_lead",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


@pghistory.track()
class Contract(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(_("title"), max_length=300)
    suppliers = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("suppliers"),
        related_name="supplier_contracts",
        blank=True,
    )
    signing_organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("signing municipalities"),
        related_name="signed_contracts",
        blank=True,
    )
    value_sek = models.DecimalField(
        _("value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
