from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from procurements import services
from procurements.enums import Stage
from procurements.models import Bid, BidFile, Criterion, ProcurementCase, TenderQuestion
from tests.factories.organizations import UserFactory
from tests.factories.procurements import (
    award,
    make_case,
    open_bids,
    pdf_file,
    prepare_tender,
    publish,
    supplier_with_user,
)


def url(name, *args):
    return reverse(f"procurements:{name}", args=args)


def test_case_list_shows_own_and_participating_cases(
    client, officer, neighbour, outsider, trelleborg
):
    led = make_case(officer, participating=[trelleborg])
    make_case(UserFactory(organization=outsider.organization, roles=["officer"]))
    client.force_login(neighbour)
    assert list(client.get(url("case-list")).context["cases"]) == [led]
    client.force_login(outsider)
    assert [c.pk for c in client.get(url("case-list")).context["cases"]] != [led.pk]


def test_case_list_forbidden_for_supplier(client, supplier_user):
    client.force_login(supplier_user)
    assert client.get(url("case-list")).status_code == 403


@pytest.mark.parametrize("count", [1, 6])
def test_case_list_query_count_is_fixed(client, officer, count, django_assert_max_num_queries):
    for i in range(count):
        make_case(officer, title=f"Ärende {i}")
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        response = client.get(url("case-list"))
    assert len(response.context["cases"]) == count


def test_case_list_search_in_swedish(client, officer):
    make_case(officer, title="Möbler för förskolor")
    make_case(officer, title="Digital tjänst")
    client.force_login(officer)
    response = client.get(url("case-list"), {"q": "förskola"})
    assert [c.title for c in response.context["cases"]] == ["Möbler för förskolor"]


def test_case_create_view_assigns_reference(client, officer, ystad):
    client.force_login(officer)
    response = client.post(
        url("case-create"),
        {"title": "Ny tjänst", "lead_organization": ystad.pk, "procedure": "open"},
    )
    case = ProcurementCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.reference.startswith("UPH ") and case.responsible_officer == officer


def test_case_create_forged_lead_is_refused(client, officer, vaxjo):
    client.force_login(officer)
    response = client.post(url("case-create"), {"title": "X", "lead_organization": vaxjo.pk})
    assert response.status_code == 200 and "lead_organization" in response.context["form"].errors
    assert not ProcurementCase.objects.exists()


def test_staff_cannot_create(client, staff):
    client.force_login(staff)
    assert client.get(url("case-create")).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "case-detail",
        "case-edit",
        "case-transition",
        "case-timeline",
        "tender-edit",
    ],
)
def test_outsider_gets_404(client, case, outsider, name):
    client.force_login(outsider)
    assert client.get(url(name, case.pk)).status_code == 404


def test_outsider_gets_404_for_individual_report(client, case, outsider):
    client.force_login(outsider)
    assert client.post(url("case-individual-report", case.pk)).status_code == 404


def test_participant_staff_sees_case_but_cannot_manage(client, case, neighbour):
    client.force_login(neighbour)
    assert client.get(url("case-detail", case.pk)).status_code == 200
    assert client.get(url("case-edit", case.pk)).status_code == 403


@pytest.mark.parametrize("bids", [1, 4])
def test_case_detail_fixed_queries(
    client, case, officer, witness, bids, django_assert_max_num_queries
):
    tender = publish(case, officer)
    for i in range(bids):
        _org, user = supplier_with_user(f"L{i}")
        services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    open_bids(case, officer, witness)
    services.evaluator_declare(case=case, user=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(22):
        response = client.get(url("case-detail", case.pk))
    assert response.status_code == 200
    assert len(response.context["results"]) == bids


def test_transition_view_refuses_bad_weights_and_changes_nothing(client, case, officer):
    prepare_tender(case, officer, criteria=(("Effekt", 50),))
    client.force_login(officer)
    response = client.post(
        url("case-transition", case.pk), {"to_stage": "tender", "reason": "klar"}
    )
    assert response.status_code == 200
    assert "50" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.NEED


def test_transition_view_cancel_needs_lessons(client, case, officer):
    client.force_login(officer)
    response = client.post(
        url("case-transition", case.pk), {"to_stage": "cancelled", "cancellation_reason": "x"}
    )
    assert "lessons_learned" in response.context["form"].errors
    client.post(
        url("case-transition", case.pk),
        {"to_stage": "cancelled", "cancellation_reason": "x", "lessons_learned": "y"},
    )
    case.refresh_from_db()
    assert case.stage == Stage.CANCELLED


def test_criterion_weight_over_100_shows_message(client, case, officer):
    prepare_tender(case, officer)
    client.force_login(officer)
    response = client.post(url("criterion-add", case.pk), {"name": "Extra", "weight": 10})
    assert response.status_code == 200 and "110" in response.content.decode()
    assert Criterion.objects.count() == 2


def test_tender_deadline_in_past_via_view(client, case, officer):
    client.force_login(officer)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("tender-edit", case.pk),
        {"summary": "x", "deadline": past, "scale_min": 0, "scale_max": 5},
    )
    assert "deadline" in response.context["form"].errors
    assert not hasattr(ProcurementCase.objects.get(pk=case.pk), "tender")


