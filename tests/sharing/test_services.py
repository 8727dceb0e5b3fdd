from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from PIL import Image

from notifications.models import Notification
from sharing import services
from sharing.enums import BookingState, InvoiceKind, Mode, TransportState, UnitStatus, WaitState
from sharing.models import (
    Booking,
    BookingUnit,
    ImpactFactor,
    InvoiceLine,
    Kit,
    KitItem,
    Listing,
    ListingPhoto,
    Reuse,
    TransportTask,
)
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, category


def _request(user, listing, start, end, **extra):
    return services.booking_request(
        user=user, listing=listing, start_date=start, end_date=end, **extra
    )


# --- Listings ------------------------------------------------------------------------


def _listing_data(location, **extra):
    from django.utils import timezone

    data = {
        "kind": "furniture",
        "title": "Höj- och sänkbart skrivbord",
        "description": "Elektriskt, 160 × 80 cm, vit skiva.",
        "category": category("furniture/desks/height-adjustable desk"),
        "quantity": 4,
        "location": location,
        "mode": Mode.LEND,
        "available_from": timezone.localdate(),
        "visibility": "network",
    }
    data.update(extra)
    return data


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


# --- Requests: bad input changes nothing ---------------------------------------------


def test_request_end_before_start_is_refused(listing, neighbour, dates):
    start, end = dates
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, listing, end, start)
    assert "end_date" in exc.value.error_dict
    assert not Booking.objects.exists()


def test_request_outside_availability_is_refused(listing, neighbour, today):
    listing.available_to = today + timedelta(days=10)
    listing.save()
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, listing, today + timedelta(days=8), today + timedelta(days=12))
    assert "tillgänglig" in exc.value.message_dict["start_date"][0]
    assert not Booking.objects.exists()


def test_request_quantity_above_what_exists_is_refused(chairs, neighbour, dates):
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, chairs, *dates, quantity=4)
    assert exc.value.message_dict["quantity"] == ["Endast 3 exemplar finns."]
    assert not Booking.objects.exists()


def test_request_beyond_horizon_is_refused(listing, neighbour, today):
    listing.horizon_days = 30
    listing.available_to = None
    listing.save()
    with pytest.raises(ValidationError):
        _request(neighbour, listing, today + timedelta(days=40), today + timedelta(days=41))


def test_request_in_the_past_is_refused(listing, neighbour, today):
    with pytest.raises(ValidationError):
        _request(neighbour, listing, today - timedelta(days=1), today)


