"""Journey: a negotiated procedure end to end, as the officer, the second official, the
decision-maker and two suppliers. Both suppliers ask to participate (sealed); two officials
open the requests; the officer assesses and invites both; they tender; two officials open
the tenders; a negotiation round with a question to one candidate only and revised
tenders; final tenders; each opened by two officials; the officer proposes the award and
the head of procurement approves it in her own session.

Time moves by set-up between steps (deadlines are moved into the past in the database),
and the scoring is set up through the services (journey 3 drives it through the pages)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_check,
    kb_choose,
    kb_click,
    kb_fill,
    kb_select,
)
from tests.factories.procurements import pass_deadline

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Digital tjänst för delning av resurser mellan kommuner"
SUPPLIERS = (("Myloc AB", "anbud@myloc-e2e.test"), ("Cirkulera AB", "anbud@cirk-e2e.test"))


def submit(page, name: str):
    kb_click(page, page.get_by_role("button", name=name, exact=True))


@pytest.fixture
def case(make_user):
    from procurements import services
    from procurements.enums import Procedure, Stage
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.procurements import make_case, prepare_tender

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    NetworkFactory(name="Syd", members=[ystad])
    officer = make_user(organization=ystad, roles=["officer"], email="upphandlare@ystad-e2e.test")
    make_user(
        organization=ystad,
        roles=["officer"],
        email="vittne@ystad-e2e.test",
        full_name="Vera Vittne",
    )
    make_user(
        organization=ystad,
        roles=["evaluator"],
        email="bedomare@ystad-e2e.test",
        full_name="Eva Bedömare",
    )
    chef = make_user(
        organization=ystad,
        roles=["coordinator"],
        email="chef@ystad-e2e.test",
        full_name="Cecilia Chef",
    )
    delegation = services.delegation_add(
        organization=ystad, role_title="Upphandlingschef", holder=chef, by=chef
    )
    for name, email in SUPPLIERS:
        make_user(organization=SupplierFactory(name=name), roles=["supplier"], email=email)
    case = make_case(officer, title=TITLE, procedure=Procedure.NEGOTIATED)
    prepare_tender(case, officer, criteria=(("Effekt", 100),))
    services.case_delegation_set(case=case, delegation=delegation, by=officer)
    services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)
    case.refresh_from_db()
    return case


def open_by_two(page, opening_url):
    """The officer starts the opening; Vera Vittne confirms it in her own session."""
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + opening_url)
    submit(page, "Start the opening")
    page.get_by_role("button", name="Call off the opening").wait_for()
    act_as(page, "vittne@ystad-e2e.test")
    page.goto(page.base + opening_url)
    submit(page, "Confirm as the second official and open")
    page.get_by_text("confirmed by Vera Vittne").first.wait_for()
    act_as(page, "upphandlare@ystad-e2e.test")


def test_negotiated_procedure_journey(page, case):
    from procurements.models import AwardDecision, Bid, Tender, TenderRound
    from procurements.services.bids import bid_content

    case_url = f"/procurements/{case.pk}/"
    tender = Tender.objects.get(case=case)
    tender_url = f"/procurements/tenders/{tender.pk}/"

    # Both suppliers ask to participate; the request is sealed.
    for (_name, email), text in zip(
        SUPPLIERS, ("Tio kommuner som kunder.", "Två kommuner som kunder."), strict=True
    ):
        act_as(page, email)
        page.goto(page.base + tender_url)
        kb_click(page, page.get_by_role("link", name="Request to participate"))
        check_everywhere(page, here(page), label="request to participate")
        page.reload()
        kb_fill(page, field(page, "How you meet the selection criteria"), text)
        submit(page, "Send the request")
        page.get_by_text("receipt", exact=False).first.wait_for()
        # Only invited candidates may tender: no bid link yet.
        assert page.get_by_role("link", name="Submit a bid").count() == 0

    # Set-up moves time: the deadline for requests has passed.
    Tender.objects.filter(pk=tender.pk).update(
        requests_deadline=timezone.now() - timedelta(minutes=1)
    )

    # Nothing of the requests shows before the two-person opening.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Requests to participate and selection"))
    selection_url = here(page)
    assert "Myloc" not in page.locator("main").inner_text()
    kb_click(page, page.get_by_role("link", name="Open the requests to participate"))
    open_by_two(page, here(page))

    # The officer assesses both requests and invites both candidates.
    page.goto(page.base + selection_url)
    check_everywhere(page, selection_url, label="selection")
    page.goto(page.base + selection_url)
    for name, _email in SUPPLIERS:
        section = page.locator("section", has=page.get_by_role("heading", name=re.compile(name)))
        kb_choose(page, section.get_by_role("radio", name="Yes"))
        kb_fill(page, section.get_by_label("Reasons"), "Uppfyller kraven på referenser.")
        kb_click(page, section.get_by_role("button", name="Record the assessment"))
        page.get_by_text("The assessment was recorded.").first.wait_for()
    for name, _email in SUPPLIERS:
        kb_check(page, page.get_by_role("checkbox", name=name))
    submit(page, "Invite the chosen candidates")
    page.get_by_text("Candidates selected").first.wait_for()

    # The invited candidates tender.
    for (_name, email), price in zip(SUPPLIERS, ("2000000", "2300000"), strict=True):
        act_as(page, email)
        page.goto(page.base + tender_url)
        kb_click(page, page.get_by_role("link", name="Submit a bid").first)
        kb_fill(page, field(page, "Your offer"), "Delningstjänst med införandestöd.")
        kb_fill(page, field(page, "Price (SEK)"), price)
        kb_click(page, page.locator("main form button[type=submit]").last)
        page.get_by_text("receipt", exact=False).first.wait_for()

    # Set-up moves time: the deadline for tenders has passed; two officials open them.
    pass_deadline(tender)  # the publication moves back with it (tender period check)
    page.goto(page.base + case_url)
    open_by_two(page, f"/procurements/{case.pk}/bids/open/")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Move to another stage or cancel"))
    kb_select(page, field(page, "Move to"), "Evaluation")
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.wait_for_url(lambda url: url.split("#")[0] == page.base + case_url)
    # The officer declares no conflict of interest: no tender content without it (#19).
    kb_click(page, page.get_by_role("link", name="Declare no conflict of interest"))
    kb_check(page, page.get_by_label("I declare that I have no conflict of interest"))
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.wait_for_url(lambda url: url.split("#")[0] == page.base + case_url)

    # A negotiation round: both continue, a question to Myloc only.
    def open_round(final: bool):
        page.goto(page.base + case_url)
        kb_click(page, page.get_by_role("link", name="Negotiation rounds"))
        kb_click(page, page.get_by_role("link", name="Open a negotiation round"))
        if not final:
            check_everywhere(page, here(page), label="open a round")
            page.reload()
        deadline = timezone.localtime() + timedelta(days=7)
        kb_fill(
            page,
            field(page, "Deadline for revised tenders (Swedish time)"),
            deadline.replace(tzinfo=None, second=0, microsecond=0),
        )
        if final:
            kb_check(page, page.get_by_label("Call for final tenders (no negotiation after them)"))
        for name, _email in SUPPLIERS:
            kb_fill(page, field(page, f"Reasons for {name}"), "Konkurrenskraftigt anbud.")
        kb_click(page, page.locator("main form button[type=submit]").last)
        page.get_by_text("The round was opened").first.wait_for()
        return here(page)

    round_url = open_round(final=False)
    check_everywhere(page, round_url, label="round")
    page.goto(page.base + round_url)
    kb_select(page, field(page, "Candidate"), "Myloc AB")
    kb_fill(page, field(page, "Question"), "Kan ni korta införandet till tre månader?")
    submit(page, "Send the question")
    page.get_by_text("The question was sent to the candidate only.").first.wait_for()

    def tender_in_round(email, label, text, price, *, answer=""):
        act_as(page, email)
        page.goto(page.base + tender_url)
        kb_click(page, page.get_by_role("link", name=label))
        supplier_round = here(page)
        if answer:
            check_everywhere(page, supplier_round, label="round (supplier)")
            page.goto(page.base + supplier_round)
            kb_fill(page, field(page, "Your answer"), answer)
            submit(page, "Send the answer")
            page.get_by_text(answer).first.wait_for()
        kb_fill(page, page.get_by_label(re.compile(r"^\s*Your revised offer")), text)
        kb_fill(page, field(page, "Price (SEK)"), price)
        submit(page, "Send the tender")
        page.get_by_text("receipt", exact=False).first.wait_for()
        return page.locator("main").inner_text()

    tender_in_round(
        "anbud@myloc-e2e.test",
        "Round 1",
        "Reviderat: införande på tre månader.",
        "1900000",
        answer="Ja, med en extra utbildningsdag.",
    )
    shown = tender_in_round("anbud@cirk-e2e.test", "Round 1", "Reviderat: lägre pris.", "2100000")
    assert "tre månader" not in shown  # another candidate's question is never shown

    # Set-up moves time; two officials open the revised tenders.
    first = TenderRound.objects.get(tender=tender, number=1)
    TenderRound.objects.filter(pk=first.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    open_by_two(page, f"/procurements/rounds/{first.pk}/open/")
    page.goto(page.base + round_url)
    page.get_by_text("Reviderat: lägre pris.").first.wait_for()

    # Final tenders, then the same opening.
    open_round(final=True)
    tender_in_round("anbud@myloc-e2e.test", "Final tenders", "Slutligt: Myloc.", "1850000")
    tender_in_round("anbud@cirk-e2e.test", "Final tenders", "Slutligt: Cirkulera.", "2050000")
    final = TenderRound.objects.get(tender=tender, is_final=True)
    TenderRound.objects.filter(pk=final.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    open_by_two(page, f"/procurements/rounds/{final.pk}/open/")
    myloc = Bid.objects.get(tender=tender, supplier__name="Myloc AB")
    assert bid_content(myloc)["text"] == "Slutligt: Myloc."

    # Set-up: the final tenders are scored and the case moves to award.
    from procurements import services
    from procurements.enums import Stage
    from tests.factories.procurements import evaluate

    case = type(case).objects.get(pk=case.pk)  # as the pages left it
    officer = case.responsible_officer
    evaluator = type(officer).objects.get(email="bedomare@ystad-e2e.test")
    bids = list(Bid.objects.filter(tender=tender).order_by("supplier__name"))
    evaluate(case, officer, evaluator, bids, {bids[0]: [3], bids[1]: [5]})
    services.procurement_transition(case=case, to_stage=Stage.AWARD, by=officer)

    # The officer proposes the award; the head of procurement approves it; it is sent.
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    kb_check(page, page.get_by_role("checkbox", name="Myloc AB"))
    kb_fill(page, field(page, "Reasons"), "Högst viktad poäng efter slutliga anbud.")
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("Waiting for the decision of the person authorised.").wait_for()
    decision_url = here(page)
    act_as(page, "chef@ystad-e2e.test")
    page.goto(page.base + decision_url)
    kb_choose(page, page.get_by_role("radio", name="Approve"))
    submit(page, "Record my decision")
    page.get_by_text("Your decision was recorded.").first.wait_for()
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.wait_for_url(lambda url: url.split("#")[0] == page.base + case_url)
    award = AwardDecision.objects.get(case=case)
    assert award.decided_by.email == "chef@ystad-e2e.test"
    assert [b.supplier.name for b in award.winning_bids.all()] == ["Myloc AB"]
