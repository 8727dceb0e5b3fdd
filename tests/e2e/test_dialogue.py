"""Journey 2: an officer publishes an RFI, two suppliers answer in the portal, the officer
compares the answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import act_as, check_everywhere, field

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.procurements import make_case

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    officer = make_user(organization=ystad, roles=["officer"], email="upphandlare@ystad-e2e.test")
    for name, email in (
        ("Golvteknik AB", "rfi@golv-e2e.test"),
        ("Stadkraft AB", "rfi@stad-e2e.test"),
    ):
        make_user(organization=SupplierFactory(name=name), roles=["supplier"], email=email)
    return make_case(officer, title="Rena och torra golv i förskolan", participating=[trelleborg])


def test_rfi_is_published_answered_by_two_suppliers_and_compared(page, case):
    deadline = (timezone.localtime() + timedelta(days=14)).replace(hour=12, minute=0)

    act_as(page, "upphandlare@ystad-e2e.test")
    new_rfi = f"/dialogue/cases/{case.pk}/rfis/new/"
    check_everywhere(page, new_rfi, label="new RFI")
    page.goto(page.base + new_rfi)
    field(page, "Title").fill("RFI: torra golv")
    field(page, "Background").fill("Förskolornas hallar blir blöta vintertid.")
    field(page, "The need").fill("Ett sätt att hålla golven torra och halkfria.")
    field(page, "Deadline (Swedish time)").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Chosen suppliers", exact=True).check()
    page.get_by_label("Golvteknik AB").check()
    page.get_by_label("Stadkraft AB").check()
    page.locator("main form").last.locator("button[type=submit]").last.click()
    page.get_by_role("heading", level=1, name="RFI: torra golv").wait_for()
    rfi_url = page.url.removeprefix(page.base)

    field(page, "Question").fill("Hur håller er lösning golven torra?")
    page.get_by_role("button", name="Add question").click()
    page.get_by_text("Hur håller er lösning golven torra?").first.wait_for()
    check_everywhere(page, rfi_url, label="RFI draft")
    page.goto(page.base + rfi_url)
    page.get_by_role("button", name="Publish and invite").click()
    page.get_by_text("0 of 2 invited suppliers have submitted an answer").wait_for()

    # Two suppliers answer in the portal; the second by keyboard alone.
    answers = {
        "rfi@golv-e2e.test": "Avskrapningsgaller och torkzon vid entrén.",
        "rfi@stad-e2e.test": "Uppvärmda mattor som torkar på en timme.",
    }
    for number, (email, answer) in enumerate(answers.items()):
        act_as(page, email)
        check_everywhere(page, "/dialogue/", label="supplier portal")
        page.goto(page.base + "/dialogue/")
        page.get_by_role("link", name="RFI: torra golv").first.click()
        check_everywhere(page, rfi_url, label="RFI (supplier)")
        page.goto(page.base + rfi_url)
        page.get_by_role("link", name="Answer the request").click()
        check_everywhere(page, f"{rfi_url}answer/", label="answer form")
        page.goto(page.base + f"{rfi_url}answer/")
        box = page.get_by_label("Hur håller er lösning golven torra?")
        if number == 0:
            box.fill(answer)
            page.get_by_role("button", name="Submit answer").click()
        else:
            box.focus()
            page.keyboard.type(answer)
            while page.evaluate("document.activeElement.textContent.trim()") != "Submit answer":
                page.keyboard.press("Tab")
            page.keyboard.press("Enter")
        page.wait_for_url(lambda url: not url.endswith("/answer/"))

    # The officer compares the answers.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + rfi_url)
    page.get_by_text("2 of 2 invited suppliers have submitted an answer").wait_for()
    page.get_by_role("link", name="Compare the answers").click()
    compare_url = page.url.removeprefix(page.base)
    main = page.locator("main").inner_text()
    for supplier, answer in zip(("Golvteknik AB", "Stadkraft AB"), answers.values(), strict=True):
        assert supplier in main
        assert answer in main
    check_everywhere(page, compare_url, label="compare answers")
