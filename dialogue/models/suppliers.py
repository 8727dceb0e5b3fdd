"""The supplier's dialogue profile (what it offers, by CPV code)."""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


@pghistory.track()
class SupplierProfile(TimeStampedModel):
    """What a supplier company offers: a presentation and its areas (CPV codes)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="supplier_profile",
        limit_choices_to={"kind": "supplier"},
    )
    description = models.TextField(_("presentation"), blank=True)
    cpv_codes = models.ManyToManyField(
        "core.CpvCode", verbose_name=_("areas (CPV codes)"), related_name="supplier_profiles"
    )

    class Meta:
        verbose_name = _("supplier profile")
        verbose_name_plural = _("supplier profiles")

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return reverse("dialogue:profile-edit")
