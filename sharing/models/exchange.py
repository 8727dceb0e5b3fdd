"""An exchange: one organisation's listing offered for another organisation's listing."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from organizations.models import Organization

from ..enums import OPEN_EXCHANGE_STATES, ExchangeState

OPEN = Q(state__in=OPEN_EXCHANGE_STATES)


@pghistory.track()
class ExchangeOffer(TimeStampedModel):
    """The offering side's listing for the wanted side's listing. The organisations are
    copied from the listings (by the service) so the database can hold the rule that a
    swap is between two organisations; a listing is in at most one open offer."""

    offered_listing = models.ForeignKey(
        "sharing.Listing",
        verbose_name=_("offered listing"),
        on_delete=models.PROTECT,
        related_name="exchanges_offered",
    )
    wanted_listing = models.ForeignKey(
        "sharing.Listing",
        verbose_name=_("wanted listing"),
        on_delete=models.PROTECT,
        related_name="exchanges_wanted",
    )
    offering_organization = models.ForeignKey(
        Organization,
        verbose_name=_("offering organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    wanted_organization = models.ForeignKey(
        Organization,
        verbose_name=_("answering organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        on_delete=models.PROTECT,
        related_name="sharing_exchange_offers",
    )
    message = models.TextField(_("message"), blank=True)
    reply = models.TextField(_("answer"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ExchangeState.choices, default=ExchangeState.PROPOSED
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    offered_booking = models.OneToOneField(
        "sharing.Booking",
        verbose_name=_("reservation of the offered listing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchange_as_offered",
    )
    wanted_booking = models.OneToOneField(
        "sharing.Booking",
        verbose_name=_("reservation of the wanted listing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchange_as_wanted",
    )

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(offering_organization=models.F("wanted_organization")),
                name="sharing_exchange_two_organizations",
            ),
            models.CheckConstraint(
                condition=~Q(offered_listing=models.F("wanted_listing")),
                name="sharing_exchange_two_listings",
            ),
            models.UniqueConstraint(
                fields=["offered_listing"], condition=OPEN, name="sharing_exchange_offered_once"
            ),
            models.UniqueConstraint(
                fields=["wanted_listing"], condition=OPEN, name="sharing_exchange_wanted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offered_listing} ⇄ {self.wanted_listing}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:exchange-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_EXCHANGE_STATES
