"""Wanted ads and the daily reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from sharing import services
from sharing.enums import BookingState, Mode
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, category
from tests.sharing.helpers import _listing_data, _request

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
