from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organizations.enums import Visibility
from sharing import services
from sharing.enums import BookingState, Mode
from sharing.models import Booking, Listing, ListingPhoto, Reuse
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, category


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), "#0b4f6c").save(buffer, format="PNG")
    return buffer.getvalue()


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


# --- Logistics, invoices, impact, check first -------------------------------------------


def test_transport_queue_for_logistics_only(client, listing, neighbour, owner, logistics, dates):
    booking = services.booking_request(
        user=neighbour,
        listing=listing,
        start_date=dates[0],
        end_date=dates[1],
        transport=True,
        delivery_address="Algatan 13",
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    client.force_login(owner)
    assert client.get(reverse("sharing:transport-list")).status_code == 403
    client.force_login(logistics)
    response = client.get(reverse("sharing:transport-list"))
    task = response.context["tasks"][0]
    client.post(reverse("sharing:transport-action", args=[task.pk, "assign"]))
    client.post(reverse("sharing:transport-action", args=[task.pk, "done"]), {"price_sek": "250"})
    task.refresh_from_db()
    assert (task.state, task.assignee, task.price_sek) == ("done", logistics, Decimal("250"))


def test_invoice_csv_has_bom_and_summary(
    client, ystad, owner, ystad_location, neighbour, logistics, today
):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.SELL,
        price_sek=Decimal("1200"),
    )
    booking = services.booking_request(
        user=neighbour, listing=listing, start_date=today, quantity=1, cost_centre="K-330"
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.HANDED_OVER)
    client.force_login(logistics)
    response = client.get(reverse("sharing:invoice-csv"), {"month": today.strftime("%Y-%m")})
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "K-330" in body and "1200,00" in body and "300,00" in body and "1500,00" in body


def test_invoice_pages_refused_to_plain_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("sharing:invoice-list")).status_code == 403


