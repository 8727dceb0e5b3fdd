"""Negotiation rounds: reasoned continuation, questions per candidate, revised and final
tenders sealed until their two-person opening."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from procurements import services
from procurements.enums import OpeningKind
from procurements.models import Bid, RoundTender, TenderRound
from procurements.services.bids import bid_content
from tests.factories.procurements import negotiated_in_evaluation


@pytest.fixture
def setup(officer, witness):
    return negotiated_in_evaluation(officer, witness)


def soon(days=5):
    return timezone.now() + timedelta(days=days)


def open_round(case, officer, rows, *, keep=2, is_final=False):
    return services.round_open(
        tender=case.tender,
        by=officer,
        deadline=soon(),
        is_final=is_final,
        decisions={
            org: (i < keep, "Går vidare" if i < keep else "För högt pris")
            for i, (org, _user, _bid) in enumerate(rows)
        },
    )


def pass_round_deadline(tender_round):
    TenderRound.objects.filter(pk=tender_round.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    tender_round.refresh_from_db()


def open_round_tenders(tender_round, officer, witness):
    session = services.opening_start(kind=OpeningKind.ROUND, target=tender_round, by=officer)
    return services.opening_confirm(session=session, by=witness)


def test_round_needs_a_reasoned_decision_for_every_candidate(setup, officer, evaluator):
    case, rows = setup
    with pytest.raises(ValidationError):  # one candidate missing
        services.round_open(
            tender=case.tender,
            by=officer,
            deadline=soon(),
            decisions={rows[0][0]: (True, "Ja"), rows[1][0]: (True, "Ja")},
        )
    with pytest.raises(ValidationError):  # no reasons
        services.round_open(
            tender=case.tender,
            by=officer,
            deadline=soon(),
            decisions={org: (True, "") for org, _u, _b in rows},
        )
    with pytest.raises(ValidationError):  # not an officer
        open_round(case, evaluator, rows)
    assert not TenderRound.objects.exists()


def test_candidates_not_continuing_are_set_aside_and_told(
    setup, officer, django_capture_on_commit_callbacks
):
    case, rows = setup
    with django_capture_on_commit_callbacks(execute=True):
        open_round(case, officer, rows, keep=2)
    dropped = Bid.objects.get(pk=rows[2][2].pk)
    assert "För högt pris" in dropped.rejected_reason
    rounds = Notification.objects.filter(event="procurements.negotiation")
    told = rounds.get(recipient=rows[2][1])
    assert "För högt pris" in told.body
    assert rounds.filter(recipient=rows[0][1]).count() == 1


def test_a_passed_requirement_check_does_not_bring_a_set_aside_candidate_back(setup, officer):
    from procurements.models import Requirement

    case, rows = setup
    requirement = Requirement.objects.create(tender=case.tender, text="F-skatt")
    services.evaluator_declare(case=case, user=officer)
    open_round(case, officer, rows, keep=2)
    dropped = rows[2][2]
    services.requirement_check_record(bid=dropped, requirement=requirement, by=officer, passed=True)
    dropped.refresh_from_db()
    assert "För högt pris" in dropped.rejected_reason
    services.requirement_check_record(
        bid=dropped, requirement=requirement, by=officer, passed=False, note="Ingen F-skatt"
    )
    dropped.refresh_from_db()
    assert "Ingen F-skatt" in dropped.rejected_reason
    assert "För högt pris" in dropped.rejected_reason
    kept = Bid.objects.get(pk=rows[0][2].pk)
    services.requirement_check_record(bid=kept, requirement=requirement, by=officer, passed=True)
    kept.refresh_from_db()
    assert kept.rejected_reason == ""


def test_only_continuing_candidates_tender_and_revised_tenders_stay_sealed(
    setup, officer, witness, platform_admin
):
    case, rows = setup
    tender_round = open_round(case, officer, rows, keep=2)
    (org0, user0, bid0), (_org1, user1, _bid1), (_org2, user2, _bid2) = rows
    with pytest.raises(ValidationError):
        services.round_tender_submit(tender_round=tender_round, by=user2, text="x", price_sek=1)
    revised = services.round_tender_submit(
        tender_round=tender_round, by=user0, text="Reviderat anbud", price_sek=800
    )
    row = RoundTender.objects.get(pk=revised.pk)
    assert row.supplier_id is None and b"Reviderat" not in bytes(row.sealed)
    # the bid still carries the initial content until the two-person opening
    assert bid_content(Bid.objects.get(pk=bid0.pk))["text"] == f"Anbud {org0.name}"
    with pytest.raises(ValidationError):  # before the deadline
        services.opening_start(kind=OpeningKind.ROUND, target=tender_round, by=officer)
    pass_round_deadline(tender_round)
    with pytest.raises(ValidationError):  # after the deadline
        services.round_tender_submit(tender_round=tender_round, by=user1, text="Sen", price_sek=1)
    session = services.opening_start(kind=OpeningKind.ROUND, target=tender_round, by=officer)
    with pytest.raises(ValidationError):  # the starter alone
        services.opening_confirm(session=session, by=officer)
    assert bid_content(Bid.objects.get(pk=bid0.pk))["text"] == f"Anbud {org0.name}"
    services.opening_confirm(session=session, by=witness)
    bid = Bid.objects.get(pk=bid0.pk)
    assert bid_content(bid)["text"] == "Reviderat anbud" and bid.version == 2
    assert RoundTender.objects.get(pk=revised.pk).supplier == org0


def test_questions_are_seen_only_by_their_candidate(client, setup, officer):
    case, rows = setup
    tender_round = open_round(case, officer, rows, keep=2)
    (org0, user0, _b0), (_org1, user1, _b1), (org2, user2, _b2) = rows
    question = services.round_question_ask(
        tender_round=tender_round, supplier=org0, by=officer, question="Kan ni leverera i maj?"
    )
    with pytest.raises(ValidationError):  # a candidate not continuing
        services.round_question_ask(
            tender_round=tender_round, supplier=org2, by=officer, question="x"
        )
    with pytest.raises(ValidationError):  # another candidate cannot answer
        services.round_question_answer(question=question, by=user1, answer="Ja")
    services.round_question_answer(question=question, by=user0, answer="Ja, i maj")
    page = reverse("procurements:supplier-round", args=[tender_round.pk])
    client.force_login(user0)
    assert "Kan ni leverera i maj?" in client.get(page).content.decode()
    client.force_login(user1)
    content = client.get(page).content.decode()
    assert "Kan ni leverera i maj?" not in content and "Ja, i maj" not in content
    client.force_login(user2)
    assert client.get(page).status_code == 404


def test_final_tenders_end_negotiation_and_gate_the_evaluation(setup, officer, witness):
    case, rows = setup
    first = open_round(case, officer, rows, keep=2)
    with pytest.raises(ValidationError):  # the previous round is not opened yet
        open_round(case, officer, rows[:2], keep=2, is_final=True)
    pass_round_deadline(first)
    open_round_tenders(first, officer, witness)
    with pytest.raises(ValidationError):
        services.evaluation_complete(case=case, by=officer)
    final = open_round(case, officer, rows[:2], keep=2, is_final=True)
    with pytest.raises(ValidationError):  # no questions after the call for final tenders
        services.round_question_ask(
            tender_round=final, supplier=rows[0][0], by=officer, question="x"
        )
    with pytest.raises(ValidationError):  # no round after the final
        open_round(case, officer, rows[:2], keep=2)
    services.round_tender_submit(tender_round=final, by=rows[0][1], text="Slutligt", price_sek=700)
    pass_round_deadline(final)
    open_round_tenders(final, officer, witness)
    assert bid_content(Bid.objects.get(pk=rows[0][2].pk))["text"] == "Slutligt"
    from procurements.services.negotiation import negotiation_problems

    assert negotiation_problems(case.tender) == []


def test_round_pages_for_officer_and_outsider(setup, officer, witness, outsider):
    case, rows = setup
    officer_client, outsider_client = Client(), Client()
    officer_client.force_login(officer)
    outsider_client.force_login(outsider)
    data = {"deadline": soon().strftime("%Y-%m-%dT%H:%M")}
    for i, (org, _u, _b) in enumerate(rows):
        if i < 2:
            data[f"c{org.pk}_continues"] = "on"
        data[f"c{org.pk}_reasons"] = "Skäl"
    response = officer_client.post(reverse("procurements:round-create", args=[case.pk]), data)
    tender_round = TenderRound.objects.get()
    assert response.status_code == 302
    detail = reverse("procurements:round-detail", args=[tender_round.pk])
    assert officer_client.get(detail).status_code == 200
    assert outsider_client.get(detail).status_code == 404
    services.round_tender_submit(
        tender_round=tender_round, by=rows[0][1], text="Hemligt reviderat", price_sek=5
    )
    assert "Hemligt reviderat" not in officer_client.get(detail).content.decode()
