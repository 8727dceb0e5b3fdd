"""Journey 2: an officer publishes an RFI, two suppliers answer in the portal, the officer
compares the answers."""

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
)

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
    page.goto(page.base + "/")
    kb_menu(page, "Market dialogue")
    kb_click(page, page.get_by_role("link", name=f"Dialogue in {case}"))
    kb_click(page, page.get_by_role("link", name="New request for information"))
    kb_fill(page, field(page, "Title"), "RFI: torra golv")
    kb_fill(page, field(page, "Background"), "Förskolornas hallar blir blöta vintertid.")
    kb_fill(page, field(page, "The need"), "Ett sätt att hålla golven torra och halkfria.")
    kb_fill(page, field(page, "Deadline (Swedish time)"), deadline.replace(tzinfo=None))
    kb_choose(page, page.get_by_label("Chosen suppliers", exact=True))
    kb_check(page, page.get_by_label("Golvteknik AB"))
    kb_check(page, page.get_by_label("Stadkraft AB"))
    kb_click(page, page.get_by_role("button", name="Save draft"))
    page.get_by_role("heading", level=1, name="RFI: torra golv").wait_for()
    rfi_url = here(page)

    kb_fill(page, field(page, "Question"), "Hur håller er lösning golven torra?")
    kb_click(page, page.get_by_role("button", name="Add question"))
    page.get_by_text("Hur håller er lösning golven torra?").first.wait_for()
    check_everywhere(page, rfi_url, label="RFI draft")
    page.goto(page.base + rfi_url)
    kb_click(page, page.get_by_role("button", name="Publish and invite"))
    page.get_by_text("0 of 2 invited suppliers have submitted an answer").wait_for()

    # Two suppliers answer in the portal.
    answers = {
        "rfi@golv-e2e.test": "Avskrapningsgaller och torkzon vid entrén.",
        "rfi@stad-e2e.test": "Uppvärmda mattor som torkar på en timme.",
    }
    for email, answer in answers.items():
        act_as(page, email)
        check_everywhere(page, "/dialogue/", label="supplier portal")
        check_everywhere(page, rfi_url, label="RFI (supplier)")
        check_everywhere(page, f"{rfi_url}answer/", label="answer form")
        page.goto(page.base + "/dialogue/")
        kb_click(page, page.get_by_role("link", name="RFI: torra golv").first)
        kb_click(page, page.get_by_role("link", name="Answer the request"))
        kb_fill(page, page.get_by_label("Hur håller er lösning golven torra?"), answer)
        kb_click(page, page.get_by_role("button", name="Submit answer"))
        assert "/answer/" not in here(page)

    # The officer compares the answers.
    act_as(page, "upphandlare@ystad-e2e.test")
    page.goto(page.base + rfi_url)
    page.get_by_text("2 of 2 invited suppliers have submitted an answer").wait_for()
    kb_click(page, page.get_by_role("link", name="Compare the answers"))
    compare_url = here(page)
    main = page.locator("main").inner_text()
    for supplier, answer in zip(("Golvteknik AB", "Stadkraft AB"), answers.values(), strict=True):
        assert supplier in main
        assert answer in main
    check_everywhere(page, compare_url, label="compare answers")