def test_document_refused_type_and_amendment_notifies(client, case, officer, settings):
    tender = publish(case, officer)
    client.force_login(officer)
    bad = pdf_file("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(url("document-upload", case.pk), {"title": "Förfrågan", "file": bad})
    assert "file" in response.context["form"].errors
    _org, supplier = supplier_with_user()
    services.tender_interest_register(tender=tender, supplier=supplier.organization)
    response = client.post(
        url("document-upload", case.pk), {"title": "Förfrågan", "file": pdf_file()}
    )
    assert "reason" in response.context["form"].errors
    client.post(
        url("document-upload", case.pk),
        {"title": "Förfrågan", "file": pdf_file(), "reason": "Rättelse"},
    )
    client.post(
        url("document-upload", case.pk),
        {"title": "Förfrågan", "file": pdf_file(), "reason": "Igen"},
    )
    assert list(tender.documents.get().versions.values_list("number", flat=True)) == [2, 1]
    assert supplier.notifications.filter(event="procurements.amendment").count() == 2


def test_supplier_question_answered_to_all_without_name(client, case, officer):
    tender = publish(case, officer)
    _asker_org, asker = supplier_with_user("Frågvis AB")
    _other_org, other = supplier_with_user("Annan AB")
    client.force_login(other)
    client.get(url("tender-detail", tender.pk))  # follows the tender
    client.force_login(asker)
    client.post(url("tender-detail", tender.pk), {"q-question": "Gäller kravet alla?"})
    question = TenderQuestion.objects.get()
    client.force_login(other)
    assert "Gäller kravet alla?" not in client.get(url("tender-detail", tender.pk)).content.decode()
    client.force_login(officer)
    client.post(url("question-answer", question.pk), {"answer": "Ja, alla."})
    note = other.notifications.get(event="procurements.answer")
    assert "Ja, alla." in note.body and "Frågvis" not in note.body
    client.force_login(other)
    page = client.get(url("tender-detail", tender.pk)).content.decode()
    assert "Ja, alla." in page and "Frågvis" not in page


def test_late_answer_is_refused_unless_deadline_extended(client, case, officer):
    tender = publish(case, officer)
    _org, asker = supplier_with_user()
    question = services.question_ask(tender=tender, by=asker, question="Q?")
    type(tender).objects.filter(pk=tender.pk).update(deadline=timezone.now() + timedelta(days=3))
    client.force_login(officer)
    response = client.post(url("question-answer", question.pk), {"answer": "A"})
    assert response.status_code == 200 and "6" in response.content.decode()
    question.refresh_from_db()
    assert question.published_at is None
    later = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        url("question-answer", question.pk),
        {"answer": "A", "new_deadline": later, "extension_reason": "Sent svar"},
    )
    question.refresh_from_db()
    assert question.published_at is not None
    assert asker.notifications.filter(event="procurements.deadline").exists()


def test_supplier_bid_flow_with_receipt(client, case, officer):
    tender = publish(case, officer)
    _org, user = supplier_with_user()
    client.force_login(user)
    response = client.post(
        url("bid-submit", tender.pk),
        {"text": "Vårt anbud", "price_sek": "1000", "files": [pdf_file()]},
    )
    assert response.status_code == 302
    bid = Bid.objects.get()
    listing = client.get(url("bid-list")).content.decode()
    assert bid.receipt_code in listing and "bilaga.pdf" in listing
    bid_file = BidFile.objects.get()
    download = client.get(url("bid-file", bid_file.public_id))
    assert download.status_code == 200 and b"".join(
        download.streaming_content if download.streaming else [download.content]
    ).startswith(b"%PDF")
    client.post(url("bid-withdraw", bid.public_id))
    bid.refresh_from_db()
    assert bid.status == "withdrawn"


@pytest.fixture
def sealed(case, officer):
    tender = publish(case, officer)
    _org, user = supplier_with_user("Hemlig AB")
    bid = services.bid_submit(
        tender=tender, by=user, text="HEMLIGT", price_sek=1, files=[pdf_file()]
    )
    return tender, bid, user


