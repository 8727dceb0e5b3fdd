"""Wanted ads and the listings that match them."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from organizations.models import Organization

from .catalogue import Category
from .listings import Listing


class WantedAd(TimeStampedModel):
    """Efterlysning: what someone needs; they hear of matching listings as they appear."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="sharing_wanted",
    )
    title = models.CharField(_("what you need"), max_length=200)
    words = models.CharField(
        _("search words"), max_length=300, help_text=_("Words a matching listing contains.")
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, null=True, blank=True
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    public_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = _("wanted ad")
        verbose_name_plural = _("wanted ads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:wanted-list")


class WantedMatch(models.Model):
    ad = models.ForeignKey(WantedAd, on_delete=models.CASCADE, related_name="matches")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("wanted-ad match")
        verbose_name_plural = _("wanted-ad matches")
        constraints = [
            models.UniqueConstraint(fields=["ad", "listing"], name="sharing_wanted_match_once")
        ]

    def __str__(self) -> str:
        return f"{self.ad_id} → {self.listing_id}"
