import pytest

from procurements import services
from procurements.models import ProcurementCase
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