def test_impact_dashboard_shows_charts(client, listing, neighbour, owner, staff, dates):
    booking = services.booking_request(
        user=neighbour, listing=listing, start_date=dates[0], end_date=dates[1]
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    services.booking_transition(user=owner, booking=booking, to=BookingState.RETURNED)
    client.force_login(staff)
    response = client.get(reverse("sharing:impact"))
    assert response.context["totals"]["items"] == 1
    assert response.content.decode().count("<svg") == 3
    scoped = client.get(reverse("sharing:impact"), {"municipality": staff.organization.slug})
    assert scoped.context["totals"]["items"] == 0


def test_check_first_counts_matching_items(client, chairs, staff):
    client.force_login(staff)
    response = client.get(reverse("sharing:check-first"), {"q": "klassrumsstol"})
    assert response.context["count"] == 3


def test_wanted_ad_created_through_view(client, neighbour):
    client.force_login(neighbour)
    client.post(
        reverse("sharing:wanted-list"), {"title": "Projektor", "words": "projektor", "quantity": 1}
    )
    assert neighbour.sharing_wanted.get().words == "projektor"


def test_dashboard_cards_for_staff_and_logistics(client, logistics, listing):
    client.force_login(logistics)
    response = client.get(reverse("core:dashboard"))
    titles = [str(s.title) for s in response.context["sections"]]
    assert "Delning" in titles or "Sharing" in titles
    assert any("ransport" in t for t in titles)


def test_cached_dashboard_cards_follow_bookings_and_reuses(
    client, listing, neighbour, owner, dates, django_capture_on_commit_callbacks
):
    def card(user) -> str:
        client.force_login(user)
        client.cookies["django_language"] = "en"
        sections = client.get(reverse("core:dashboard")).context["sections"]
        return next(s.html for s in sections if s.template == "sharing/dashboard/staff.html")

    assert "waiting" not in card(owner) and "None." in card(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_request(
            user=neighbour, listing=listing, start_date=dates[0], end_date=dates[1]
        )
    # Both municipalities' cards changed: the owner's waiting request, the borrower's booking.
    assert "1 request waiting" in card(owner)
    assert booking.get_absolute_url() in card(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        for state in (BookingState.APPROVED, BookingState.PICKED_UP, BookingState.RETURNED):
            services.booking_transition(user=owner, booking=booking, to=state)
    assert "waiting" not in card(owner)
    assert "Your municipality: 1 items reused" in card(neighbour)


@pytest.mark.parametrize("query", ["q=%20%20", "q=%20%20&order=relevance", "q=&order=relevance"])
def test_search_with_blank_text_lists_newest_first(client, listing, owner, query):
    client.force_login(owner)
    response = client.get(f"{reverse('sharing:listing-list')}?{query}")
    assert response.status_code == 200
    assert listing.pk in [card.pk for card in response.context["page_obj"]]


def test_cached_category_tree_follows_a_new_category(
    client, staff, django_capture_on_commit_callbacks
):
    from sharing.models import Category

    client.force_login(staff)
    url = reverse("sharing:listing-list")
    assert "Ståbord" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(path="furniture/standing", name_sv="Ståbord", name_en="Standing")
    assert "Ståbord" in client.get(url).content.decode()


def test_card_shows_the_first_ready_photo_with_its_alt_text(
    client, ystad, owner, ystad_location, staff
):
    listing = ListingFactory(organization=ystad, created_by=owner, location=ystad_location)
    unready = ListingPhoto.objects.create(listing=listing, original="u.jpg", position=0)
    first = ListingPhoto.objects.create(
        listing=listing, original="a.jpg", thumbnail="a.jpg", alt_text="Ett ekskrivbord",
        position=1, processed_at=listing.created_at,
    )  # fmt: skip
    later = ListingPhoto.objects.create(
        listing=listing, original="b.jpg", thumbnail="b.jpg", alt_text="Baksidan",
        position=2, processed_at=listing.created_at,
    )  # fmt: skip
    client.force_login(staff)
    html = client.get(reverse("sharing:listing-list")).content.decode()
    assert reverse("sharing:photo-file", args=[first.pk, "thumb"]) in html
    assert 'alt="Ett ekskrivbord"' in html
    for other in (unready, later):
        assert reverse("sharing:photo-file", args=[other.pk, "thumb"]) not in html
    assert listing.title in html and listing.organization.name in html


def test_search_untouched_form_filters_nothing_and_facets_take_several(
    client, ystad, owner, ystad_location, staff
):
    """The marketplace's form submitted untouched shows every listing; a category and a
    municipality facet are real multiple selects."""
    chair = ListingFactory(organization=ystad, created_by=owner, location=ystad_location)
    desk = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        category=category("furniture/desks/fixed desk"),
    )
    sofa = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        category=category("equipment/it/laptop"),
    )
    client.force_login(staff)
    url = reverse("sharing:listing-list")
    bare = client.get(url)
    untouched = dict.fromkeys(bare.context["filter"].form.fields, "")
    response = client.get(url, untouched)
    assert {card.pk for card in response.context["listings"]} == {chair.pk, desk.pk, sofa.pk}
    html = bare.content.decode()
    assert 'name="category" size="6" class="form-select"' in html
    assert 'id="id_category" multiple' in html
    both = client.get(
        url, {"category": [category("furniture/chairs").pk, category("furniture/desks").pk]}
    )
    assert {card.pk for card in both.context["listings"]} == {chair.pk, desk.pk}
    mine = client.get(url, {"municipality": [ystad.pk], "q": ""})
    assert {card.pk for card in mine.context["listings"]} == {chair.pk, desk.pk, sofa.pk}


def test_municipality_facet_follows_a_listing_shared_with_everyone(
    client, vaxjo, staff, django_capture_on_commit_callbacks
):
    """The facet is cached; a listing of Växjö (outside the network) shared with
    everyone adds Växjö at once, and withdrawing it to the network removes it
    (sharing/caching.py: no invalidation in the services)."""
    client.force_login(staff)
    url = reverse("sharing:listing-list")

    def facet():
        return dict(client.get(url).context["filter"].form.fields["municipality"].choices)

    assert vaxjo.pk not in facet()
    owner = UserFactory(organization=vaxjo, roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        listing = ListingFactory(organization=vaxjo, created_by=owner, visibility="all")
    assert vaxjo.pk in facet()
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(user=owner, listing=listing, visibility="network")
    assert vaxjo.pk not in facet()
