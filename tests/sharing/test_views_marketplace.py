"""The marketplace pages: who sees a listing, and search."""

from datetime import timedelta

import pytest
from django.urls import reverse

from organizations.enums import Visibility
from sharing import services
from sharing.enums import BookingState, Mode
from sharing.models import Booking, Listing, ListingPhoto
from tests.factories.sharing import ListingFactory, category

# --- Visibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "viewer", "status"),
    [
        (Visibility.OWN, "staff", 200),
        (Visibility.OWN, "neighbour", 404),
        (Visibility.NETWORK, "neighbour", 200),
        (Visibility.NETWORK, "outsider", 404),
        (Visibility.ALL, "outsider", 200),
        (Visibility.ALL, "supplier_user", 403),
    ],
)
def test_listing_detail_visibility(client, request, listing, visibility, viewer, status):
    listing.visibility = visibility
    listing.save()
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(listing.get_absolute_url()).status_code == status


def test_own_listing_hidden_from_neighbour_search(client, listing, neighbour):
    listing.visibility = Visibility.OWN
    listing.save()
    client.force_login(neighbour)
    response = client.get(reverse("sharing:listing-list"))
    assert [card.pk for card in response.context["listings"]] == []


def test_neighbour_cannot_reserve_own_only_listing(client, listing, neighbour, dates):
    listing.visibility = Visibility.OWN
    listing.save()
    client.force_login(neighbour)
    response = client.post(
        reverse("sharing:booking-create", args=[listing.pk]),
        {"start_date": dates[0], "end_date": dates[1], "quantity": 1},
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_outsider_gets_404_on_booking_and_photo(client, listing, neighbour, owner, outsider, dates):
    booking = services.booking_request(
        user=neighbour, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    photo = ListingPhoto.objects.create(listing=listing, original="x.jpg", thumbnail="x.jpg")
    client.force_login(outsider)
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert client.get(reverse("sharing:photo-file", args=[photo.pk, "thumb"])).status_code == 404
    response = client.post(reverse("sharing:booking-action", args=[booking.pk, "approve"]))
    assert response.status_code == 404


def test_supplier_sees_nothing_of_the_marketplace(client, supplier_user, listing):
    client.force_login(supplier_user)
    assert client.get(reverse("sharing:listing-list")).status_code == 403
    assert client.get(reverse("sharing:impact")).status_code == 403


# --- Search --------------------------------------------------------------------------


def test_search_swedish_full_text_ranks_title_first(client, ystad, owner, ystad_location, staff):
    desk = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        title="Skrivbord i ek",
        description="Stadigt.",
    )
    ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        title="Stol",
        description="Passar till skrivborden.",
    )
    ListingFactory(organization=ystad, created_by=owner, location=ystad_location, title="Soffa")
    client.force_login(staff)
    response = client.get(reverse("sharing:listing-list"), {"q": "skrivborden"})
    titles = [listing.title for listing in response.context["listings"]]
    assert titles == [desk.title, "Stol"]


def test_cached_cards_follow_every_change_and_language(client, listing, owner, staff):
    client.force_login(staff)
    url = reverse("sharing:listing-list")
    assert listing.title in client.get(url).content.decode()
    services.listing_update(user=owner, listing=listing, title="Höj- och sänkbart skrivbord")
    page = client.get(url).content.decode()
    assert "Höj- och sänkbart skrivbord" in page and listing.title not in page
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "sv"
    swedish = client.get(url).content.decode()
    assert "exemplar" in swedish and "exemplar" not in english


def test_search_facets_category_tree_and_mode(client, ystad, owner, ystad_location, staff):
    chair = ListingFactory(organization=ystad, created_by=owner, location=ystad_location)
    ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.GIVE_AWAY,
        category=category("furniture/desks/fixed desk"),
    )
    client.force_login(staff)
    furniture_chairs = category("furniture/chairs")
    response = client.get(
        reverse("sharing:listing-list"), {"category": furniture_chairs.pk, "mode": "lend"}
    )
    assert [card.pk for card in response.context["listings"]] == [chair.pk]


def test_search_available_on_dates_excludes_booked(client, listing, neighbour, owner, staff, dates):
    booking = services.booking_request(
        user=neighbour, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    client.force_login(staff)
    url = reverse("sharing:listing-list")
    busy = client.get(url, {"available_from": dates[0], "available_to": dates[1]})
    assert [card.pk for card in busy.context["listings"]] == []
    later = dates[1] + timedelta(days=10)
    free = client.get(url, {"available_from": later, "available_to": later})
    assert [card.pk for card in free.context["listings"]] == [listing.pk]


def test_search_nearest_first(
    client, ystad, trelleborg, owner, neighbour, ystad_location, trelleborg_location, staff
):
    far = ListingFactory(
        organization=trelleborg, created_by=neighbour, location=trelleborg_location
    )
    near = ListingFactory(organization=ystad, created_by=owner, location=ystad_location)
    near.created_at = far.created_at - timedelta(days=1)
    Listing.objects.filter(pk=near.pk).update(created_at=far.created_at - timedelta(days=1))
    client.force_login(staff)
    newest = client.get(reverse("sharing:listing-list"))
    assert [card.pk for card in newest.context["listings"]] == [far.pk, near.pk]
    nearest = client.get(reverse("sharing:listing-list"), {"order": "nearest"})
    assert [card.pk for card in nearest.context["listings"]] == [near.pk, far.pk]


def _fill(ystad, owner, location, count):
    for n in range(count):
        listing = ListingFactory(
            organization=ystad, created_by=owner, location=location, title=f"Skrivbord {n}"
        )
        ListingPhoto.objects.create(
            listing=listing,
            original="a.jpg",
            image="a.jpg",
            thumbnail="a.jpg",
            processed_at=listing.created_at,
        )


@pytest.mark.parametrize("count", [1, 30])
def test_search_page_costs_fixed_queries(
    client, ystad, owner, ystad_location, staff, count, django_assert_max_num_queries
):
    _fill(ystad, owner, ystad_location, count)
    client.force_login(staff)
    url = reverse("sharing:listing-list")
    with django_assert_max_num_queries(13):
        response = client.get(url, {"q": "skrivbord", "order": "nearest", "mode": "lend"})
    assert len(response.context["listings"]) == min(count, 24)


@pytest.mark.parametrize("count", [1, 30])
def test_booking_list_costs_fixed_queries(
    client, listing, neighbour, count, django_assert_max_num_queries, today
):
    listing.quantity = count
    listing.save()
    services.listing_update(user=listing.created_by, listing=listing, quantity=count)
    for _n in range(count):
        services.booking_request(
            user=neighbour,
            listing=listing,
            start_date=today + timedelta(days=1),
            end_date=today + timedelta(days=2),
        )
    client.force_login(neighbour)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("sharing:booking-list"))
    assert response.status_code == 200
