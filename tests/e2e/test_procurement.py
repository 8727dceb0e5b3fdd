"""Journey 3: the officer publishes the tender; a supplier's question is answered to all; two
suppliers bid; after the deadline two officials open the bids (the officer starts the
opening, a second official confirms it in their own session); two evaluators score them;
the officer proposes the award, the head of procurement approves it in their own session,
the award is sent and the standstill end shows; the contract is signed after it.

Time moves by set-up between steps: the deadline (and later the award's sending and
standstill dates) are updated in the database, as if days had passed."""

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
    kb_menu,
    kb_select,
)

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Rena och torra golv i förskolan"


def submit(page, name: str | None = None):
    """Press the form's submit button (named, or the last one in the main content)."""
    if name:
        button = page.get_by_role("button", name=name, exact=True)
    else:
        button = page.locator("main form button[type=submit], main form button:not([type])").last
    kb_click(page, button)


def back_to_case(page):
    """Follow the "Back to <reference>" link at the top of a page of the case."""
    kb_click(page, page.get_by_role("link", name=re.compile(r"^Back to ")))


def back_on(page, path: str):
    """Wait until the browser is on `path` (whatever fragment or query follows)."""
    page.wait_for_url(lambda url: url.split("#")[0].split("?")[0] == page.base + path)


@pytest.fixture
def case(make_user):
    from procurements import services
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.procurements import make_case

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    officer = make_user(organization=ystad, roles=["officer"], email="upphandlare@ystad-e2e.test")
    make_user(
        organization=ystad,
        roles=["officer"],
        email="vittne@ystad-e2e.test",
        full_name="Vera Vittne",
    )
    chef = make_user(
        organization=ystad,
        roles=["coordinator"],
        email="chef@ystad-e2e.test",
        full_name="Cecilia Chef",
    )
    services.delegation_add(organization=ystad, role_title="Upphandlingschef", holder=chef, by=chef)
    make_user(
        organization=ystad,
        roles=["evaluator"],
        email="bedomare1@ystad-e2e.test",
        full_name="Eva Bedömare",
    )
    make_user(
        organization=trelleborg,
        roles=["evaluator"],
        email="bedomare2@trelleborg-e2e.test",
        full_name="Erik Granskare",
    )
    for name, email in (
        ("Golvteknik AB", "anbud@golv-e2e.test"),
        ("Stadkraft AB", "anbud@stad-e2e.test"),
    ):
        make_user(organization=SupplierFactory(name=name), roles=["supplier"], email=email)
    case = make_case(officer, title=TITLE, participating=[trelleborg])
    tender = services.tender_save(
        case=case,
        by=officer,
        deadline=timezone.now() + timedelta(days=40),
        summary="Torra och halkfria golv i förskolornas hallar.",
    )
    services.criterion_add(tender=tender, by=officer, name="Effekt", weight=100)
    return case


