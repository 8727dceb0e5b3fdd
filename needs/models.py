"""Needs and challenges.

The foundation created these two models as anchors so other apps (dialogue,
procurements) can refer to them; the needs issue extends them.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


@pghistory.track()
class Need(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("the problem"))
    status = models.CharField(_("status"), max_length=20, default="draft")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class Challenge(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("need owner"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
