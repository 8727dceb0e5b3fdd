"""Reads, always scoped to what the user may see.

Suppliers see nothing of the marketplace: every selector starts from the foundation's
visibility rule or from the user's own municipality.
"""

import functools
import math

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Power, TruncMonth

from core import history
from core.cache import cached, preload
from organizations.enums import OrganizationKind
from organizations.models import Organization
from organizations.selectors import (
    NETWORKS,
    network_ids_entry,
    scope_by_visibility,
    scope_to_network,
)

from .enums import (
    OPEN_EXCHANGE_STATES,
    TRANSFER_MODES,
    BookingState,
    ListingStatus,
    TransportState,
)
from .models import (
    Booking,
    Category,
    ExchangeOffer,
    Kit,
    Listing,
    ListingPhoto,
    ListingUnit,
    Location,
    Reuse,
    TransportTask,
    WantedAd,
)


def listings_for_user(user) -> QuerySet[Listing]:
    return scope_by_visibility(
        Listing.objects.select_related("category", "location", "organization"),
        user,
        owner_field="organization",
        visibility_field="visibility",
    )


def active_listings_for_user(user) -> QuerySet[Listing]:
    return listings_for_user(user).filter(status=ListingStatus.ACTIVE)


def listing_cards_by_id(ids) -> dict:
    """The marketplace cards (sharing.cards.ListingCard) of listings `ids`, by id, in one
    prepared statement: what a card shows and nothing more, the first ready photo
    included. `ids` must come from a query scoped to the user (the marketplace's
    paginator takes them from `active_listings_for_user`)."""
    from django.db import connection

    from .cards import ListingCard

    with connection.cursor() as cursor:
        cursor.execute(_cards_sql(), [list(ids)])
        return {row[0]: ListingCard(*row) for row in cursor.fetchall()}


@functools.cache
def _cards_sql() -> str:
    """The cards' statement, built once from the models' tables (the ids are its one
    parameter)."""
    from django.db import connection

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    return (
        "SELECT l.id, l.title, l.mode, l.price_sek, l.quantity, l.condition, o.name,"  # noqa: S608
        " coalesce(loc.name, ''), p.id, coalesce(p.alt_text, '')"
        f" FROM {table(Listing)} l JOIN {table(Organization)} o ON o.id = l.organization_id"
        f" LEFT JOIN {table(Location)} loc ON loc.id = l.location_id"
        f" LEFT JOIN LATERAL (SELECT id, alt_text FROM {table(ListingPhoto)}"
        " WHERE listing_id = l.id AND processed_at IS NOT NULL"
        " ORDER BY position, id LIMIT 1) p ON true"
        " WHERE l.id = ANY(%s::bigint[])"
    )


def units_for_user(user) -> QuerySet[ListingUnit]:
    return ListingUnit.objects.select_related("listing").filter(
        listing__in=listings_for_user(user).values("pk")
    )


def photos_for_user(user) -> QuerySet[ListingPhoto]:
    return ListingPhoto.objects.filter(listing__in=listings_for_user(user).values("pk"))


def kits_for_user(user) -> QuerySet[Kit]:
    return scope_by_visibility(Kit.objects.select_related("organization"), user)


def bookings_for_user(user) -> QuerySet[Booking]:
    """Bookings the user's municipality is a party to (as owner or as borrower)."""
    qs = Booking.objects.select_related(
        "listing",
        "listing__organization",
        "listing__location",
        "requester",
        "requester_organization",
    )
    return _parties_only(qs, user, "requester_organization_id", "listing__organization_id")


def _parties_only(qs: QuerySet, user, *organization_fields: str) -> QuerySet:
    """Rows whose organisation (any of the fields) is the user's municipality; the
    operator sees all; everyone else nothing."""
    if not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    parties = Q()
    for field in organization_fields:
        parties |= Q(**{field: user.organization_id})
    return qs.filter(parties)


def my_bookings(user) -> QuerySet[Booking]:
    return bookings_for_user(user).filter(requester=user)