def test_tender_to_signed_contract(page, case):
    from procurements.models import AwardDecision as Award
    from procurements.models import Tender

    case_url = f"/procurements/{case.pk}/"
    criterion = "Effekt (100 %)"

    # The officer publishes the tender by moving the case to the tender stage.
    act_as(page, "upphandlare@ystad-e2e.test")
    check_everywhere(page, case_url, label="case (need)")
    page.goto(page.base + "/")
    kb_menu(page, "Procurements")
    kb_click(page, page.get_by_role("link", name=TITLE))
    kb_click(page, page.get_by_role("link", name="Move to another stage or cancel"))
    move_url = here(page)
    check_everywhere(page, move_url, label="move the case")
    page.goto(page.base + move_url)
    kb_select(page, field(page, "Move to"), "Tender")
    kb_fill(page, field(page, "Why (for the record)"), "Underlaget är klart.")
    submit(page)
    back_on(page, case_url)
    assert Tender.objects.get(case=case).is_published

    # A supplier asks a question.
    act_as(page, "anbud@golv-e2e.test")
    check_everywhere(page, "/procurements/tenders/", label="tenders (supplier)")
    page.goto(page.base + "/")
    kb_menu(page, "Tenders")
    kb_click(page, page.get_by_role("link", name=TITLE).first)
    tender_url = here(page)
    check_everywhere(page, tender_url, label="tender (supplier)")
    page.goto(page.base + tender_url)
    kb_fill(page, field(page, "Your question"), "Ska lösningen fungera utan el?")
    submit(page, "Send the question")
    page.get_by_text("Ska lösningen fungera utan el?").first.wait_for()

    # The officer answers it to all.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Answer this question"))
    check_everywhere(page, here(page), label="answer a question")
    page.reload()
    answer = "Nej, el finns i alla hallar."
    kb_fill(page, field(page, "Answer (published to all suppliers)"), answer)
    submit(page)
    page.get_by_text("Nej, el finns i alla hallar.").first.wait_for()

    # Two suppliers bid; both see the answer.
    for email, text, price in (
        ("anbud@golv-e2e.test", "Torkzon med avskrapningsgaller.", "480000"),
        ("anbud@stad-e2e.test", "Uppvärmda entrémattor.", "520000"),
    ):
        act_as(page, email)
        page.goto(page.base + tender_url)
        page.get_by_text("Nej, el finns i alla hallar.").first.wait_for()
        kb_click(page, page.get_by_role("link", name="Submit a bid").first)
        check_everywhere(page, here(page), label="bid form")
        page.reload()
        kb_fill(page, field(page, "Your offer"), text)
        kb_fill(page, field(page, "Price (SEK)"), price)
        submit(page)
        page.get_by_text("receipt", exact=False).first.wait_for()
    check_everywhere(page, "/procurements/my-bids/", label="my bids")

    # Set-up moves time: the deadline has passed.
    Tender.objects.filter(case=case).update(
        published_at=timezone.now() - timedelta(days=40),
        deadline=timezone.now() - timedelta(minutes=1),
    )

    # Two officials open the bids: the officer starts, the second confirms in her own
    # session; the case moves to evaluation.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Open the bids"))
    opening_url = here(page)
    check_everywhere(page, opening_url, label="open the bids")
    page.goto(page.base + opening_url)
    submit(page, "Start the opening")
    page.get_by_role("button", name="Call off the opening").wait_for()
    assert page.get_by_role("button", name="Confirm as the second official and open").count() == 0
    act_as(page, "vittne@ystad-e2e.test")
    page.goto(page.base + opening_url)
    check_everywhere(page, opening_url, label="confirm the opening")
    page.goto(page.base + opening_url)
    submit(page, "Confirm as the second official and open")
    page.get_by_text("confirmed by Vera Vittne").first.wait_for()
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Move to another stage or cancel"))
    kb_select(page, field(page, "Move to"), "Evaluation")
    submit(page)
    back_on(page, case_url)
    for name in ("Eva Bedömare", "Erik Granskare"):
        kb_click(page, page.get_by_role("link", name="Assign an evaluator"))
        kb_select(page, field(page, "Evaluator"), name)
        submit(page)
        back_on(page, case_url)

    # Two evaluators declare no conflict of interest and score both bids.
    scores = {"Golvteknik AB": "5", "Stadkraft AB": "3"}
    for email in ("bedomare1@ystad-e2e.test", "bedomare2@trelleborg-e2e.test"):
        act_as(page, email)
        page.goto(page.base + case_url)
        kb_click(page, page.get_by_role("link", name="Declare no conflict of interest"))
        check_everywhere(page, here(page), label="declaration")
        page.reload()
        kb_check(page, page.get_by_label("I declare that I have no conflict of interest"))
        submit(page)
        back_on(page, case_url)
        for supplier, score in scores.items():
            kb_click(page, page.get_by_role("link", name=supplier).first)
            kb_select(page, field(page, "Criterion"), criterion)
            kb_fill(page, field(page, "Score"), score)
            kb_fill(page, field(page, "Justification"), "Motiverat utifrån effekten i förskolan.")
            submit(page, "Save the score")
            page.get_by_text("Motiverat utifrån effekten i förskolan.").first.wait_for()
            bid_url = here(page)
            back_to_case(page)
    check_everywhere(page, bid_url, label="bid (evaluator)")

    # The officer declares too (no bid content without a declaration), agrees the scores,
    # completes the evaluation and sends the award.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Declare no conflict of interest"))
    kb_check(page, page.get_by_label("I declare that I have no conflict of interest"))
    submit(page)
    back_on(page, case_url)
    for supplier, score in scores.items():
        kb_click(page, page.get_by_role("link", name=supplier).first)
        form = page.locator("form", has=page.get_by_role("button", name="Record the agreed score"))
        kb_select(page, form.get_by_label("Criterion"), criterion)
        kb_fill(page, form.get_by_label("Score"), score)
        kb_fill(page, form.get_by_label("Justification"), "Enig bedömning.")
        submit(page, "Record the agreed score")
        page.get_by_text("Enig bedömning.").first.wait_for()
        back_to_case(page)
    submit(page, "Complete the evaluation")
    kb_click(page, page.get_by_role("link", name="Move to another stage or cancel"))
    kb_select(page, field(page, "Move to"), "Award")
    submit(page)
    back_on(page, case_url)
    # The officer names who decides and proposes the award ...
    kb_click(page, page.get_by_role("link", name="Who takes the decisions"))
    kb_select(page, field(page, "Decided by (role)"), "Upphandlingschef (Cecilia Chef)")
    submit(page)
    back_on(page, case_url)
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    check_everywhere(page, here(page), label="award proposal form")
    page.reload()
    kb_check(page, page.get_by_label("Golvteknik AB"))
    kb_fill(page, field(page, "Reasons"), "Högst poäng på effekt.")
    submit(page)
    page.get_by_text("Waiting for the decision of the person authorised.").wait_for()
    decision_url = here(page)
    # ... the head of procurement approves it in her own session ...
    act_as(page, "chef@ystad-e2e.test")
    check_everywhere(page, decision_url, label="decision")
    page.goto(page.base + decision_url)
    kb_choose(page, page.get_by_label("Approve"))
    submit(page, "Record my decision")
    page.get_by_text("Your decision was recorded.").first.wait_for()
    # ... and the officer sends the approved decision.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    check_everywhere(page, here(page), label="award notice form")
    page.reload()
    submit(page)
    back_on(page, case_url)
    award = Award.objects.get(case=case)
    shown = page.locator("main").inner_text()
    assert award.standstill_ends_on.strftime("%Y") in shown
    assert "standstill" in shown.lower()
    check_everywhere(page, case_url, label="case (award)")

    # Set-up moves time: the standstill period is over; the officer comes back to the case.
    today = timezone.localdate()
    Award.objects.filter(pk=award.pk).update(
        sent_on=today - timedelta(days=20), standstill_ends_on=today - timedelta(days=5)
    )

    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Register a signed contract"))
    check_everywhere(page, here(page), label="contract form")
    page.reload()
    kb_fill(page, field(page, "Title"), "Avtal torra golv")
    kb_check(page, page.get_by_label("Golvteknik AB"))
    kb_check(page, page.get_by_label("Ystad").first)
    kb_fill(page, field(page, "Value (SEK)"), "480000")
    submit(page)
    page.get_by_role("heading", level=1, name="Avtal torra golv").wait_for()
    check_everywhere(page, here(page), label="contract")
