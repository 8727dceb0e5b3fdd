"""Listings, their photos and pick-up locations."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import IMAGE_TYPES, validate_upload
from core.history import acting_as
from core.tasks import enqueue_on_commit

from ..enums import (
    ListingStatus,
    Mode,
    UnitStatus,
)
from ..models import (
    BookingUnit,
    Listing,
    ListingPhoto,
    ListingUnit,
    Location,
)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTOS_PER_LISTING = 12
LISTING_FIELDS = (
    "kind",
    "title",
    "description",
    "category",
    "condition",
    "quantity",
    "dimensions",
    "location",
    "mode",
    "price_sek",
    "new_price_sek",
    "available_from",
    "available_to",
    "buffer_days",
    "horizon_days",
    "requires_approval",
    "visibility",
    "department",
    "cost_centre",
)


# --- Listings -------------------------------------------------------------------------


def _validate_listing(user, data: dict, *, organization) -> None:
    errors: dict[str, str] = {}
    if data.get("price_sek") is not None and Decimal(data["price_sek"]) < 0:
        errors["price_sek"] = _("The price cannot be negative.")
    if data.get("new_price_sek") is not None and Decimal(data["new_price_sek"]) < 0:
        errors["new_price_sek"] = _("The price cannot be negative.")
    if data.get("quantity") is not None and int(data["quantity"]) < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    start, end = data.get("available_from"), data.get("available_to")
    if start and end and end < start:
        errors["available_to"] = _("The end date is before the start date.")
    location = data.get("location")
    if location is not None and location.organization_id != organization.pk:
        errors["location"] = _("Choose a location of the owning municipality.")
    if data.get("mode") == Mode.RENT and not data.get("price_sek"):
        errors["price_sek"] = _("Give a price per day for renting.")
    if not organization.is_municipality:
        errors["__all__"] = _("Only municipalities share property here.")
    if errors:
        raise ValidationError(errors)


def listing_create(*, user, organization=None, photos=(), **data) -> Listing:
    """Create a listing with one unit row per item. Logistics staff may list on behalf of
    any department of their municipality. Side effects: wanted ads are matched on commit."""
    organization = organization or user.organization
    if not user.has_perm("sharing.create_listing"):
        raise ValidationError(_("You may not create listings."))
    if organization.pk != user.organization_id and not user.is_platform_admin:
        raise ValidationError(_("You may only list for your own municipality."))
    _validate_listing(user, data, organization=organization)
    for photo in photos:
        validate_upload(photo, allowed_types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    if not data.get("department"):
        data["department"] = user.department or organization.name
    _cost_centre_from_department(data, organization)
    with transaction.atomic(), acting_as(user, reason="listing created"):
        listing = Listing.objects.create(organization=organization, created_by=user, **data)
        ListingUnit.objects.bulk_create(
            ListingUnit(listing=listing, number=n) for n in range(1, listing.quantity + 1)
        )
        for photo in photos:
            photo_add(user=user, listing=listing, upload=photo, validated=True)
        from ..tasks import match_wanted_ads

        enqueue_on_commit(match_wanted_ads, listing.pk)
    return listing


def _cost_centre_from_department(data: dict, organization) -> None:
    """An empty cost centre is taken from the organisation's department of that name."""
    if data.get("cost_centre") or not data.get("department"):
        return
    from organizations.models import Department

    department = Department.objects.filter(
        organization=organization, name__iexact=data["department"]
    ).first()
    if department is not None:
        data["cost_centre"] = department.cost_centre


def listing_update(*, user, listing: Listing, **data) -> Listing:
    """Change a listing; raising the quantity adds units, lowering it retires free ones."""
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    _validate_listing(user, data, organization=listing.organization)
    _cost_centre_from_department(data, listing.organization)
    with transaction.atomic(), acting_as(user, reason="listing changed"):
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        new_quantity = int(data.get("quantity", listing.quantity))
        live = listing.units.exclude(status=UnitStatus.RETIRED)
        current = live.count()
        if new_quantity > current:
            top = listing.units.order_by("-number").values_list("number", flat=True).first() or 0
            ListingUnit.objects.bulk_create(
                ListingUnit(listing=listing, number=top + i)
                for i in range(1, new_quantity - current + 1)
            )
        elif new_quantity < current:
            today = timezone.localdate()
            busy = BookingUnit.objects.filter(
                active=True, unit__listing=listing, blocked__overlap=DateRange(today, None)
            ).values("unit_id")
            free = list(
                live.filter(status=UnitStatus.AVAILABLE)
                .exclude(pk__in=busy)
                .order_by("-number")
                .values_list("pk", flat=True)[: current - new_quantity]
            )
            if len(free) < current - new_quantity:
                raise ValidationError({"quantity": _("Units that are reserved cannot be removed.")})
            ListingUnit.objects.filter(pk__in=free).update(status=UnitStatus.RETIRED)
        for field, value in data.items():
            setattr(listing, field, value)
        listing.save()
    return listing


def listing_withdraw(*, user, listing: Listing) -> Listing:
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    with transaction.atomic(), acting_as(user, reason="listing withdrawn"):
        listing.status = ListingStatus.WITHDRAWN
        listing.save(update_fields=["status", "updated_at"])
    return listing


def photo_add(*, user, listing: Listing, upload, alt_text: str = "", validated=False):
    """Store an uploaded photo (checked by content) and resize it in Celery."""
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    if not validated:
        validate_upload(upload, allowed_types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    if listing.photos.count() >= PHOTOS_PER_LISTING:
        raise ValidationError(
            _("A listing holds at most %(n)s photos.") % {"n": PHOTOS_PER_LISTING}
        )
    photo = ListingPhoto.objects.create(
        listing=listing,
        original=upload,
        alt_text=alt_text or listing.title,
        position=listing.photos.count(),
    )
    from ..tasks import process_photo

    enqueue_on_commit(process_photo, photo.pk)
    return photo


def photo_process(*, photo_id: int, size: int = 1600, thumb: int = 400) -> bool:
    """Resize, thumbnail and strip EXIF (re-encoding drops every metadata block).
    Idempotent: a processed photo is left alone."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    photo = ListingPhoto.objects.filter(pk=photo_id, processed_at__isnull=True).first()
    if photo is None:
        return False
    with photo.original.open("rb") as handle, Image.open(handle) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
    outputs = {}
    for name, limit in (("image", size), ("thumbnail", thumb)):
        copy = image.copy()
        copy.thumbnail((limit, limit))
        buffer = BytesIO()
        copy.save(buffer, format="JPEG", quality=85, optimize=True)
        outputs[name] = ContentFile(buffer.getvalue(), name=f"{name}.jpg")
    photo.image.save("photo.jpg", outputs["image"], save=False)
    photo.thumbnail.save("thumb.jpg", outputs["thumbnail"], save=False)
    # The original may carry GPS and camera data: keep only the clean copies.
    photo.original.delete(save=False)
    photo.original = photo.image.name
    photo.processed_at = timezone.now()
    photo.save(update_fields=["image", "thumbnail", "original", "processed_at"])
    return True


def location_create(*, organization, name, address, latitude, longitude, is_primary=False):
    return Location.objects.create(
        organization=organization,
        name=name,
        address=address,
        latitude=latitude,
        longitude=longitude,
        is_primary=is_primary,
    )
