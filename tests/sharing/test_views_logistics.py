"""Transport, invoices, impact and check-first pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sharing import services
from sharing.enums import BookingState, Mode
from sharing.models import ListingPhoto
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, category

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