def test_seal_holds_for_every_role_and_route(
    client,
    case,
    sealed,
    officer,
    witness,
    platform_admin,
    evaluator,
    neighbour,
    outsider,
    admin_client,
):
    _tender, bid, owner = sealed
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    _other_org, other_supplier = supplier_with_user("Annan AB")
    bid_file = bid.files.get()
    for user in (officer, witness, platform_admin, evaluator, neighbour, outsider, other_supplier):
        client.force_login(user)
        assert client.get(url("bid-detail", bid.public_id)).status_code == 404, user
        assert client.get(url("bid-file", bid_file.public_id)).status_code == 404, user
        detail = client.get(url("case-detail", case.pk))
        if detail.status_code == 200:
            text = detail.content.decode()
            assert "Hemlig AB" not in text and "HEMLIGT" not in text
    client.force_login(other_supplier)
    assert client.post(url("bid-withdraw", bid.public_id)).status_code == 404
    # The admin site has no bids at all.
    assert admin_client.get("/admin/procurements/bid/").status_code == 404
    # The owner sees its own.
    client.force_login(owner)
    assert client.get(url("bid-file", bid_file.public_id)).status_code == 200


def test_after_opening_officer_sees_bid_and_file(client, case, sealed, officer, witness, neighbour):
    _tender, bid, _owner = sealed
    open_bids(case, officer, witness)
    client.force_login(officer)
    assert client.get(url("bid-detail", bid.public_id)).status_code == 404  # declare first (#19)
    client.post(url("evaluator-declare", case.pk), {"confirm": "on"})
    page = client.get(url("bid-detail", bid.public_id))
    assert page.status_code == 200 and "HEMLIGT" in page.content.decode()
    assert client.get(url("bid-file", bid.files.get().public_id)).status_code == 200
    client.force_login(neighbour)  # staff of a participating municipality, not evaluator
    assert client.get(url("bid-detail", bid.public_id)).status_code == 404


def test_evaluator_must_declare_before_seeing_bids(
    client, case, sealed, officer, witness, evaluator
):
    tender, bid, _owner = sealed
    open_bids(case, officer, witness)
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    client.force_login(evaluator)
    assert client.get(url("bid-detail", bid.public_id)).status_code == 404
    client.post(url("evaluator-declare", case.pk), {"confirm": "on"})
    assert client.get(url("bid-detail", bid.public_id)).status_code == 200
    criterion = tender.criteria.first()
    response = client.post(
        url("bid-detail", bid.public_id),
        {
            "action": "score",
            "score-criterion": criterion.pk,
            "score-score": 9,
            "score-justification": "x",
        },
    )
    assert response.status_code == 200 and "score" in response.context["forms"]["score"].errors
    client.post(
        url("bid-detail", bid.public_id),
        {
            "action": "score",
            "score-criterion": criterion.pk,
            "score-score": 4,
            "score-justification": "Bra",
        },
    )
    assert bid.scores.get().score == 4


def test_supplier_tender_list_and_dashboard(client, case, officer, supplier_user):
    tender = publish(case, officer)
    client.force_login(supplier_user)
    assert list(client.get(url("tender-list")).context["tenders"]) == [tender]
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert case.title in dashboard


def test_timeline_shows_case_events(client, case, officer):
    services.procurement_transition(
        case=case, to_stage=Stage.DIALOGUE, by=officer, reason="Dags för RFI"
    )
    client.force_login(officer)
    page = client.get(url("case-timeline", case.pk)).content.decode()
    assert "Dags för RFI" in page and "Dialog" in page


def test_navigation_and_dashboard_for_municipal_user(client, case, officer):
    from core.registry import navigation_items

    assert [i.key for i in navigation_items(officer) if i.key == "procurements"] == ["procurements"]
    client.force_login(officer)
    assert case.title in client.get(reverse("core:dashboard")).content.decode()


def test_published_tender_form_hides_deadline_and_scale(client, case, officer):
    publish(case, officer)
    client.force_login(officer)
    form = client.get(url("tender-edit", case.pk)).context["form"]
    assert set(form.fields) == {"summary", "accelerated"}
    client.post(url("tender-edit", case.pk), {"summary": "Ny text"})
    case.tender.refresh_from_db()
    assert case.tender.summary == "Ny text"


def test_case_edit_forged_participant_is_refused(client, case, officer, vaxjo):
    client.force_login(officer)
    response = client.post(
        url("case-edit", case.pk),
        {"title": "Nytt namn", "participating_organizations": [vaxjo.pk]},
    )
    assert "participating_organizations" in response.context["form"].errors
    case.refresh_from_db()
    assert case.title != "Nytt namn"


