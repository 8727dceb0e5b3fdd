"""Listing and reservation pages."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharing.enums import BookingState
from sharing.models import Booking, Listing, ListingPhoto, Reuse
from tests.factories.sharing import category
from tests.sharing.helpers import _png

# --- Listing and booking pages ---------------------------------------------------------


def test_listing_create_view_negative_price_shows_message(client, staff, ystad_location, today):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:listing-create"),
        {
            "title": "Projektor",
            "kind": "equipment",
            "category": category("equipment/av/projector").pk,
            "condition": "good",
            "quantity": 1,
            "mode": "sell",
            "price_sek": "-10",
            "location": ystad_location.pk,
            "available_from": today,
            "buffer_days": 0,
            "horizon_days": 180,
            "visibility": "network",
        },
    )
    assert response.status_code == 200
    assert "price_sek" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_listing_create_view_forged_location_is_refused(client, staff, trelleborg_location, today):
    client.force_login(staff)
    response = client.post(
        reverse("sharing:listing-create"),
        {
            "title": "Stol",
            "kind": "furniture",
            "category": category().pk,
            "condition": "good",
            "quantity": 1,
            "mode": "lend",
            "price_sek": "0",
            "location": trelleborg_location.pk,
            "available_from": today,
            "buffer_days": 0,
            "horizon_days": 180,
            "visibility": "network",
        },
    )
    assert "location" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_booking_view_end_before_start_shows_message(client, listing, neighbour, dates):
    client.force_login(neighbour)
    response = client.post(
        reverse("sharing:booking-create", args=[listing.pk]),
        {"start_date": dates[1], "end_date": dates[0], "quantity": 1},
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_booking_flow_through_views(client, listing, neighbour, owner, dates):
    client.force_login(neighbour)
    response = client.post(
        reverse("sharing:booking-create", args=[listing.pk]),
        {"start_date": dates[0], "end_date": dates[1], "quantity": 1, "message": "Till mötet"},
    )
    booking = Booking.objects.get()
    assert response.url == booking.get_absolute_url()
    # the borrower cannot approve their own request
    client.post(reverse("sharing:booking-action", args=[booking.pk, "approve"]))
    booking.refresh_from_db()
    assert booking.state == BookingState.REQUESTED
    client.force_login(owner)
    client.post(reverse("sharing:booking-action", args=[booking.pk, "approve"]), {"reply": "Ja"})
    client.post(
        reverse("sharing:booking-action", args=[booking.pk, "pickup"]), {"would_buy_new": "yes"}
    )
    client.post(reverse("sharing:booking-action", args=[booking.pk, "return"]))
    booking.refresh_from_db()
    assert booking.state == BookingState.RETURNED
    assert booking.would_buy_new is True
    assert Reuse.objects.get().booking == booking


def test_photo_upload_refuses_non_image(client, listing, owner):
    client.force_login(owner)
    fake = SimpleUploadedFile("bild.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    response = client.post(reverse("sharing:photo-add", args=[listing.pk]), {"photo": fake})
    assert not ListingPhoto.objects.exists()
    # The page comes back with the error tied to the Photo field.
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'id_photo_error"' in html and "tas inte emot" in html


def test_photo_upload_and_serve(
    client, listing, owner, neighbour, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("sharing:photo-add", args=[listing.pk]),
            {"photo": SimpleUploadedFile("stol.png", _png(), content_type="image/png")},
        )
    photo = ListingPhoto.objects.get()
    client.force_login(neighbour)
    response = client.get(reverse("sharing:photo-file", args=[photo.pk, "thumb"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_qr_labels_page_has_one_svg_per_unit(client, chairs, owner, neighbour):
    client.force_login(owner)
    response = client.get(reverse("sharing:listing-labels", args=[chairs.pk]))
    assert response.content.decode().count("<svg") == 3
    unit = chairs.units.first()
    client.force_login(neighbour)
    assert client.get(reverse("sharing:listing-labels", args=[chairs.pk])).status_code == 403
    opened = client.get(reverse("sharing:unit-label", args=[unit.label_code]))
    assert opened.url == chairs.get_absolute_url()
