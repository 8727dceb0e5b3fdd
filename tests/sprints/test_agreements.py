"""A sprint framework agreement made from an awarded framework contract, on pages."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from procurements import services as procurement_services
from procurements.enums import ContractKind, Stage
from sprints import agreements
from sprints.models import AgreementPrice, FrameworkAgreement
from tests.factories.organizations import UserFactory
from tests.factories.procurements import (
    award,
    evaluate,
    make_case,
    open_bids,
    publish,
    supplier_with_user,
)


@pytest.fixture
def contract(officer, trelleborg, ystad, monkeypatch):
    """A framework contract whose evaluation ranked "Beta" above "Alfa"."""
    witness = UserFactory(organization=ystad, roles=["officer"])
    evaluator = UserFactory(organization=ystad, roles=["evaluator"])
    case = make_case(officer, participating=[trelleborg])
    tender = publish(case, officer)
    alfa, alfa_user = supplier_with_user("Alfa Sprint AB")
    beta, beta_user = supplier_with_user("Beta Sprint AB")
    bids = [
        procurement_services.bid_submit(tender=tender, by=u, text="Anbud", price_sek=1000)
        for u in (alfa_user, beta_user)
    ]
    open_bids(case, officer, witness)
    bids = [type(b).objects.get(pk=b.pk) for b in bids]
    evaluate(case, officer, evaluator, bids, {bids[0]: [2, 3], bids[1]: [5, 3]})
    procurement_services.procurement_transition(case=case, to_stage=Stage.AWARD, by=officer)
    case.refresh_from_db()
    with time_machine.travel(date(2026, 3, 4)):  # decided and sent that day
        award(case, officer, winning_bids=bids, reasons="Ramavtal", sent_on=date(2026, 3, 4))
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 4, 1))
    contract = procurement_services.contract_create(
        case=case,
        by=officer,
        title="Ramavtal designsprint",
        suppliers=[alfa, beta],
        signing_organizations=[ystad, trelleborg],
        kind=ContractKind.FRAMEWORK,
        start_date=date(2026, 4, 1),
        end_date=date(2028, 3, 31),
    )
    monkeypatch.undo()
    contract.alfa, contract.beta = alfa, beta
    return contract


def _make(contract, officer, **extra):
    return agreements.agreement_from_contract(
        contract=contract, by=officer, reference="RA-1", max_value_sek=Decimal("2000000"), **extra
    )


def test_agreement_from_contract_takes_ranking_parties_and_period(contract, officer, ystad):
    agreement = _make(contract, officer)
    ranked = [e.supplier for e in agreement.ranking.order_by("rank")]
    assert ranked == [contract.beta, contract.alfa]
    assert set(agreement.municipalities.all()) == set(contract.signing_organizations.all())
    assert (agreement.start_date, agreement.end_date) == (date(2026, 4, 1), date(2028, 3, 31))
    assert agreement.formats.count() == 4
    assert agreement.lead_organization == ystad


def test_agreement_from_contract_only_once(contract, officer):
    _make(contract, officer)
    with pytest.raises(ValidationError):
        agreements.agreement_from_contract(
            contract=contract, by=officer, reference="RA-2", max_value_sek=Decimal("1")
        )


def test_agreement_from_contract_refused_to_others(contract, staff, outsider):
    for user in (staff, outsider):
        with pytest.raises(PermissionDenied):
            _make(contract, user)


def test_agreement_from_ordinary_contract_refused(contract, officer):
    type(contract).objects.filter(pk=contract.pk).update(kind=ContractKind.CONTRACT)
    contract.refresh_from_db()
    with pytest.raises(ValidationError):
        _make(contract, officer)


def test_create_page_lists_only_convertible_contracts(client, contract, officer, outsider):
    client.force_login(outsider)
    response = client.get(reverse("sprints:agreement-create"))
    assert list(response.context["form"].fields["contract"].queryset) == []
    # A forged POST for a foreign case's contract is refused by the scoped choice.
    response = client.post(
        reverse("sprints:agreement-create"),
        {"contract": contract.pk, "reference": "X", "max_value_sek": "100",
         "notice_working_days": 10, "late_cancellation_percent": 50,
         "response_working_days": 2},
    )  # fmt: skip
    assert response.status_code == 200
    assert not FrameworkAgreement.objects.exists()
    client.force_login(officer)
    response = client.post(
        reverse("sprints:agreement-create"),
        {"contract": contract.pk, "reference": "RA-9", "max_value_sek": "100000",
         "notice_working_days": 10, "late_cancellation_percent": 50,
         "response_working_days": 2},
    )  # fmt: skip
    agreement = FrameworkAgreement.objects.get()
    assert response.url == reverse("sprints:agreement-terms", args=[agreement.pk])


@pytest.mark.parametrize("who", ["supplier_user"])
def test_create_page_forbidden_to_suppliers(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sprints:agreement-create")).status_code == 403


def _terms_data(agreement, **prices):
    data = {
        "title": "Ramavtal", "start_date": "2026-04-01", "end_date": "2028-03-31",
        "max_value_sek": "2000000", "notice_working_days": 10,
        "late_cancellation_percent": 50, "response_working_days": 2,
        "offered_five_day": "on", "days_five_day": 5,
        "offered_one_day": "on", "days_one_day": 1,
    }  # fmt: skip
    data.update(prices)
    return data


def test_terms_page_sets_prices_and_formats(client, contract, officer):
    agreement = _make(contract, officer)
    client.force_login(officer)
    url = reverse("sprints:agreement-terms", args=[agreement.pk])
    assert client.get(url).status_code == 200
    beta = contract.beta.pk
    response = client.post(
        url,
        _terms_data(
            agreement,
            **{f"price_{beta}_five_day": "150000", f"price_{beta}_one_day": "30000",
               f"price_{beta}_three_day": "90000"},
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(agreement.formats.values_list("format", flat=True)) == ["five_day", "one_day"]
    # The three-day price is dropped with its format.
    assert sorted(AgreementPrice.objects.values_list("format", "price_sek")) == [
        ("five_day", Decimal("150000.00")),
        ("one_day", Decimal("30000.00")),
    ]


def test_terms_page_refused_to_other_municipalities_and_suppliers(
    client, contract, officer, staff, supplier_user, neighbour
):
    agreement = _make(contract, officer)
    url = reverse("sprints:agreement-terms", args=[agreement.pk])
    for user in (staff, neighbour, supplier_user):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
    client.force_login(supplier_user)  # not on the agreement: it is not even seen
    assert client.get(url).status_code == 404


def test_terms_negative_price_refused(contract, officer):
    agreement = _make(contract, officer)
    with pytest.raises(ValidationError):
        agreements.agreement_terms_update(
            agreement=agreement, by=officer, title="T", start_date=date(2026, 4, 1),
            end_date=date(2027, 1, 1), max_value_sek=Decimal("1"), notice_working_days=1,
            late_cancellation_percent=1, response_working_days=1,
            formats={"one_day": (1, 1)}, prices={(contract.beta.pk, "one_day"): Decimal("-5")},
        )  # fmt: skip