def test_award_and_contract_through_pages(
    client, case, officer, witness, evaluator, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    from procurements.models import AwardDecision, Contract, DecisionProposal
    from tests.factories.procurements import decider_for, to_award

    bids = to_award(case, officer, witness, evaluator)
    decider = decider_for(case)
    client.force_login(officer)
    response = client.post(
        url("award-create", case.pk), {"winning_bids": [bids[0].pk], "reasons": "Bäst"}
    )
    proposal = DecisionProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert not AwardDecision.objects.exists()
    # the officer cannot decide; the notice cannot be sent before the approval
    client.post(proposal.get_absolute_url(), {"decision": "approved"})
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    # the decision-maker approves in their own session
    own = Client()
    own.force_login(decider)
    own.post(proposal.get_absolute_url(), {"decision": "approved"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", decider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("award-create", case.pk), {"sent_electronically": "on"})
    assert response.status_code == 302
    award = AwardDecision.objects.get()
    assert (award.proposal, award.decided_by) == (proposal, decider)
    assert len(mailoutbox) == 2
    page = client.get(url("case-detail", case.pk)).content.decode()
    assert award.standstill_ends_on.isoformat() in page
    # During the standstill the contract form refuses and says why.
    response = client.post(
        url("contract-create", case.pk),
        {
            "title": "Avtal",
            "kind": "contract",
            "suppliers": [bids[0].supplier_id],
            "signing_organizations": [officer.organization_id],
        },
    )
    assert response.status_code == 200 and "avtalsspärren" in response.content.decode().lower()
    assert not Contract.objects.exists()


def test_supplier_sees_outcome_of_own_bid_after_award(client, case, officer, witness, evaluator):
    from organizations.models import User
    from tests.factories.procurements import to_award

    bids = to_award(case, officer, witness, evaluator)
    award(case, officer, winning_bids=[bids[0]], reasons="Bäst")
    winner = User.objects.get(organization=bids[0].supplier)
    loser = User.objects.get(organization=bids[1].supplier)
    client.force_login(winner)
    rows = client.get(url("bid-list")).context["rows"]
    assert [(r["bid"].pk, r["won"], r["decided"]) for r in rows] == [(bids[0].pk, True, True)]
    client.force_login(loser)
    rows = client.get(url("bid-list")).context["rows"]
    assert [(r["bid"].pk, r["won"]) for r in rows] == [(bids[1].pk, False)]


@pytest.mark.parametrize("count", [1, 4])
def test_supplier_lists_query_count_is_fixed(client, officer, count, django_assert_max_num_queries):
    _org, supplier = supplier_with_user()
    for i in range(count):
        tender = publish(make_case(officer, title=f"Upphandling {i}"), officer)
        services.bid_submit(tender=tender, by=supplier, text="x", price_sek=1, files=[pdf_file()])
    client.force_login(supplier)
    # 9: a supplier's first page also asks once whether they sit in a project group
    # (the Projects menu entry; cached after that, projects/navigation.py).
    with django_assert_max_num_queries(9):
        rows = client.get(url("bid-list")).context["rows"]
    assert len(rows) == count
    with django_assert_max_num_queries(8):
        assert len(client.get(url("tender-list")).context["tenders"]) == count


def test_case_list_filters_by_municipality_and_officer(client, case, officer, trelleborg, vaxjo):
    client.force_login(officer)
    url = reverse("procurements:case-list")
    listed = client.get(url, {"municipality": trelleborg.pk}).context["cases"]
    assert [c.pk for c in listed] == [case.pk]  # a participant's cases are found too
    by_officer = client.get(url, {"officer": officer.pk}).context["cases"]
    assert [c.pk for c in by_officer] == [case.pk]
    # A municipality outside the user's networks is not a choice: the filter says so.
    outside = client.get(url, {"municipality": vaxjo.pk})
    assert "municipality" in outside.context["filter"].errors


def test_case_list_untouched_filter_form_filters_nothing(client, officer, trelleborg):
    """Every select starts on "All"; the form submitted untouched lists every case and no
    municipality or officer is chosen for the user."""
    led = make_case(officer)
    other = make_case(officer, participating=[trelleborg])
    client.force_login(officer)
    bare = client.get(url("case-list"))
    untouched = dict.fromkeys(bare.context["filter"].form.fields, "")
    response = client.get(url("case-list"), untouched)
    assert set(response.context["cases"]) == {led, other}
    form_html = bare.content.decode().split('id="filters"')[1].split("</form>")[0]
    assert form_html.count('<option value="" selected>') == 4  # stage, procedure, ...
    assert " selected>" not in form_html.replace('<option value="" selected>', "")
