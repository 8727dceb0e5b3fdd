"""Kits: several listings reserved as one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from organizations.enums import Visibility
from organizations.models import Organization

from .listings import Listing


class Kit(TimeStampedModel):
    """A set of listings reserved as one, e.g. a classroom of 30 chairs and 15 desks."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.NETWORK
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("kit")
        verbose_name_plural = _("kits")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:kit-detail", kwargs={"pk": self.pk})


class KitItem(models.Model):
    kit = models.ForeignKey(
        Kit, verbose_name=_("kit"), on_delete=models.CASCADE, related_name="items"
    )
    listing = models.ForeignKey(Listing, verbose_name=_("listing"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")
        constraints = [
            models.UniqueConstraint(fields=["kit", "listing"], name="sharing_kit_item_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="sharing_kit_item_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.listing}"
