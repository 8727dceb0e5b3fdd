"""Internal invoice lines between municipalities."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from ..enums import (
    InvoiceKind,
)
from .bookings import Booking


class InvoiceLine(models.Model):
    """An internal invoice line between departments and municipalities."""

    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceKind.choices)
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("reservation"),
        on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    seller = models.ForeignKey(
        Organization, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="+"
    )
    seller_department = models.CharField(_("seller department"), max_length=200, blank=True)
    buyer = models.ForeignKey(
        Organization, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+"
    )
    buyer_department = models.CharField(_("buyer department"), max_length=200, blank=True)
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300)
    amount_sek = models.DecimalField(_("amount excl. VAT (SEK)"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=2, default=0)
    vat_sek = models.DecimalField(_("VAT (SEK)"), max_digits=12, decimal_places=2, default=0)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_sek__gte=0) & Q(vat_sek__gte=0), name="sharing_invoice_not_neg"
            ),
            models.UniqueConstraint(fields=["booking", "kind"], name="sharing_invoice_once"),
        ]

    def __str__(self) -> str:
        return self.description
