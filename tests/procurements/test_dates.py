"""Dates that cannot have happened are refused; OCDS releases are frozen at their event."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from procurements import services
from procurements.enums import Stage
from procurements.models import OcdsRelease, Tender
from procurements.ocds import builder
from tests.factories.procurements import award, publish, to_award


def _contract(case, officer, bids, **fields):
    return services.contract_create(
        case=case,
        by=officer,
        title="Avtal",
        suppliers=[bids[0].supplier],
        signing_organizations=[officer.organization],
        **fields,
    )


def test_award_notice_sent_before_the_decision_is_refused(case, officer, witness, evaluator):
    bids = to_award(case, officer, witness, evaluator)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        award(case, officer, winning_bids=[bids[0]], reasons="Bäst", sent_on=yesterday)
    assert "sent_on" in error.value.message_dict
    assert not hasattr(type(case).objects.get(pk=case.pk), "award")


def test_contract_signed_in_the_standstill_or_the_future_is_refused(
    case, officer, witness, evaluator
):
    bids = to_award(case, officer, witness, evaluator)
    decision = award(case, officer, winning_bids=[bids[0]], reasons="Bäst")
    later = decision.standstill_ends_on + timedelta(days=3)
    with time_machine.travel(later):
        with pytest.raises(ValidationError) as error:
            _contract(case, officer, bids, signed_on=decision.standstill_ends_on)
        assert "signed_on" in error.value.message_dict
        with pytest.raises(ValidationError):
            _contract(case, officer, bids, signed_on=later + timedelta(days=1))
        contract = _contract(case, officer, bids, signed_on=later)
    assert contract.signed_on > decision.standstill_ends_on >= decision.decided_at.date()


def test_database_refuses_a_tender_period_ending_before_it_starts(case, officer):
    tender = publish(case, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tender.objects.filter(pk=tender.pk).update(deadline=tender.published_at - timedelta(days=1))


def test_releases_are_stored_at_their_event_and_never_change(
    client, case, officer, witness, evaluator
):
    bids = to_award(case, officer, witness, evaluator)
    tender_release = OcdsRelease.objects.get(case=case, tag="tender")
    assert tender_release.data["tender"]["status"] == "active"
    frozen = tender_release.data
    award(case, officer, winning_bids=[bids[0]], reasons="Bäst")
    case.refresh_from_db()
    assert case.stage == Stage.AWARD
    assert set(OcdsRelease.objects.filter(case=case).values_list("tag", flat=True)) == {
        "planning",
        "tender",
        "award",
    }
    releases = builder.case_releases(builder.published_cases().get(pk=case.pk))
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["award"]]
    assert releases[1] == frozen  # still "active", as announced
    assert releases[2]["awards"][0]["status"] == "pending"  # standstill at that moment
    compiled = builder.compile_releases(releases)
    assert compiled["tender"]["status"] == "complete"
    assert compiled["awards"][0]["id"] == releases[2]["awards"][0]["id"]
