"""The case page's data is cached under a stamp of every row it shows: a change to any of
them, however it is written, shows at once; who may see the case is decided per request."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization, User
from procurements import services
from procurements.models import Criterion, EffectIndicator, ProcurementCase
from procurements.selectors import _load_case_page, _stamp_sql
from tests.factories.procurements import award, to_award

# Tables a page reads for the request itself, not for the case.
NOT_CASE_DATA = {"django_session", "notifications_notification", "django_content_type"}


def _page(client, case):
    response = client.get(reverse("procurements:case-detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def rich_case(case, officer, witness, evaluator, trelleborg, monkeypatch):
    """A case with a tender, opened and scored bids, an award, a review, a contract with
    phases and an option, an effect indicator with a measurement and a meeting."""
    bids = to_award(case, officer, witness, evaluator)
    with time_machine.travel(date(2026, 3, 4)):  # decided and sent that day
        award(case, officer, winning_bids=[bids[0]], reasons="Bäst", sent_on=date(2026, 3, 4))
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 4, 1))
    review = services.review_register(
        case=case, by=officer, applicant="Beta AB", filed_on=date(2026, 3, 10)
    )
    services.review_decide(review=review, by=officer, status="rejected", outcome="Avslag")
    services.contract_create(
        case=case,
        by=officer,
        title="Partnerskap",
        suppliers=[bids[0].supplier],
        signing_organizations=[officer.organization],
        option_organizations=[trelleborg],
        option_deadline=date(2026, 12, 31),
        phases=["FoU", "Leverans"],
        value_sek=Decimal("500000"),
    )
    services.procurement_transition(case=case, to_stage="contract", by=officer)
    case.refresh_from_db()
    indicator = services.effect_indicator_create(
        case=case, by=officer, name="Fallolyckor", baseline=10, target=5
    )
    services.effect_measurement_record(
        indicator=indicator, by=officer, measured_on=date(2026, 3, 1), value=8
    )
    services.follow_up_meeting_record(
        case=case, by=officer, held_on=date(2026, 3, 20), attendees="Alla", notes="Bra start"
    )
    return case


def test_every_table_the_page_loads_is_stamped(rich_case):
    with CaptureQueriesContext(connection) as queries:
        loaded = _load_case_page(rich_case.pk)
    assert loaded.evaluation, "the rich case has evaluation results"
    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    stamped = set(re.findall(r'"(\w+)"', _stamp_sql()))
    assert "procurements_contractphase" in read and "procurements_effectmeasurement" in read
    assert read - NOT_CASE_DATA <= stamped, read - stamped


@pytest.mark.parametrize(
    "change",
    [
        # Written through a service, and behind the services' back (no signals at all).
        lambda case: services.criterion_add(
            tender=case.tender, by=case.responsible_officer, name="Hållbarhet", weight=1
        ),
        lambda case: Criterion.objects.filter(tender=case.tender, name="Pris").update(
            name="Hållbarhet"
        ),
        lambda case: Organization.objects.filter(pk=case.lead_organization_id).update(
            name="Hållbarhet kommun"
        ),
        lambda case: User.objects.filter(pk=case.responsible_officer_id).update(
            full_name="Hållbarhet Handläggare"
        ),
        lambda case: ProcurementCase.objects.filter(pk=case.pk).update(
            expected_effects="Hållbarhet"
        ),
    ],
    ids=["criterion-added", "criterion-renamed", "lead-renamed", "officer-renamed", "case"],
)
def test_a_change_to_anything_shown_shows_at_once(client, case, officer, change):
    from tests.factories.procurements import prepare_tender

    prepare_tender(case, officer, criteria=(("Effekt", 60), ("Pris", 30)))
    client.force_login(officer)
    assert "Hållbarhet" not in _page(client, case)
    assert "Hållbarhet" not in _page(client, case)  # now from the cache
    case.refresh_from_db()
    change(case)
    assert "Hållbarhet" in _page(client, case)


def test_measurement_added_to_a_cached_page_shows(client, rich_case, officer):
    client.force_login(officer)
    assert "2026-02" not in _page(client, rich_case)
    indicator = EffectIndicator.objects.get(case=rich_case)
    services.effect_measurement_record(
        indicator=indicator, by=officer, measured_on=date(2026, 2, 1), value=9
    )
    assert "2026-02: 9" in _page(client, rich_case)


def test_a_cached_case_is_still_404_for_another_municipality(client, case, officer, outsider):
    client.force_login(officer)
    _page(client, case)  # cached now
    client.force_login(outsider)
    response = client.get(reverse("procurements:case-detail", args=[case.pk]))
    assert response.status_code == 404


def test_a_missing_case_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("procurements:case-detail", args=[999999])).status_code == 404


def test_a_sealed_bid_leaves_the_case_page_stamp_alone(case, officer, witness):
    """Issue #19, finding 12: before the opening a bid must not change the page's cache
    key (a miss, and so the page's timing, would tell that a bid arrived)."""
    from procurements.selectors import _case_stamp
    from tests.factories.procurements import open_bids, publish, supplier_with_user

    tender = publish(case, officer)
    before = _case_stamp(case.pk)
    _org, user = supplier_with_user("Tyst AB")
    bid = services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    assert _case_stamp(case.pk) == before
    services.bid_withdraw(bid=bid, by=user)
    services.bid_submit(tender=tender, by=user, text="y", price_sek=2)
    assert _case_stamp(case.pk) == before
    open_bids(case, officer, witness)
    assert _case_stamp(case.pk) != before