def incoming_bookings(user) -> QuerySet[Booking]:
    """Requests on listings the user manages."""
    qs = bookings_for_user(user)
    if user.is_platform_admin:
        return qs
    if user.has_role("logistics", "admin"):
        return qs.filter(listing__organization_id=user.organization_id)
    return qs.filter(listing__created_by=user)


def transport_tasks_for_user(user) -> QuerySet[TransportTask]:
    qs = TransportTask.objects.select_related(
        "booking",
        "booking__listing",
        "booking__requester_organization",
        "assignee",
        "booking__listing__organization",
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not (user.is_municipal and user.has_role("logistics")):
        return qs.none()
    return qs.filter(
        Q(booking__listing__organization_id=user.organization_id)
        | Q(booking__requester_organization_id=user.organization_id)
    )


def open_transport_tasks(user) -> QuerySet[TransportTask]:
    return transport_tasks_for_user(user).filter(
        state__in=[TransportState.OPEN, TransportState.ASSIGNED]
    )


def invoice_lines_for_user(user):
    from .models import InvoiceLine

    qs = InvoiceLine.objects.select_related("seller", "buyer")
    if not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    return qs.filter(Q(seller_id=user.organization_id) | Q(buyer_id=user.organization_id))


def invoice_summary(user, *, year: int, month: int) -> list[dict]:
    """One row per (seller, seller dept, buyer, buyer dept, cost centre, kind)."""
    return list(
        invoice_lines_for_user(user)
        .filter(date__year=year, date__month=month)
        .values(
            "seller__name",
            "seller_department",
            "buyer__name",
            "buyer_department",
            "cost_centre",
            "kind",
        )
        .annotate(lines=Count("id"), amount=Sum("amount_sek"), vat=Sum("vat_sek"))
        .order_by("seller__name", "seller_department", "buyer__name", "buyer_department", "kind")
    )


def reuses_for_user(user) -> QuerySet[Reuse]:
    return scope_to_network(
        Reuse.objects.select_related("listing", "category", "receiver", "giver"),
        user,
        owner_field="receiver",
    )


def impact_by_month(reuses: QuerySet[Reuse]) -> list[dict]:
    return list(
        reuses.annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(items=Sum("quantity"), sek=Sum("sek_saved"), co2e=Sum("co2e_kg"))
        .order_by("month")
    )


def impact_totals(reuses: QuerySet[Reuse]) -> dict:
    totals = reuses.aggregate(items=Sum("quantity"), sek=Sum("sek_saved"), co2e=Sum("co2e_kg"))
    return {key: value or 0 for key, value in totals.items()}


def org_namespace(organization_id: int) -> str:
    """The cache namespace of one municipality's sharing figures (see caching.py)."""
    return f"sharing:org:{organization_id}"


IMPACT = "sharing:impact"  # cache namespace of impact aggregates; a new reuse invalidates it


def municipality_impact(user) -> dict:
    """Impact totals of the user's own municipality as receiver (cached per municipality)."""
    return cached(
        IMPACT,
        ("receiver", user.organization_id),
        lambda: impact_totals(reuses_for_user(user).filter(receiver_id=user.organization_id)),
    )


def wanted_ads_for_user(user) -> QuerySet[WantedAd]:
    """Wanted ads of the municipalities in the user's networks."""
    return scope_to_network(
        WantedAd.objects.select_related("category", "organization", "created_by"), user
    )


def user_position(user) -> tuple[float, float] | None:
    """The user's municipality's main location (one query)."""
    if not user.organization_id:
        return None
    row = (
        Location.objects.filter(organization_id=user.organization_id)
        .order_by("-is_primary", "id")
        .values_list("latitude", "longitude")
        .first()
    )
    return row


def distance_expression(lat: float, lon: float):
    """Squared equirectangular distance in degrees of latitude: cheap, enough to sort."""
    scale = math.cos(math.radians(lat))
    return ExpressionWrapper(
        Power(F("location__latitude") - lat, 2)
        + Power((F("location__longitude") - lon) * scale, 2),
        output_field=FloatField(),
    )


MUNICIPALITY_FACET = "sharing:municipalities"


def municipality_choices(user) -> list[tuple[int, str]]:
    """The municipality facet: municipalities whose listings the user may see (those in the
    user's networks and those sharing with everyone), as (id, name), name order.

    Cached (core.cache) per municipality: a change of network membership or a listing
    whose visibility changes invalidates it."""

    def compute() -> list[tuple[int, str]]:
        municipalities = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY)
        if not user.is_platform_admin:
            # One index probe per municipality (sharing_listing_org_visibility), not a
            # join over every listing.
            shared = Listing.objects.filter(organization=OuterRef("pk"), visibility="all")
            municipalities = municipalities.filter(
                Q(pk__in=user.network_organization_ids) | Q(Exists(shared))
            )
        return list(municipalities.order_by("name").values_list("pk", "name"))

    return cached(*_municipality_facet_entry(user), compute)


