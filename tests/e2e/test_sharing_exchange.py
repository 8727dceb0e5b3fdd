"""An exchange in the browser: Ystad offers its bench for Trelleborg's projector, Trelleborg
accepts on a phone, and both see the swap reserved and then completed."""

import pytest

from tests.e2e.conftest import (
    MOBILE,
    act_as,
    check_everywhere,
    field,
    kb_click,
    kb_fill,
    kb_select,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def swap(make_user):
    from sharing.enums import Mode
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.sharing import ListingFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    offerer = make_user(organization=ystad, roles=["staff"], email="byte@ystad-e2e.test")
    answerer = make_user(organization=trelleborg, roles=["staff"], email="byte@trelleborg-e2e.test")
    bench = ListingFactory(
        organization=ystad, created_by=offerer, mode=Mode.EXCHANGE, title="Parkbänk i ek"
    )
    projector = ListingFactory(
        organization=trelleborg, created_by=answerer, mode=Mode.EXCHANGE, title="Projektor Epson"
    )
    return {"offerer": offerer, "answerer": answerer, "bench": bench, "projector": projector}


def test_one_municipality_offers_a_swap_the_other_accepts(page, swap):
    from sharing.models import ExchangeOffer

    bench, projector = swap["bench"], swap["projector"]

    # Ystad: from the projector's page, offer the bench.
    act_as(page, swap["offerer"].email)
    check_everywhere(page, "/sharing/exchanges/", label="exchanges, empty")
    page.goto(page.base + projector.get_absolute_url())
    kb_click(page, page.get_by_role("link", name="Offer an exchange"))
    check_everywhere(page, f"/sharing/listings/{projector.pk}/exchange/", label="offer form")
    kb_select(page, field(page, "Your listing to offer"), value=str(bench.pk))
    kb_fill(page, field(page, "Message"), "Vi byter gärna bänken mot projektorn.")
    kb_click(page, page.get_by_role("button", name="Send the offer"))
    page.get_by_text("Your exchange offer was sent.").wait_for()
    offer = ExchangeOffer.objects.get()
    check_everywhere(page, offer.get_absolute_url(), label="exchange, proposed")

    # Trelleborg, on a phone: accept from the list of exchanges.
    act_as(page, swap["answerer"].email)
    page.set_viewport_size(MOBILE)
    page.goto(page.base + "/sharing/exchanges/")
    kb_click(page, page.get_by_role("link", name=f"#{offer.pk}"))
    kb_fill(page, field(page, "Message"), "Tack, det passar oss.")
    kb_click(page, page.get_by_role("button", name="Accept the exchange"))
    page.get_by_text("The exchange was accepted: both listings are reserved.").wait_for()
    assert "Accepted" in page.locator("#exchange-state").inner_text()
    check_everywhere(page, "/sharing/exchanges/", label="exchanges, open")

    # Ystad sees it accepted and records the handovers.
    act_as(page, swap["offerer"].email)
    page.goto(page.base + offer.get_absolute_url())
    assert "Accepted" in page.locator("#exchange-state").inner_text()
    kb_click(page, page.get_by_role("button", name="Record that both were handed over"))
    page.get_by_text("The exchange is completed: both listings were handed over.").wait_for()
    check_everywhere(page, offer.get_absolute_url(), label="exchange, completed")

    # Trelleborg sees the completed swap too.
    act_as(page, swap["answerer"].email)
    page.goto(page.base + offer.get_absolute_url())
    assert "Completed" in page.locator("#exchange-state").inner_text()
    offer.refresh_from_db()
    assert offer.state == "completed"