def test_overdue_borrower_cannot_reserve_more(listing, chairs, neighbour, owner, today):
    booking = _request(neighbour, listing, today, today + timedelta(days=1))
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    Booking.objects.filter(pk=booking.pk).update(
        start_date=today - timedelta(days=3), end_date=today - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        _request(neighbour, chairs, today + timedelta(days=3), today + timedelta(days=4))
    assert "försenade" in str(exc.value)


def test_supplier_cannot_reserve(listing, supplier_user, dates):
    with pytest.raises(ValidationError):
        _request(supplier_user, listing, *dates)


# --- The constraint and approvals ---------------------------------------------------


def test_database_refuses_overlapping_active_units(listing, neighbour, dates):
    booking = _request(neighbour, listing, *dates)
    unit = listing.units.get()
    other = Booking.objects.create(
        listing=listing,
        requester=neighbour,
        requester_organization=neighbour.organization,
        start_date=dates[0],
        end_date=dates[1],
    )
    BookingUnit.objects.filter(booking=booking).update(active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingUnit.objects.create(
            booking=other, unit=unit, blocked=DateRange(dates[0], dates[1], "[]"), active=True
        )


def test_instant_listing_books_at_once_and_refuses_the_second(listing, neighbour, staff, dates):
    listing.requires_approval = False
    listing.save()
    first = _request(neighbour, listing, *dates)
    assert first.state == BookingState.APPROVED
    with pytest.raises(ValidationError) as exc:
        _request(staff, listing, *dates)
    assert "0 av 1" in str(exc.value)
    assert Booking.objects.count() == 1


def test_buffer_days_keep_a_gap_between_loans(chairs, neighbour, staff, owner, today):
    chairs.quantity = 1
    chairs.save()
    chairs.units.exclude(number=1).delete()
    first = _request(neighbour, chairs, today + timedelta(days=1), today + timedelta(days=3))
    services.booking_transition(user=owner, booking=first, to=BookingState.APPROVED)
    # The day after the return is the turnaround day.
    with pytest.raises(ValidationError):
        _request(staff, chairs, today + timedelta(days=4), today + timedelta(days=5))
    assert _request(staff, chairs, today + timedelta(days=5), today + timedelta(days=6))


def test_approving_declines_overlapping_pending_with_a_message(
    listing, neighbour, staff, owner, dates, mailoutbox
):
    winner = _request(neighbour, listing, *dates)
    loser = _request(staff, listing, dates[0] + timedelta(days=1), dates[1] + timedelta(days=1))
    services.booking_transition(user=owner, booking=winner, to=BookingState.APPROVED, reply="Ok")
    loser.refresh_from_db()
    assert loser.state == BookingState.DECLINED
    assert "överlappande" in loser.reply
    assert Notification.objects.filter(recipient=staff, event="sharing.declined").exists()


def test_approving_moves_pending_to_another_free_unit(chairs, neighbour, staff, owner, dates):
    first = _request(neighbour, chairs, *dates, quantity=2)
    second = _request(staff, chairs, *dates, quantity=1)
    services.booking_transition(user=owner, booking=first, to=BookingState.APPROVED)
    second.refresh_from_db()
    assert second.state == BookingState.REQUESTED
    services.booking_transition(user=owner, booking=second, to=BookingState.APPROVED)
    assert BookingUnit.objects.filter(active=True).count() == 3


def test_neighbour_cannot_approve(listing, neighbour, staff, dates):
    booking = _request(staff, listing, *dates)
    with pytest.raises(ValidationError):
        services.booking_transition(user=neighbour, booking=booking, to=BookingState.APPROVED)


@pytest.mark.parametrize(
    ("start_state", "to"),
    [
        (BookingState.DECLINED, BookingState.APPROVED),
        (BookingState.RETURNED, BookingState.PICKED_UP),
        (BookingState.REQUESTED, BookingState.RETURNED),
        (BookingState.CANCELLED, BookingState.APPROVED),
    ],
)
def test_illegal_transitions_are_refused(listing, neighbour, owner, dates, start_state, to):
    booking = _request(neighbour, listing, *dates)
    Booking.objects.filter(pk=booking.pk).update(state=start_state)
    with pytest.raises(ValidationError):
        services.booking_transition(user=owner, booking=booking, to=to)


def test_requester_may_cancel_and_units_are_freed(listing, neighbour, owner, staff, dates):
    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    assert not BookingUnit.objects.filter(active=True).exists()
    assert _request(staff, listing, *dates)


# --- Waiting list, kits ------------------------------------------------------------


def test_waitlist_first_in_line_gets_a_held_unit(listing, neighbour, staff, owner, dates):
    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    entry = services.waitlist_join(
        user=staff, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    entry.refresh_from_db()
    assert entry.state == WaitState.OFFERED
    assert entry.booking.state == BookingState.HELD
    assert Notification.objects.filter(recipient=staff, event="sharing.offered").exists()
    services.booking_transition(user=staff, booking=entry.booking, to=BookingState.APPROVED)


def test_expired_hold_is_released(listing, neighbour, staff, owner, dates):
    from django.utils import timezone

    booking = _request(neighbour, listing, *dates)
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    entry = services.waitlist_join(
        user=staff, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=neighbour, booking=booking, to=BookingState.CANCELLED)
    assert services.holds_expire(now=timezone.now() + timedelta(days=3)) == 1
    entry.refresh_from_db()
    assert entry.booking.state == BookingState.EXPIRED
    assert not BookingUnit.objects.filter(active=True).exists()


def test_kit_is_reserved_all_or_nothing(chairs, listing, neighbour, staff, owner, ystad, dates):
    kit = Kit.objects.create(organization=ystad, title="Klassrumsset", created_by=owner)
    KitItem.objects.create(kit=kit, listing=chairs, quantity=3)
    KitItem.objects.create(kit=kit, listing=listing, quantity=1)
    blocker = _request(staff, listing, *dates)
    services.booking_transition(user=owner, booking=blocker, to=BookingState.APPROVED)
    with pytest.raises(ValidationError) as exc:
        services.kit_request(user=neighbour, kit=kit, start_date=dates[0], end_date=dates[1])
    assert "Kontorsstol" in str(exc.value)
    assert Booking.objects.filter(kit=kit).count() == 0

    services.booking_transition(user=staff, booking=blocker, to=BookingState.CANCELLED)
    bookings = services.kit_request(user=neighbour, kit=kit, start_date=dates[0], end_date=dates[1])
    assert len(bookings) == 2
    services.booking_transition(user=owner, booking=bookings[0], to=BookingState.APPROVED)
    assert set(Booking.objects.filter(kit=kit).values_list("state", flat=True)) == {
        BookingState.APPROVED
    }
    assert BookingUnit.objects.filter(active=True, booking__kit=kit).count() == 4


# --- Handover, money, impact --------------------------------------------------------


def test_sale_handover_invoices_with_vat_and_freezes_impact(
    ystad, owner, ystad_location, neighbour, today
):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.SELL,
        price_sek=Decimal("500"),
        quantity=2,
        requires_approval=True,
    )
    booking = _request(neighbour, listing, today, None, quantity=2, cost_centre="4711")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(
        user=owner, booking=booking, to=BookingState.HANDED_OVER, would_buy_new=True
    )
    line = InvoiceLine.objects.get()
    assert (line.kind, line.amount_sek, line.vat_sek, line.cost_centre) == (
        InvoiceKind.SALE,
        Decimal("1000.00"),
        Decimal("250.00"),
        "4711",
    )
    reuse = Reuse.objects.get()
    # office chair: 80 kg, 4 500 SEK new (version 1)
    assert (reuse.quantity, reuse.co2e_kg, reuse.sek_saved, reuse.factor_version) == (
        2,
        Decimal("160.00"),
        Decimal("8000.00"),
        1,
    )
    assert reuse.would_buy_new is True
    listing.refresh_from_db()
    assert listing.status == "gone"
    assert set(listing.units.values_list("status", flat=True)) == {UnitStatus.TRANSFERRED}

    factor = ImpactFactor.objects.get(category=listing.category)
    services.impact_factor_update(factor=factor, kg_co2e_per_unit=Decimal("100"))
    reuse.refresh_from_db()
    assert reuse.co2e_kg == Decimal("160.00")
    assert ImpactFactor.objects.get(pk=factor.pk).version == 2


def test_rent_within_one_municipality_has_no_vat(ystad, owner, ystad_location, staff, today):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.RENT,
        price_sek=Decimal("100"),
    )
    booking = _request(staff, listing, today, today + timedelta(days=2))
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    line = InvoiceLine.objects.get()
    assert (line.amount_sek, line.vat_sek) == (Decimal("300.00"), Decimal("0"))
    services.booking_transition(user=owner, booking=booking, to=BookingState.RETURNED)
    assert Reuse.objects.get().paid_sek == Decimal("300.00")


def test_transport_task_created_assigned_and_invoiced(listing, neighbour, owner, logistics, dates):
    booking = _request(
        neighbour, listing, *dates, transport=True, delivery_address="Algatan 13, Trelleborg"
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    task = TransportTask.objects.get()
    assert task.delivery_address == "Algatan 13, Trelleborg"
    services.transport_assign(user=logistics, task=task)
    services.transport_done(user=logistics, task=task, price_sek=Decimal("400"))
    task.refresh_from_db()
    assert task.state == TransportState.DONE
    assert InvoiceLine.objects.get(kind=InvoiceKind.TRANSPORT).vat_sek == Decimal("100.00")


def test_transport_by_non_logistics_is_refused(listing, neighbour, owner, dates):
    booking = _request(neighbour, listing, *dates, transport=True, delivery_address="x")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    with pytest.raises(ValidationError):
        services.transport_assign(user=owner, task=TransportTask.objects.get())


def test_transport_negative_price_is_refused(listing, neighbour, owner, logistics, dates):
    booking = _request(neighbour, listing, *dates, transport=True, delivery_address="x")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    with pytest.raises(ValidationError):
        services.transport_done(user=logistics, task=TransportTask.objects.get(), price_sek=-1)


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


# --- Wanted ads and reminders --------------------------------------------------------


def test_wanted_ad_notified_when_matching_listing_appears(
    neighbour, staff, ystad_location, django_capture_on_commit_callbacks
):
    services.wanted_ad_create(
        user=neighbour,
        title="Skrivbord till skolan",
        words="skrivbord",
        category=category("furniture/desks"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.listing_create(user=staff, **_listing_data(ystad_location))
    note = Notification.objects.get(recipient=neighbour, event="sharing.wanted_match")
    assert note.url == listing.get_absolute_url()


def test_wanted_ad_not_notified_for_listing_it_cannot_see(
    outsider, staff, ystad_location, django_capture_on_commit_callbacks
):
    services.wanted_ad_create(user=outsider, title="Skrivbord", words="skrivbord")
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_create(user=staff, **_listing_data(ystad_location))
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_reminders_and_late_notices_go_out_once(listing, neighbour, owner, today):
    booking = _request(neighbour, listing, today, today + timedelta(days=1))
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    assert services.reminders_send(today=today)["return"] == 1
    assert services.reminders_send(today=today)["return"] == 0
    assert services.reminders_send(today=today + timedelta(days=2))["late"] == 1
    assert services.reminders_send(today=today + timedelta(days=3))["late"] == 0
    assert Notification.objects.filter(recipient=neighbour, event="sharing.late").count() == 1


def test_give_away_refused_to_non_public_organisation(
    ystad, owner, ystad_location, supplier_user, today
):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.GIVE_AWAY,
        visibility="all",
    )
    with pytest.raises(ValidationError):
        _request(supplier_user, listing, today, None)
    # Staff of a municipality outside the network may take over something shared with all.
    other = UserFactory(organization=ystad, roles=["staff"])
    assert _request(other, listing, today, None).state == BookingState.REQUESTED
