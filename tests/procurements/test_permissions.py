from datetime import timedelta

import pytest
from django.utils import timezone

from procurements import services
from procurements.enums import BidStatus, Procedure
from procurements.models import Bid, Contract, ProcurementCase, Tender
from procurements.selectors import (
    contracts_for_user,
    procurement_get_for_user,
    procurements_for_user,
    published_tenders_for_supplier,
)
from tests.factories.procurements import open_tender_bids, pass_deadline, publish


@pytest.mark.parametrize(
    ("user_fixture", "view", "manage", "open_bids", "create"),
    [
        ("officer", True, True, True, True),
        ("coordinator", True, True, True, True),
        ("staff", True, False, False, False),
        ("neighbour", True, False, False, False),
        ("outsider", False, False, False, True),
        ("supplier_user", False, False, False, False),
        ("platform_admin", True, True, False, True),
    ],
)
def test_case_permission_table(request, case, user_fixture, view, manage, open_bids, create):
    user = request.getfixturevalue(user_fixture)
    assert user.has_perm("procurements.view_case", case) is view
    assert user.has_perm("procurements.manage_case", case) is manage
    assert user.has_perm("procurements.open_bids", case) is open_bids
    assert user.has_perm("procurements.create_case") is create


def test_view_bids_only_after_opening_for_officer_and_declared_evaluator(
    case, officer, witness, evaluator, staff
):
    tender = publish(case, officer)
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    assert not officer.has_perm("procurements.view_bids", case)
    pass_deadline(tender)
    open_tender_bids(tender, officer, witness)
    case.refresh_from_db()
    assert not officer.has_perm("procurements.view_bids", case)  # not before declaring
    services.evaluator_declare(case=case, user=officer)
    case.refresh_from_db()
    assert officer.has_perm("procurements.view_bids", case)
    assert not evaluator.has_perm("procurements.view_bids", case)
    services.evaluator_declare(case=case, user=evaluator)
    case.refresh_from_db()
    assert evaluator.has_perm("procurements.view_bids", case)
    assert evaluator.has_perm("procurements.score_bids", case)
    assert not staff.has_perm("procurements.view_bids", case)


def test_selectors_scope_cases(case, officer, neighbour, outsider, supplier_user, platform_admin):
    assert list(procurements_for_user(officer)) == [case]
    assert list(procurements_for_user(neighbour)) == [case]
    assert list(procurements_for_user(outsider)) == []
    assert list(procurements_for_user(supplier_user)) == []
    assert list(procurements_for_user(platform_admin)) == [case]
    assert procurement_get_for_user(neighbour, case.pk) == case
    with pytest.raises(ProcurementCase.DoesNotExist):
        procurement_get_for_user(outsider, case.pk)


def test_published_tenders_only_for_suppliers(case, officer, supplier_user):
    assert list(published_tenders_for_supplier(supplier_user)) == []
    tender = publish(case, officer)
    assert list(published_tenders_for_supplier(supplier_user)) == [tender]
    assert list(published_tenders_for_supplier(officer)) == []


def test_contracts_for_supplier_are_its_own(supplier_user, outsider):
    assert list(contracts_for_user(supplier_user)) == []
    assert list(contracts_for_user(outsider)) == []


# --- The supplier side, as state tables on unsaved instances --------------------------

NOW = timezone.now()


def _tender(*, stage="tender", published=True, deadline_in_hours=24, procedure="open"):
    case = ProcurementCase(stage=stage, procedure=procedure)
    return Tender(
        pk=4711,
        case=case,
        published_at=NOW - timedelta(days=30) if published else None,
        deadline=NOW + timedelta(hours=deadline_in_hours),
    )


@pytest.mark.parametrize(
    ("stage", "published", "hours", "procedure", "invited", "expected"),
    [
        ("tender", True, 24, Procedure.OPEN, False, True),
        ("tender", True, -1, Procedure.OPEN, False, False),  # deadline passed
        ("tender", False, 24, Procedure.OPEN, False, False),  # not published
        ("evaluation", True, 24, Procedure.OPEN, False, False),  # wrong stage
        ("tender", True, 24, Procedure.NEGOTIATED, False, False),  # not invited
        ("tender", True, 24, Procedure.NEGOTIATED, True, True),
        ("tender", True, -1, Procedure.NEGOTIATED, True, False),
    ],
)
def test_bid_on_tender_table(supplier_user, stage, published, hours, procedure, invited, expected):
    tender = _tender(stage=stage, published=published, deadline_in_hours=hours, procedure=procedure)
    tender._invited_organization_ids = {supplier_user.organization_id} if invited else set()
    assert supplier_user.has_perm("procurements.bid_on_tender", tender) is expected


@pytest.mark.parametrize("user_fixture", ["officer", "staff", "platform_admin", "outsider"])
def test_only_suppliers_use_supplier_pages(request, user_fixture, supplier_user):
    user = request.getfixturevalue(user_fixture)
    assert not user.has_perm("procurements.use_supplier_pages")
    assert not user.has_perm("procurements.bid_on_tender", _tender())
    assert supplier_user.has_perm("procurements.use_supplier_pages")


@pytest.mark.parametrize(
    ("own", "status", "stage", "hours", "expected"),
    [
        (True, BidStatus.SUBMITTED, "tender", 24, True),
        (False, BidStatus.SUBMITTED, "tender", 24, False),  # another supplier's bid
        (True, BidStatus.WITHDRAWN, "tender", 24, False),  # already withdrawn
        (True, BidStatus.SUBMITTED, "tender", -1, False),  # deadline passed
        (True, BidStatus.SUBMITTED, "evaluation", 24, False),  # opened, evaluated
    ],
)
def test_withdraw_bid_table(supplier_user, own, status, stage, hours, expected):
    from procurements import crypto

    tender = _tender(stage=stage, deadline_in_hours=hours)
    owner = supplier_user.organization_id if own else supplier_user.organization_id + 1000
    bid = Bid(tender=tender, status=status, supplier_token=crypto.supplier_token(4711, owner))
    assert supplier_user.has_perm("procurements.withdraw_bid", bid) is expected


def test_withdraw_bid_never_for_municipal_users(officer, supplier_user):
    from procurements import crypto

    bid = Bid(
        tender=_tender(),
        status=BidStatus.SUBMITTED,
        supplier_token=crypto.supplier_token(4711, officer.organization_id),
    )
    assert not officer.has_perm("procurements.withdraw_bid", bid)


@pytest.mark.parametrize(
    ("user_fixture", "manage", "decide_phase"),
    [
        ("officer", True, False),
        ("coordinator", True, False),
        ("staff", False, False),
        ("neighbour", False, False),
        ("outsider", False, False),
        ("supplier_user", False, False),
        ("platform_admin", True, False),
    ],
)
def test_contract_permission_table(request, case, user_fixture, manage, decide_phase):
    contract = Contract(case=case)
    user = request.getfixturevalue(user_fixture)
    assert user.has_perm("procurements.manage_contract", contract) is manage
    assert user.has_perm("procurements.decide_phase", contract) is decide_phase


def test_decide_phase_for_the_delegation_holder_only(case, officer):
    from tests.factories.procurements import decider_for

    holder = decider_for(case)
    contract = Contract(case=case)
    assert holder.has_perm("procurements.decide_phase", contract)
    assert not officer.has_perm("procurements.decide_phase", contract)
    case.decision_delegation.active = False
    assert not holder.has_perm("procurements.decide_phase", contract)
