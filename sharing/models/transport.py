"""Transport tasks for reservations that ask for delivery."""

from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import (
    TransportState,
)
from .bookings import Booking


@pghistory.track()
class TransportTask(TimeStampedModel):
    booking = models.OneToOneField(
        Booking, verbose_name=_("reservation"), on_delete=models.CASCADE, related_name="transport"
    )
    pickup_address = models.CharField(_("pickup address"), max_length=300)
    delivery_address = models.CharField(_("delivery address"), max_length=300)
    date = models.DateField(_("date"))
    items = models.TextField(_("items"))
    state = models.CharField(
        _("state"), max_length=20, choices=TransportState.choices, default=TransportState.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sharing_transports",
    )
    price_sek = models.DecimalField(
        _("transport price (SEK)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("transport task")
        verbose_name_plural = _("transport tasks")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_sek__gte=0), name="sharing_transport_price")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.pickup_address} → {self.delivery_address}"
