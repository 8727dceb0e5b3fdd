from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, LocationFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def owner(ystad):
    return UserFactory(organization=ystad, roles=["staff"], email="owner@ystad.test")


@pytest.fixture
def logistics(ystad):
    return UserFactory(organization=ystad, roles=["logistics"], email="log@ystad.test")


@pytest.fixture
def ystad_location(ystad):
    return LocationFactory(
        organization=ystad,
        name="Stadshuset",
        address="Stora Östergatan 31, Ystad",
        latitude=55.4295,
        longitude=13.8200,
        is_primary=True,
    )


@pytest.fixture
def trelleborg_location(trelleborg):
    return LocationFactory(
        organization=trelleborg,
        name="Rådhuset",
        address="Algatan 13, Trelleborg",
        latitude=55.3751,
        longitude=13.1569,
        is_primary=True,
    )


@pytest.fixture
def listing(ystad, owner, ystad_location):
    return ListingFactory(
        organization=ystad, created_by=owner, location=ystad_location, title="Kontorsstol Kinnarps"
    )


@pytest.fixture
def chairs(ystad, owner, ystad_location):
    return ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        quantity=3,
        title="Klassrumsstolar",
        buffer_days=1,
    )


@pytest.fixture
def dates(today):
    return today + timedelta(days=2), today + timedelta(days=5)
