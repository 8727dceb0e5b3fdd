"""Many people ask for the same unit and dates at the same moment: the database's
exclusion constraint lets exactly one through; everyone else gets a clear message."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sharing import services
from sharing.enums import BookingState
from sharing.models import Booking, BookingUnit
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory, LocationFactory

THREADS = 8


def _race(fn, users):
    barrier = threading.Barrier(len(users))
    results: list = []
    lock = threading.Lock()

    def worker(user):
        try:
            barrier.wait()
            outcome = ("ok", fn(user))
        except ValidationError as exc:
            outcome = ("refused", " ".join(exc.messages))
        except Exception as exc:  # anything else is a lost request
            outcome = ("error", repr(exc))
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _instant_bookings(network):
    ystad = network.members.get(municipality_code="1286")
    trelleborg = network.members.get(municipality_code="1287")
    location = LocationFactory(organization=ystad, name="Stadshuset")
    listing = ListingFactory(
        organization=ystad, location=location, requires_approval=False, title="Mötesrum Ystad"
    )
    users = [UserFactory(organization=trelleborg, roles=["staff"]) for _ in range(THREADS)]
    start = timezone.localdate() + timedelta(days=3)

    results = _race(
        lambda user: services.booking_request(
            user=user, listing=listing, start_date=start, end_date=start + timedelta(days=1)
        ),
        users,
    )
    assert len(results) == THREADS
    outcomes = [kind for kind, _detail in results]
    assert outcomes.count("ok") == 1, results
    assert outcomes.count("refused") == THREADS - 1, results
    assert all(detail for kind, detail in results if kind == "refused")
    assert Booking.objects.filter(listing=listing, state=BookingState.APPROVED).count() == 1
    assert BookingUnit.objects.filter(booking__listing=listing, active=True).count() == 1


def _approvals(network):
    ystad = network.members.get(municipality_code="1286")
    trelleborg = network.members.get(municipality_code="1287")
    location = LocationFactory(organization=ystad, name="Förrådet")
    listing = ListingFactory(organization=ystad, location=location, title="Projektor Epson")
    owners = [UserFactory(organization=ystad, roles=["logistics"]) for _ in range(THREADS)]
    start = timezone.localdate() + timedelta(days=3)
    bookings = [
        services.booking_request(
            user=UserFactory(organization=trelleborg, roles=["staff"]),
            listing=listing,
            start_date=start,
            end_date=start + timedelta(days=2),
        )
        for _ in range(THREADS)
    ]
    pairs = dict(zip([o.pk for o in owners], bookings, strict=True))

    results = _race(
        lambda owner: services.booking_transition(
            user=owner, booking=pairs[owner.pk], to=BookingState.APPROVED
        ),
        owners,
    )
    outcomes = [kind for kind, _detail in results]
    assert "error" not in outcomes, results
    assert outcomes.count("refused") == THREADS - 1, results
    assert Booking.objects.filter(listing=listing, state=BookingState.APPROVED).count() == 1
    assert (
        Booking.objects.filter(listing=listing, state=BookingState.DECLINED).count() == THREADS - 1
    )
    assert BookingUnit.objects.filter(booking__listing=listing, active=True).count() == 1


# One transactional test (restoring the serialized database is the slow part), two races:
# many instant bookings of one unit, and many owners approving overlapping requests.
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_and_approvals_exactly_one_wins(network):
    _instant_bookings(network)
    _approvals(network)
