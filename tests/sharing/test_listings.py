"""Listings and their photos, through the services."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sharing import services
from sharing.enums import Mode, UnitStatus
from sharing.models import (
    Listing,
    ListingPhoto,
)
from tests.sharing.helpers import _listing_data, _request

# --- Listings ------------------------------------------------------------------------


def test_listing_create_makes_one_unit_per_item(staff, ystad_location):
    listing = services.listing_create(user=staff, **_listing_data(ystad_location))
    assert list(listing.units.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert listing.department == staff.organization.name


def test_listing_create_negative_price_is_refused(staff, ystad_location):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(
            user=staff, **_listing_data(ystad_location, mode=Mode.SELL, price_sek=Decimal("-5"))
        )
    assert "price_sek" in exc.value.error_dict
    assert not Listing.objects.exists()


def test_listing_create_foreign_location_is_refused(staff, trelleborg_location):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(user=staff, **_listing_data(trelleborg_location))
    assert "location" in exc.value.error_dict


def test_listing_create_end_before_start_is_refused(staff, ystad_location, today):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(
            user=staff,
            **_listing_data(ystad_location, available_to=today - timedelta(days=1)),
        )
    assert "available_to" in exc.value.error_dict


def test_listing_create_by_supplier_is_refused(supplier_user, ystad_location):
    with pytest.raises(ValidationError):
        services.listing_create(user=supplier_user, **_listing_data(ystad_location))


def test_listing_search_vector_is_maintained_by_the_database(staff, ystad_location):
    from django.contrib.postgres.search import SearchQuery

    listing = services.listing_create(user=staff, **_listing_data(ystad_location))
    query = SearchQuery("skrivborden", config="swedish", search_type="websearch")
    assert list(Listing.objects.filter(search_vector=query)) == [listing]


def test_listing_update_lowers_quantity_retiring_free_units(chairs, owner, dates):
    _request(owner, chairs, *dates, quantity=1)
    services.listing_update(user=owner, listing=chairs, quantity=2)
    assert chairs.units.filter(status=UnitStatus.RETIRED).count() == 1


# --- Photos ------------------------------------------------------------------------


def _jpeg_with_exif(size=(2400, 1800)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, "#3a7d44")
    exif = Image.Exif()
    exif[0x010F] = "Kamera AB"  # Make
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("stol.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_photo_is_resized_thumbnailed_and_stripped(
    listing, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add(user=owner, listing=listing, upload=_jpeg_with_exif())
    photo.refresh_from_db()
    assert photo.processed_at is not None
    with photo.image.open("rb"), Image.open(photo.image) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    with photo.thumbnail.open("rb"), Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) == 400


def test_photo_that_is_not_an_image_is_refused(listing, owner):
    fake = SimpleUploadedFile("stol.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.photo_add(user=owner, listing=listing, upload=fake)
    assert not ListingPhoto.objects.exists()


def test_photo_too_large_is_refused(listing, owner, monkeypatch):
    monkeypatch.setattr("sharing.services.listings.PHOTO_MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        services.photo_add(user=owner, listing=listing, upload=_jpeg_with_exif((200, 200)))
    assert exc.value.error_list[0].code == "too_large"
    assert not ListingPhoto.objects.exists()
