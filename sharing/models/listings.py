"""Listings with their units (each reserved on its own) and photos."""

import secrets
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel
from organizations.enums import Visibility
from organizations.models import Organization

from ..enums import (
    Condition,
    ListingKind,
    ListingStatus,
    Mode,
    UnitStatus,
)
from .catalogue import Category, Location


def new_label_code() -> str:
    """A short, unguessable code printed on a unit's QR label."""
    return secrets.token_urlsafe(12)


@pghistory.track()
class Listing(TimeStampedModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sharing_listings",
    )
    department = models.CharField(_("owner department"), max_length=200)
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listed by"),
        on_delete=models.PROTECT,
        related_name="sharing_listings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="listings"
    )
    condition = models.CharField(
        _("condition"), max_length=20, choices=Condition.choices, default=Condition.GOOD
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    dimensions = models.CharField(_("dimensions"), max_length=100, blank=True)
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="listings"
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    price_sek = models.DecimalField(
        _("price (SEK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Per day when renting, per unit when selling, excluding VAT."),
    )
    new_price_sek = models.DecimalField(
        _("price of a new unit (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the category's figure."),
    )
    available_from = models.DateField(_("available from"))
    available_to = models.DateField(_("available to"), null=True, blank=True)
    buffer_days = models.PositiveSmallIntegerField(
        _("turnaround days"), default=0, help_text=_("Days kept free between two loans.")
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"), default=180, help_text=_("How far ahead one may book.")
    )
    requires_approval = models.BooleanField(
        _("requests need approval"),
        default=True,
        help_text=_("Without approval, a free unit is booked at once (e.g. a meeting room)."),
    )
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.NETWORK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Text and the equality facets in one GIN index (btree_gin): a search with
            # facets is one index scan, not three bitmaps ANDed (15 ms to 5 ms at scale).
            # Not `status`: nearly every listing is active, and intersecting that long
            # posting list took half the scan (4.3 ms to 2.3 ms at scale without it).
            # fastupdate off (here and on the other search indexes): a search never reads
            # a pending list of unsorted entries (it doubled a search's time after a
            # bulk load until VACUUM); listings are written far less often than searched.
            GinIndex(
                fields=["search_vector", "mode", "condition"],
                name="sharing_listing_search_facets",
                fastupdate=False,
            ),
            # Newest first, with the visibility columns in the index: the marketplace's
            # first 1 001 ids are an index-only scan (5 ms to 0.8 ms at scale).
            models.Index(
                fields=["status", "-created_at", "-id"],
                name="sharing_listing_newest",
                include=["organization", "visibility"],
            ),
            models.Index(fields=["organization", "status"], name="sharing_listing_org"),
            models.Index(
                fields=["organization", "visibility"], name="sharing_listing_org_visibility"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price_sek__gte=0), name="sharing_price_not_neg"),
            models.CheckConstraint(
                condition=Q(new_price_sek__gte=0) | Q(new_price_sek__isnull=True),
                name="sharing_new_price_not_neg",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="sharing_quantity_pos"),
            models.CheckConstraint(
                condition=Q(available_to__isnull=True)
                | Q(available_to__gte=models.F("available_from")),
                name="sharing_availability_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:listing-detail", kwargs={"pk": self.pk})

    @property
    def is_timed(self) -> bool:
        return self.mode in (Mode.LEND, Mode.RENT)


@pghistory.track()
class ListingUnit(models.Model):
    """One physical unit of a listing; each can be reserved on its own."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="units"
    )
    number = models.PositiveIntegerField(_("unit number"))
    label_code = models.CharField(
        _("label code"), max_length=32, unique=True, default=new_label_code
    )
    status = models.CharField(
        _("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["listing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "number"], name="sharing_unit_number")
        ]

    def __str__(self) -> str:
        return f"{self.listing.title} #{self.number}"


class ListingPhoto(models.Model):
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="photos"
    )
    original = models.ImageField(_("original"), upload_to=RandomUploadTo("sharing/original"))
    image = models.ImageField(_("image"), upload_to=RandomUploadTo("sharing/photos"), blank=True)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=RandomUploadTo("sharing/thumbs"), blank=True
    )
    alt_text = models.CharField(_("description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["listing", "position", "id"]

    def __str__(self) -> str:
        return self.alt_text or f"{self.listing_id}/{self.pk}"
