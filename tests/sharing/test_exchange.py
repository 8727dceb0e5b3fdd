"""Exchanges: a swap of two listings of two municipalities, through services and pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils.translation import override

from core.history import events_for
from notifications.models import Notification
from sharing import services
from sharing.enums import BookingState, ExchangeState, ListingStatus, Mode
from sharing.models import ExchangeOffer
from tests.factories.sharing import ExchangeOfferFactory, ListingFactory


@pytest.fixture
def bench(ystad, owner, ystad_location):
    return ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.EXCHANGE,
        title="Parkbänk",
    )


@pytest.fixture
def projector(trelleborg, neighbour, trelleborg_location):
    return ListingFactory(
        organization=trelleborg,
        created_by=neighbour,
        location=trelleborg_location,
        mode=Mode.EXCHANGE,
        title="Projektor",
    )


@pytest.fixture
def offer(owner, bench, projector):
    return services.exchange_offer(user=owner, wanted=projector, offered=bench, message="Byte?")


# --- Services ---------------------------------------------------------------------------


def test_offer_notifies_the_other_side(offer, neighbour):
    assert offer.state == ExchangeState.PROPOSED
    assert offer.offering_organization_id != offer.wanted_organization_id
    assert Notification.objects.filter(recipient=neighbour, url=offer.get_absolute_url()).exists()


def test_accept_reserves_both_listings_as_a_pair(offer, owner, neighbour, bench, projector):
    offer = services.exchange_accept(user=neighbour, offer=offer, reply="Gärna")
    assert offer.state == ExchangeState.ACCEPTED
    assert offer.wanted_booking.listing == projector
    assert offer.wanted_booking.requester == owner
    assert offer.offered_booking.listing == bench
    assert offer.offered_booking.requester == neighbour
    assert {offer.wanted_booking.state, offer.offered_booking.state} == {BookingState.APPROVED}
    assert Notification.objects.filter(
        recipient=owner, event="sharing.exchange_accepted", url=offer.get_absolute_url()
    ).exists()
    for listing in (bench, projector):
        reasons = [row["reason"] for row in events_for(listing)]
        assert f"exchange #{offer.pk} accepted" in reasons


def test_complete_hands_both_over(offer, owner, neighbour, bench, projector):
    services.exchange_accept(user=neighbour, offer=offer)
    offer = services.exchange_complete(user=owner, offer=ExchangeOffer.objects.get(pk=offer.pk))
    assert offer.state == ExchangeState.COMPLETED
    bench.refresh_from_db()
    projector.refresh_from_db()
    assert bench.status == projector.status == ListingStatus.GONE
    assert offer.wanted_booking.state == BookingState.HANDED_OVER
    reasons = [row["reason"] for row in events_for(bench)]
    assert f"exchange #{offer.pk} completed" in reasons


def test_accept_refused_whole_when_one_listing_is_taken(offer, neighbour, bench):
    # The offered bench was handed over to someone else meanwhile: nothing is reserved.
    bench.units.update(status="transferred")
    with override("en"), pytest.raises(ValidationError, match="nothing was reserved"):
        services.exchange_accept(user=neighbour, offer=offer)
    offer.refresh_from_db()
    assert offer.state == ExchangeState.PROPOSED
    assert offer.wanted_listing.bookings.count() == 0


def test_only_the_wanted_side_answers(offer, owner, outsider, platform_admin):
    for user in (owner, outsider, platform_admin):
        with pytest.raises(PermissionDenied):
            services.exchange_accept(user=user, offer=offer)
        with pytest.raises(PermissionDenied):
            services.exchange_decline(user=user, offer=offer)


def test_decline_and_withdraw(offer, owner, neighbour, bench, projector):
    with pytest.raises(PermissionDenied):
        services.exchange_withdraw(user=neighbour, offer=offer)
    services.exchange_decline(user=neighbour, offer=offer, reply="Nej tack")
    offer.refresh_from_db()
    assert offer.state == ExchangeState.DECLINED
    with pytest.raises(PermissionDenied):
        services.exchange_withdraw(user=owner, offer=offer)
    again = services.exchange_offer(user=owner, wanted=projector, offered=bench)
    services.exchange_withdraw(user=owner, offer=again)
    again.refresh_from_db()
    assert again.state == ExchangeState.WITHDRAWN


def test_a_listing_is_in_one_open_offer(offer, owner, org_admin, bench, trelleborg, neighbour):
    other = ListingFactory(organization=trelleborg, created_by=neighbour, mode=Mode.EXCHANGE)
    with pytest.raises(ValidationError):
        services.exchange_offer(user=owner, wanted=other, offered=bench)
    # Not even the other way round: a listing offered in one may not be wanted in another.
    theirs = ListingFactory(organization=trelleborg, created_by=neighbour, mode=Mode.GIVE_AWAY)
    with pytest.raises(IntegrityError):
        ExchangeOfferFactory(offered_listing=theirs, wanted_listing=bench)


def test_database_refuses_a_swap_within_one_organisation(bench, ystad, owner):
    mine = ListingFactory(organization=ystad, created_by=owner, mode=Mode.EXCHANGE)
    with pytest.raises(IntegrityError):
        ExchangeOfferFactory(offered_listing=mine, wanted_listing=bench)


def test_database_refuses_two_open_offers_for_one_listing(projector, ystad, owner):
    ExchangeOfferFactory(wanted_listing=projector)
    with pytest.raises(IntegrityError):
        ExchangeOfferFactory(wanted_listing=projector)


def test_only_exchange_listings_of_others_can_be_asked_for(owner, bench, trelleborg, neighbour):
    lend = ListingFactory(organization=trelleborg, created_by=neighbour, mode=Mode.LEND)
    with pytest.raises(PermissionDenied):
        services.exchange_offer(user=owner, wanted=lend, offered=bench)


def test_a_loan_cannot_be_offered(owner, ystad, projector):
    loan = ListingFactory(organization=ystad, created_by=owner, mode=Mode.LEND)
    with pytest.raises(ValidationError):
        services.exchange_offer(user=owner, wanted=projector, offered=loan)


# --- Pages ------------------------------------------------------------------------------


def test_offer_from_a_listing_page(client, owner, bench, projector):
    client.force_login(owner)
    page = client.get(projector.get_absolute_url())
    assert reverse("sharing:exchange-create", args=[projector.pk]) in page.content.decode()
    url = reverse("sharing:exchange-create", args=[projector.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"offered": bench.pk, "message": "Byte?"})
    offer = ExchangeOffer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()


def test_offer_form_rejects_a_listing_not_ones_own(client, owner, projector, trelleborg):
    client.force_login(owner)
    theirs = ListingFactory(organization=trelleborg, mode=Mode.EXCHANGE)
    url = reverse("sharing:exchange-create", args=[projector.pk])
    response = client.post(url, {"offered": theirs.pk})
    assert response.status_code == 200
    assert not ExchangeOffer.objects.exists()


def test_offer_page_without_listings_says_what_to_do(client, owner, projector):
    client.force_login(owner)
    response = client.get(reverse("sharing:exchange-create", args=[projector.pk]))
    assert reverse("sharing:listing-create") in response.content.decode()


def test_accept_through_the_page(client, offer, neighbour):
    client.force_login(neighbour)
    page = client.get(offer.get_absolute_url())
    assert page.context["can_answer"]
    response = client.post(reverse("sharing:exchange-action", args=[offer.pk, "accept"]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == ExchangeState.ACCEPTED


def test_refused_accept_shows_the_reason(client, offer, neighbour, bench):
    bench.units.update(status="transferred")
    client.force_login(neighbour)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("sharing:exchange-action", args=[offer.pk, "accept"]), follow=True
    )
    assert "nothing was reserved" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == ExchangeState.PROPOSED


def test_unknown_action_is_404(client, offer, neighbour):
    client.force_login(neighbour)
    assert client.post(reverse("sharing:exchange-action", args=[offer.pk, "x"])).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("owner", 200),
        ("neighbour", 200),
        ("outsider", 404),
        ("supplier_user", 403),
        ("platform_admin", 200),
    ],
)
def test_exchange_detail_permissions(client, request, offer, viewer, status):
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(offer.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("viewer", "status", "listed"),
    [
        ("owner", 200, True),
        ("neighbour", 200, True),
        ("outsider", 200, False),
        ("supplier_user", 403, False),
        ("platform_admin", 200, True),
    ],
)
def test_exchange_list_permissions(client, request, offer, viewer, status, listed):
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(reverse("sharing:exchange-list"))
    assert response.status_code == status
    if status == 200:
        assert (offer.get_absolute_url() in response.content.decode()) is listed


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("owner", 200),
        ("neighbour", 403),
        ("outsider", 404),
        ("supplier_user", 403),
        ("platform_admin", 403),
    ],
)
def test_exchange_create_permissions(client, request, projector, bench, viewer, status):
    projector.visibility = "network"
    projector.save()
    client.force_login(request.getfixturevalue(viewer))
    url = reverse("sharing:exchange-create", args=[projector.pk])
    assert client.get(url).status_code == status


def test_actions_by_others_change_nothing(client, offer, outsider, owner):
    client.force_login(outsider)
    url = reverse("sharing:exchange-action", args=[offer.pk, "accept"])
    assert client.post(url).status_code == 404
    client.force_login(owner)
    assert client.post(url).status_code == 403
    offer.refresh_from_db()
    assert offer.state == ExchangeState.PROPOSED


def test_exchange_list_empty_state(client, owner):
    client.force_login(owner)
    response = client.get(reverse("sharing:exchange-list"))
    assert 'id="exchanges-empty"' in response.content.decode()


def test_exchange_pages_fixed_queries(client, offer, neighbour, django_assert_max_num_queries):
    client.force_login(neighbour)
    client.get(offer.get_absolute_url())
    with django_assert_max_num_queries(14):
        client.get(offer.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(reverse("sharing:exchange-list"))
