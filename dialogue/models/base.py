"""The base of everything in the dialogue: anchored to a procurement case or, before a case
exists, to a challenge (exactly one of the two; a check constraint says so)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class AnchoredModel(TimeStampedModel):
    """Belongs to a procurement case or, before one exists, to a challenge."""

    case = models.ForeignKey(
        "procurements.ProcurementCase",
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(case__isnull=False) & models.Q(challenge__isnull=True))
                | (models.Q(case__isnull=True) & models.Q(challenge__isnull=False)),
                name="%(app_label)s_%(class)s_one_anchor",
            )
        ]

    @property
    def anchor(self):
        return self.case if self.case_id else self.challenge

    @property
    def owner_organization_id(self) -> int:
        if self.case_id:
            return self.case.lead_organization_id
        return self.challenge.owner_organization_id
