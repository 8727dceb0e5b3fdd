"""The sharing marketplace: listings with units, bookings that never overlap, logistics,
internal invoices, wanted ads and the frozen impact of every completed reuse."""

import secrets
import uuid
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
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
    BookingState,
    Condition,
    InvoiceKind,
    ListingKind,
    ListingStatus,
    Mode,
    TransportState,
    UnitStatus,
    WaitState,
)


def new_label_code() -> str:
    """A short, unguessable code printed on a unit's QR label."""
    return secrets.token_urlsafe(12)


class Category(models.Model):
    """A node of the category tree, e.g. furniture > chairs > office chair."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=300, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        from django.utils import translation

        return self.name_en if translation.get_language() == "en" else self.name_sv

    @property
    def label(self) -> str:
        return ("— " * self.depth) + self.name


@pghistory.track()
class ImpactFactor(models.Model):
    """What one reused unit of a category avoids. Edited by admins; every edit bumps
    `version`, and completed reuses keep the figures they were counted with."""

    category = models.OneToOneField(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="factor"
    )
    kg_co2e_per_unit = models.DecimalField(
        _("kg CO2e avoided per unit"), max_digits=9, decimal_places=2
    )
    new_price_sek = models.DecimalField(
        _("price of a new unit (SEK)"), max_digits=12, decimal_places=2, default=0
    )
    source = models.CharField(_("source"), max_length=400, blank=True)
    source_year = models.CharField(_("source year"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("impact factor")
        verbose_name_plural = _("impact factors")
        ordering = ["category__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kg_co2e_per_unit__gte=0) & Q(new_price_sek__gte=0),
                name="sharing_factor_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.path} (v{self.version})"


@pghistory.track()
class Location(models.Model):
    """A building of a municipality, with coordinates for "nearest first"."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="sharing_locations",
    )
    name = models.CharField(_("building"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_primary = models.BooleanField(
        _("main location"), default=False, help_text=_("Used as the municipality's position.")
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="sharing_location_name"),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_primary=True),
                name="sharing_location_one_primary",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="sharing_location_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


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


from .exchange import ExchangeOffer  # noqa: E402

__all__ = [
    "Booking",
    "BookingUnit",
    "Category",
    "ExchangeOffer",
    "ImpactFactor",
    "InvoiceLine",
    "Kit",
    "KitItem",
    "Listing",
    "ListingPhoto",
    "ListingUnit",
    "Location",
    "Reuse",
    "TransportTask",
    "WaitlistEntry",
    "WantedAd",
    "WantedMatch",
    "new_label_code",
]
