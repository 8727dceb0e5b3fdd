"""Reservations, the units they hold (never overlapping), and the waiting list."""

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from organizations.models import Organization

from ..enums import (
    BookingState,
    WaitState,
)
from .kits import Kit
from .listings import Listing, ListingUnit


@pghistory.track()
class Booking(TimeStampedModel):
    """A request for units of one listing: for dates (lend, rent) or to take over."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="bookings"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="sharing_bookings",
    )
    requester_organization = models.ForeignKey(
        Organization,
        verbose_name=_("borrowing municipality"),
        on_delete=models.PROTECT,
        related_name="sharing_bookings",
    )
    requester_department = models.CharField(_("department"), max_length=200, blank=True)
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=BookingState.choices, default=BookingState.REQUESTED
    )
    message = models.TextField(_("message"), blank=True)
    reply = models.TextField(_("answer from the owner"), blank=True)
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    transport_requested = models.BooleanField(_("transport requested"), default=False)
    kit = models.ForeignKey(
        Kit, verbose_name=_("kit"), on_delete=models.SET_NULL, null=True, blank=True
    )
    kit_group = models.UUIDField(_("kit booking"), null=True, blank=True, db_index=True)
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    would_buy_new = models.BooleanField(_("would otherwise have bought new"), null=True, blank=True)
    reminded_pickup_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_return_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_notice_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "end_date"], name="sharing_booking_state_end"),
            models.Index(fields=["requester", "state"], name="sharing_booking_requester"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="sharing_booking_dates_order",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="sharing_booking_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.listing.title} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("sharing:booking-detail", kwargs={"pk": self.pk})

    @property
    def days(self) -> int:
        if not self.end_date:
            return 0
        return (self.end_date - self.start_date).days + 1


class BookingUnit(models.Model):
    """A unit held by a booking over `blocked`: the booked dates plus the listing's
    turnaround days (a transfer blocks from its date on, unbounded). The database refuses
    two active rows for the same unit whose ranges overlap."""

    booking = models.ForeignKey(
        Booking, verbose_name=_("reservation"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey(
        ListingUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bookings"
    )
    blocked = DateRangeField(_("blocked dates"))
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("reserved unit")
        verbose_name_plural = _("reserved units")
        constraints = [
            models.UniqueConstraint(fields=["booking", "unit"], name="sharing_booking_unit_once"),
            ExclusionConstraint(
                name="sharing_unit_no_overlap",
                expressions=[("unit", RangeOperators.EQUAL), ("blocked", RangeOperators.OVERLAPS)],
                condition=Q(active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.blocked}"


class WaitlistEntry(TimeStampedModel):
    """A place in line for a taken listing; the first in line is offered a held unit."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="waitlist"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=WaitState.choices, default=WaitState.WAITING
    )
    booking = models.ForeignKey(
        Booking, verbose_name=_("offered reservation"), on_delete=models.SET_NULL, null=True
    )

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "user"],
                condition=Q(state__in=["waiting", "offered"]),
                name="sharing_wait_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.listing}"