def _municipality_facet_entry(user) -> tuple:
    scope = ("all",) if user.is_platform_admin else (user.organization_id,)
    return (MUNICIPALITY_FACET, NETWORKS), scope


CATEGORIES = "sharing:categories"  # cache namespace; caching.py invalidates it on a change
_CATEGORY_TREE = (CATEGORIES, ("tree",))


def categories() -> list[Category]:
    """The whole category tree in path order (reference data, cached)."""
    return cached(*_CATEGORY_TREE, lambda: list(Category.objects.order_by("path")))


def preload_marketplace(user) -> None:
    """The marketplace's cached reference data in one round trip (core.cache.preload):
    the user's networks, the category tree and the municipality facet."""
    entries = [_CATEGORY_TREE, _municipality_facet_entry(user)]
    if user.organization_id:
        entries.append(network_ids_entry(user.organization_id))
    preload(*entries)


def category_choices() -> list[tuple[int, str]]:
    """(id, indented label in the active language) for a category select."""
    return [(category.pk, category.label) for category in categories()]


def category_subtree_ids(category_id: int) -> list[int]:
    """The category and every category below it."""
    tree = categories()
    chosen = next((c for c in tree if c.pk == category_id), None)
    if chosen is None:
        return []
    prefix = chosen.path + "/"
    return [c.pk for c in tree if c.pk == chosen.pk or c.path.startswith(prefix)]


def overdue_for_user(user) -> QuerySet[Booking]:
    from django.utils import timezone

    return Booking.objects.filter(
        requester=user, state=BookingState.PICKED_UP, end_date__lt=timezone.localdate()
    )


def exchanges_for_user(user) -> QuerySet[ExchangeOffer]:
    """Exchanges the user's organisation is a party to; the operator sees them all."""
    qs = ExchangeOffer.objects.select_related(
        "offered_listing",
        "wanted_listing",
        "offering_organization",
        "wanted_organization",
        "created_by",
    )
    return _parties_only(qs, user, "offering_organization_id", "wanted_organization_id")


def offerable_listings(user) -> QuerySet[Listing]:
    """The user's organisation's listings they may offer in a swap: handed over for good,
    still active, kept by the user (or their logistics), and in no open exchange."""
    if not (user.is_authenticated and user.is_municipal):
        return Listing.objects.none()
    qs = Listing.objects.filter(
        organization_id=user.organization_id,
        status=ListingStatus.ACTIVE,
        mode__in=TRANSFER_MODES,
    )
    if not user.has_role("logistics", "admin"):
        qs = qs.filter(created_by=user)
    busy = ExchangeOffer.objects.filter(state__in=OPEN_EXCHANGE_STATES)
    return qs.exclude(pk__in=busy.values("offered_listing_id")).exclude(
        pk__in=busy.values("wanted_listing_id")
    )


history.register(ExchangeOffer, exchanges_for_user)
history.register(Listing, listings_for_user)
history.register(ListingUnit, units_for_user)
history.register(Booking, bookings_for_user)
history.register(TransportTask, transport_tasks_for_user)
