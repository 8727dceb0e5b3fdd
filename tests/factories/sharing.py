from datetime import timedelta

import factory
from django.utils import timezone

from sharing.enums import ListingKind, Mode
from sharing.models import Category, ExchangeOffer, Listing, ListingUnit, Location
from tests.factories.organizations import MunicipalityFactory, UserFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(MunicipalityFactory)
    name = "Stadshuset"
    address = factory.Sequence(lambda n: f"Storgatan {n}")
    latitude = 55.43
    longitude = 13.82


def category(path="furniture/chairs/office chair") -> Category:
    return Category.objects.get(path=path)


class ListingFactory(factory.django.DjangoModelFactory):
    """A listing with its unit rows (as listing_create makes them)."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    organization = factory.SubFactory(MunicipalityFactory)
    department = "Kultur och fritid"
    created_by = factory.LazyAttribute(
        lambda o: UserFactory(organization=o.organization, roles=["staff"])
    )
    kind = ListingKind.FURNITURE
    title = factory.Sequence(lambda n: f"Kontorsstol {n}")
    description = "Ergonomisk kontorsstol med armstöd."
    category = factory.LazyFunction(category)
    quantity = 1
    location = factory.LazyAttribute(lambda o: LocationFactory(organization=o.organization))
    mode = Mode.LEND
    available_from = factory.LazyFunction(lambda: timezone.localdate())
    available_to = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    visibility = "network"

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create:
            ListingUnit.objects.bulk_create(
                ListingUnit(listing=self, number=n) for n in range(1, self.quantity + 1)
            )


class ExchangeOfferFactory(factory.django.DjangoModelFactory):
    """A proposed swap of two exchange listings of two municipalities."""

    class Meta:
        model = ExchangeOffer

    offered_listing = factory.SubFactory(ListingFactory, mode=Mode.EXCHANGE)
    wanted_listing = factory.SubFactory(ListingFactory, mode=Mode.EXCHANGE)
    offering_organization = factory.LazyAttribute(lambda o: o.offered_listing.organization)
    wanted_organization = factory.LazyAttribute(lambda o: o.wanted_listing.organization)
    created_by = factory.LazyAttribute(lambda o: o.offered_listing.created_by)
    message = "Vi byter gärna."
