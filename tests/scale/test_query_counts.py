"""Each key page's query count on the scale data, as literal numbers.

The benchmark (benchmarks/run.py) reports the same counts at full scale (X-Query-Count);
they must be identical, so a page whose queries grow with the data fails here first.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.pages import PAGES, resolve
from benchmarks.scale import load
from organizations.models import User

# page name -> queries for one warm request (the benchmark's warm-up happens first too)
EXPECTED = {
    "marketplace search, text + 3 facets, page 1": 6,
    "marketplace search, text + 3 facets, deep page": 6,
    "marketplace, newest first, no filter": 6,
    "procurement cases, text + stage + municipality": 5,
    "procurement cases, stage filter": 6,
    "procurement case page": 5,
    "needs list, text search": 5,
    "needs list": 5,
    "dashboard (staff)": 5,
    "dashboard (officer)": 6,
    "dashboard (coordinator)": 6,
    "dashboard (logistics)": 5,
    "supplier portal home": 5,
    "reports list": 5,
    "notifications": 6,
}


@pytest.fixture
def scale_data(db):
    load(seed=1, scale=0.002)


def _count(client, path: str) -> tuple[int, int]:
    client.get(path)  # warm: per-process caches, as in the benchmark
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def test_key_pages_query_counts(scale_data, client):
    measured = {}
    for page in PAGES:
        client.force_login(User.objects.get(email=page["user"]))
        status, count = _count(client, resolve(page["path"]))
        assert status == 200, page["name"]
        measured[page["name"]] = count
    assert measured == EXPECTED


def test_scale_data_is_deterministic_and_consistent(scale_data):
    from procurements.models import Bid, ProcurementCase
    from sharing.models import Booking, BookingUnit, Listing

    assert Listing.objects.count() == 400
    assert Booking.objects.count() == BookingUnit.objects.count() == 2000
    assert ProcurementCase.objects.values("stage").distinct().count() == 9
    # Bids are sealed with the application's key and open with it.
    from procurements import crypto

    bid = Bid.objects.order_by("pk").first()
    assert crypto.unseal_json(bid.sealed)["supplier_id"] == bid.supplier_id
    assert crypto.supplier_token(bid.tender_id, bid.supplier_id) == bid.supplier_token
    # The demo logins exist, so the benchmark can sign in.
    assert User.objects.filter(email="staff@ystad.example").exists()
