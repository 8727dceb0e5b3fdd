"""The marketplace's rules as state tables: each permission for each kind of user
(own organisation, other municipality, supplier, platform operator) and object state."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sharing.enums import ExchangeState, ListingStatus, Mode
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ExchangeOfferFactory, ListingFactory


@pytest.fixture
def people(ystad, trelleborg, supplier_org, platform_admin):
    return {
        "lister": UserFactory(organization=ystad, roles=["staff"]),
        "colleague": UserFactory(organization=ystad, roles=["staff"]),
        "logistics": UserFactory(organization=ystad, roles=["logistics"]),
        "neighbour": UserFactory(organization=trelleborg, roles=["staff"]),
        "neighbour_logistics": UserFactory(organization=trelleborg, roles=["logistics"]),
        "supplier": UserFactory(organization=supplier_org, roles=["supplier"]),
        "operator": platform_admin,
        "anonymous": AnonymousUser(),
    }


GLOBAL = [
    # (who, use_marketplace, create_listing, reserve, view_transport_queue, view_invoices)
    ("lister", True, True, True, False, False),
    ("logistics", True, True, True, True, True),
    ("neighbour", True, True, True, False, False),
    ("supplier", False, False, False, False, False),
    ("operator", True, False, False, False, True),
    ("anonymous", False, False, False, False, False),
]


@pytest.mark.parametrize(("who", "use", "create", "reserve", "transport", "invoices"), GLOBAL)
def test_global_permissions(people, who, use, create, reserve, transport, invoices):
    user = people[who]
    assert user.has_perm("sharing.use_marketplace") is use
    assert user.has_perm("sharing.create_listing") is create
    assert user.has_perm("sharing.reserve") is reserve
    assert user.has_perm("sharing.view_transport_queue") is transport
    assert user.has_perm("sharing.view_invoices") is invoices


@pytest.mark.parametrize(
    ("who", "change"),
    [
        ("lister", True),
        ("colleague", False),
        ("logistics", True),
        ("neighbour", False),
        ("supplier", False),
        ("operator", True),
        ("anonymous", False),
    ],
)
def test_change_listing(people, ystad, who, change):
    listing = ListingFactory(organization=ystad, created_by=people["lister"])
    assert people[who].has_perm("sharing.change_listing", listing) is change


@pytest.mark.parametrize(
    ("who", "mode", "status", "allowed"),
    [
        ("neighbour", Mode.EXCHANGE, ListingStatus.ACTIVE, True),
        ("neighbour", Mode.EXCHANGE, ListingStatus.WITHDRAWN, False),
        ("neighbour", Mode.LEND, ListingStatus.ACTIVE, False),
        ("neighbour", Mode.GIVE_AWAY, ListingStatus.ACTIVE, False),
        ("lister", Mode.EXCHANGE, ListingStatus.ACTIVE, False),  # one's own
        ("colleague", Mode.EXCHANGE, ListingStatus.ACTIVE, False),  # own organisation
        ("supplier", Mode.EXCHANGE, ListingStatus.ACTIVE, False),
        ("operator", Mode.EXCHANGE, ListingStatus.ACTIVE, False),
        ("anonymous", Mode.EXCHANGE, ListingStatus.ACTIVE, False),
    ],
)
def test_offer_exchange(people, ystad, who, mode, status, allowed):
    listing = ListingFactory(
        organization=ystad, created_by=people["lister"], mode=mode, status=status
    )
    assert people[who].has_perm("sharing.offer_exchange", listing) is allowed


EXCHANGE_TABLE = [
    # (who, state, answer, withdraw, complete)
    ("neighbour", ExchangeState.PROPOSED, True, False, False),
    ("neighbour_logistics", ExchangeState.PROPOSED, True, False, False),
    ("lister", ExchangeState.PROPOSED, False, True, False),
    ("logistics", ExchangeState.PROPOSED, False, True, False),
    ("colleague", ExchangeState.PROPOSED, False, False, False),
    ("supplier", ExchangeState.PROPOSED, False, False, False),
    ("operator", ExchangeState.PROPOSED, False, False, False),
    ("neighbour", ExchangeState.ACCEPTED, False, False, True),
    ("lister", ExchangeState.ACCEPTED, False, False, True),
    ("colleague", ExchangeState.ACCEPTED, False, False, False),
    ("operator", ExchangeState.ACCEPTED, False, False, False),
    ("neighbour", ExchangeState.DECLINED, False, False, False),
    ("lister", ExchangeState.WITHDRAWN, False, False, False),
    ("lister", ExchangeState.COMPLETED, False, False, False),
]


@pytest.mark.parametrize(("who", "state", "answer", "withdraw", "complete"), EXCHANGE_TABLE)
def test_exchange_permissions(people, ystad, trelleborg, who, state, answer, withdraw, complete):
    offer = ExchangeOfferFactory(
        offered_listing=ListingFactory(
            organization=ystad, created_by=people["lister"], mode=Mode.EXCHANGE
        ),
        wanted_listing=ListingFactory(
            organization=trelleborg, created_by=people["neighbour"], mode=Mode.EXCHANGE
        ),
        state=state,
    )
    user = people[who]
    assert user.has_perm("sharing.answer_exchange", offer) is answer
    assert user.has_perm("sharing.withdraw_exchange", offer) is withdraw
    assert user.has_perm("sharing.complete_exchange", offer) is complete


@pytest.mark.parametrize(
    ("who", "kit", "wanted_ad"),
    [
        ("lister", True, True),  # the author of both
        ("colleague", False, False),
        ("logistics", True, False),  # logistics keeps kits, not others' wanted ads
        ("neighbour", False, False),
        ("supplier", False, False),
        ("operator", False, False),
        ("anonymous", False, False),
    ],
)
def test_kits_and_wanted_ads(people, ystad, who, kit, wanted_ad):
    from sharing.models import Kit, WantedAd

    author = people["lister"]
    assert (
        people[who].has_perm("sharing.change_kit", Kit(organization=ystad, created_by=author))
        is kit
    )
    ad = WantedAd(organization=ystad, created_by=author, title="Soffa", words="soffa")
    assert people[who].has_perm("sharing.close_wanted_ad", ad) is wanted_ad


def test_municipal_admin_closes_any_wanted_ad_of_theirs(ystad, trelleborg):
    from sharing.models import WantedAd

    admin = UserFactory(organization=ystad, roles=["admin"])
    ad = WantedAd(organization=ystad, created_by=UserFactory(organization=ystad), title="x")
    assert admin.has_perm("sharing.close_wanted_ad", ad)
    ad.organization = trelleborg
    assert not admin.has_perm("sharing.close_wanted_ad", ad)


@pytest.mark.parametrize(
    ("state", "who", "allowed"),
    [
        ("held", "neighbour", True),
        ("held", "lister", False),
        ("held", "operator", False),
        ("requested", "neighbour", False),
        ("approved", "neighbour", False),
    ],
)
def test_confirm_hold(people, ystad, trelleborg, state, who, allowed):
    from sharing.models import Booking

    listing = ListingFactory(organization=ystad, created_by=people["lister"])
    booking = Booking(
        listing=listing,
        requester=people["neighbour"],
        requester_organization=trelleborg,
        state=state,
    )
    assert people[who].has_perm("sharing.confirm_hold", booking) is allowed
