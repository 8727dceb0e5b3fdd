"""The selection stage: sealed requests to participate, two-person opening, assessment,
invitation; only invited candidates tender."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from procurements import services
from procurements.enums import OpeningKind, Procedure, Stage
from procurements.models import CaseEvent, ParticipationRequest, Tender
from procurements.selectors import requests_for_case
from tests.factories.procurements import make_case, pdf_file, prepare_tender, supplier_with_user


@pytest.fixture
def negotiated(officer, trelleborg):
    case = make_case(officer, participating=[trelleborg], procedure=Procedure.NEGOTIATED)
    prepare_tender(case, officer)
    services.tender_save(
        case=case,
        by=officer,
        requests_deadline=timezone.now() + timedelta(days=35),
        max_candidates=2,
    )
    services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)
    case.refresh_from_db()
    return case


@pytest.fixture
def tender(negotiated):
    return negotiated.tender


@pytest.fixture
def candidates():
    return [supplier_with_user(f"Kandidat {i} AB") for i in range(3)]


def pass_requests_deadline(tender):
    Tender.objects.filter(pk=tender.pk).update(
        requests_deadline=timezone.now() - timedelta(minutes=1)
    )
    tender.refresh_from_db()


def open_requests(tender, officer, witness):
    session = services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)
    return services.opening_confirm(session=session, by=witness)


def submit_all(tender, candidates):
    return [
        services.request_submit(tender=tender, by=user, text=f"Referenser {i}")
        for i, (_org, user) in enumerate(candidates)
    ]


def test_publication_needs_a_requests_deadline(officer):
    case = make_case(officer, procedure=Procedure.NEGOTIATED)
    prepare_tender(case, officer)
    assert not services.gate_problems(case, Stage.TENDER)
    Tender.objects.filter(case=case).update(requests_deadline=None)
    case.tender.refresh_from_db()
    problems = services.gate_problems(case, Stage.TENDER)
    assert len(problems) == 1  # the requests deadline, nothing else


def test_requests_deadline_must_come_before_the_bids(negotiated, officer):
    with pytest.raises(ValidationError):
        services.tender_save(
            case=negotiated,
            by=officer,
            requests_deadline=negotiated.tender.deadline + timedelta(days=1),
        )


def test_request_is_sealed_until_the_two_person_opening(
    tender, negotiated, candidates, officer, witness, platform_admin
):
    (_org, user) = candidates[0]
    request = services.request_submit(
        tender=tender, by=user, text="Hemliga referenser", files=[pdf_file()]
    )
    row = ParticipationRequest.objects.get(pk=request.pk)
    assert row.supplier_id is None and b"Hemliga" not in bytes(row.sealed)
    for viewer in (officer, witness, platform_admin):
        assert list(requests_for_case(viewer, negotiated)) == []
    assert not CaseEvent.objects.filter(case=negotiated, kind="selection").exists()
    pass_requests_deadline(tender)
    session = services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)
    assert list(requests_for_case(officer, negotiated)) == []
    with pytest.raises(ValidationError):
        services.opening_confirm(session=session, by=officer)
    services.opening_confirm(session=session, by=witness)
    assert [r.supplier.name for r in requests_for_case(officer, negotiated)] == ["Kandidat 0 AB"]
    assert list(requests_for_case(platform_admin, negotiated)) == []


def test_requests_refused_after_their_deadline_and_for_one_step_procedures(
    tender, candidates, officer
):
    (_org, user) = candidates[0]
    pass_requests_deadline(tender)
    with pytest.raises(ValidationError):
        services.request_submit(tender=tender, by=user, text="Sen")
    open_case = make_case(officer)
    from tests.factories.procurements import publish

    with pytest.raises(ValidationError):
        services.request_submit(tender=publish(open_case, officer), by=user, text="x")


def test_opening_requests_before_their_deadline_is_refused(tender, officer):
    with pytest.raises(ValidationError):
        services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)


def test_supplier_not_selected_cannot_tender(
    tender, negotiated, candidates, officer, witness, django_capture_on_commit_callbacks
):
    requests = submit_all(tender, candidates)
    # before the selection nobody may tender
    with pytest.raises(ValidationError):
        services.bid_submit(tender=tender, by=candidates[0][1], text="x", price_sek=1)
    pass_requests_deadline(tender)
    open_requests(tender, officer, witness)
    opened = {r.pk: r for r in requests_for_case(officer, negotiated)}
    for i, request in enumerate(requests):
        services.request_assess(
            request=opened[request.pk],
            by=officer,
            passed=i < 2,
            reasons="Uppfyller kraven" if i < 2 else "Saknar referenser",
            rank=i + 1,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.selection_decide(
            tender=tender, by=officer, invited=[opened[requests[0].pk], opened[requests[1].pk]]
        )
    tender.refresh_from_db()
    assert tender.selection_decided_at is not None
    services.bid_submit(tender=tender, by=candidates[0][1], text="Anbud", price_sek=10)
    with pytest.raises(ValidationError):
        services.bid_submit(tender=tender, by=candidates[2][1], text="Anbud", price_sek=10)
    _outsider_org, outsider_user = supplier_with_user("Utanför AB")
    with pytest.raises(ValidationError):
        services.bid_submit(tender=tender, by=outsider_user, text="Anbud", price_sek=10)
    # every candidate is told; the one not invited with the reasons
    rejected = Notification.objects.get(recipient=candidates[2][1])
    assert "Saknar referenser" in rejected.body
    assert Notification.objects.filter(recipient=candidates[0][1]).count() == 1


def test_selection_refusals(tender, negotiated, candidates, officer, witness, evaluator):
    requests = submit_all(tender, candidates)
    pass_requests_deadline(tender)
    with pytest.raises(ValidationError):  # not opened yet
        services.selection_decide(tender=tender, by=officer, invited=requests[:1])
    open_requests(tender, officer, witness)
    opened = list(requests_for_case(officer, negotiated))
    with pytest.raises(ValidationError):  # not all assessed
        services.selection_decide(tender=tender, by=officer, invited=opened[:1])
    for request in opened:
        services.request_assess(
            request=request, by=officer, passed=request != opened[2], reasons="Bedömd"
        )
    with pytest.raises(ValidationError):  # a failed request invited
        services.selection_decide(tender=tender, by=officer, invited=[opened[2]])
    services.request_assess(request=opened[2], by=officer, passed=True, reasons="Omprövad")
    with pytest.raises(ValidationError):  # more than the notice allows (2)
        services.selection_decide(tender=tender, by=officer, invited=opened)
    with pytest.raises(ValidationError):  # not an officer of the case
        services.selection_decide(tender=tender, by=evaluator, invited=opened[:1])
    services.selection_decide(tender=tender, by=officer, invited=opened[:2])
    with pytest.raises(ValidationError):  # decided once
        services.selection_decide(tender=tender, by=officer, invited=opened[:1])
    with pytest.raises(ValidationError):  # assessments frozen after the decision
        services.request_assess(request=opened[0], by=officer, passed=False, reasons="Nej")


# --- Pages -------------------------------------------------------------------------


def test_request_pages_and_selection_page(
    client, tender, negotiated, candidates, officer, witness, neighbour, outsider
):
    org, user = candidates[0]
    client.force_login(user)
    page = reverse("procurements:tender-detail", args=[tender.pk])
    assert b"request/" in client.get(page).content
    response = client.post(
        reverse("procurements:request-submit", args=[tender.pk]), {"text": "Våra referenser"}
    )
    assert response.status_code == 302
    assert ParticipationRequest.objects.count() == 1
    selection_url = reverse("procurements:selection", args=[negotiated.pk])
    client.force_login(officer)
    response = client.get(selection_url)
    assert b"Referenser" not in response.content and org.name.encode() not in response.content
    client.force_login(outsider)
    assert client.get(selection_url).status_code == 404
    pass_requests_deadline(tender)
    open_requests(tender, officer, witness)
    client.force_login(officer)
    response = client.get(selection_url)
    assert org.name.encode() in response.content and "Våra referenser".encode() in (
        response.content
    )
    request = ParticipationRequest.objects.get()
    client.post(
        selection_url,
        {
            "action": "assess",
            "request": request.pk,
            f"r{request.pk}-passed": "1",
            f"r{request.pk}-reasons": "Goda referenser",
        },
    )
    assert request.assessment.passed is True
    client.post(selection_url, {"action": "select", "invited": [request.pk]})
    tender.refresh_from_db()
    assert tender.selection_decided_at is not None
    client.force_login(neighbour)
    assert org.name.encode() not in client.get(selection_url).content


def test_individual_report_keeps_requests_sealed_then_records_selection_and_opening(
    tender, negotiated, candidates, officer, witness
):
    from tests.procurements.test_reports import _render

    submit_all(tender, candidates[:2])
    text = _render("procurement_individual", negotiated, officer)
    assert "Kandidat" not in text
    pass_requests_deadline(tender)
    open_requests(tender, officer, witness)
    for request in requests_for_case(officer, negotiated):
        services.request_assess(request=request, by=officer, passed=True, reasons="Godkänd")
    text = _render("procurement_individual", negotiated, officer)
    assert "Kandidat 0 AB" in text and "Kandidat 1 AB" in text
    assert str(witness) in text and str(officer) in text


def test_no_page_names_a_candidate_before_the_opening(
    client, tender, negotiated, candidates, officer, platform_admin
):
    events = CaseEvent.objects.filter(case=negotiated).count()
    submit_all(tender, candidates)
    assert CaseEvent.objects.filter(case=negotiated).count() == events  # no trace in the log
    for user in (officer, platform_admin):
        client.force_login(user)
        for name in ("case-detail", "case-timeline", "selection"):
            content = client.get(reverse(f"procurements:{name}", args=[negotiated.pk])).content
            assert b"Kandidat" not in content and b"Referenser" not in content
