"""The frozen impact of every completed reuse."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .bookings import Booking
from .catalogue import Category
from .listings import Listing


class Reuse(models.Model):
    """A completed reuse with its impact frozen: later factor edits never rewrite it."""

    booking = models.OneToOneField(
        Booking, verbose_name=_("reservation"), on_delete=models.PROTECT, related_name="reuse"
    )
    listing = models.ForeignKey(Listing, verbose_name=_("listing"), on_delete=models.PROTECT)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    giver = models.ForeignKey(
        Organization,
        verbose_name=_("giving municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        Organization,
        verbose_name=_("receiving municipality"),
        on_delete=models.PROTECT,
        related_name="sharing_reuses",
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    completed_on = models.DateField(_("completed"), db_index=True)
    new_price_sek = models.DecimalField(
        _("new price per unit (SEK)"), max_digits=12, decimal_places=2
    )
    paid_sek = models.DecimalField(_("paid internally (SEK)"), max_digits=12, decimal_places=2)
    sek_saved = models.DecimalField(_("SEK saved"), max_digits=14, decimal_places=2)
    kg_co2e_per_unit = models.DecimalField(_("kg CO2e per unit"), max_digits=9, decimal_places=2)
    co2e_kg = models.DecimalField(_("kg CO2e avoided"), max_digits=14, decimal_places=2)
    factor_version = models.PositiveIntegerField(_("factor version"))
    factor_source = models.CharField(_("factor source"), max_length=400, blank=True)
    would_buy_new = models.BooleanField(_("would otherwise have bought new"), null=True)

    class Meta:
        verbose_name = _("completed reuse")
        verbose_name_plural = _("completed reuses")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sek_saved__gte=0) & Q(co2e_kg__gte=0), name="sharing_reuse_not_neg"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.listing}"
