"""Journey 4: a desk is listed with a photo, borrowed by a neighbour, moved by logistics and
counted on the impact dashboard."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_check,
    kb_click,
    kb_fill,
    kb_menu,
    kb_select,
    kb_upload,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.sharing import LocationFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    location = LocationFactory(organization=ystad, name="Stadshuset", address="Stora Östergatan 31")
    return {
        "location": location,
        "owner": make_user(organization=ystad, roles=["staff"], email="agare@ystad-e2e.test"),
        "logistics": make_user(
            organization=ystad, roles=["logistics"], email="logistik@ystad-e2e.test"
        ),
        "borrower": make_user(
            organization=trelleborg, roles=["staff"], email="lanare@trelleborg-e2e.test"
        ),
    }


def png_file(tmp_path):
    image = Image.new("RGB", (320, 200), (40, 110, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path = tmp_path / "skrivbord.png"
    path.write_bytes(buffer.getvalue())
    return path


def test_desk_is_listed_borrowed_moved_and_counted(page, people, tmp_path):
    from sharing.models import Category

    desk = Category.objects.get(path="furniture/desks/height-adjustable desk")
    today = timezone.localdate()

    # The owner lists the desk and adds a photo.
    act_as(page, people["owner"].email)
    check_everywhere(page, "/sharing/listings/new/", label="new listing")
    page.goto(page.base + "/")
    kb_menu(page, "Listings")
    kb_click(page, page.get_by_role("link", name="New listing"))
    kb_fill(page, field(page, "Title"), "Höj- och sänkbart skrivbord")
    kb_select(page, field(page, "Kind"), value="furniture")
    kb_select(page, page.locator("#id_category"), value=str(desk.pk))
    kb_fill(page, field(page, "Description"), "Elektriskt, 160 × 80 cm, vit skiva.")
    kb_select(page, field(page, "Mode"), value="lend")
    kb_fill(page, field(page, "Price of a new unit (SEK)"), "6500")
    kb_select(page, field(page, "Location"), value=str(people["location"].pk))
    kb_fill(page, field(page, "Available from"), today)
    kb_fill(page, field(page, "Available to"), today + timedelta(days=200))
    kb_select(page, field(page, "Visible to"), value="network")
    kb_click(page, page.get_by_role("button", name="Save"))
    page.get_by_role("heading", level=1, name="Höj- och sänkbart skrivbord").wait_for()
    listing_url = here(page)

    kb_upload(page, field(page, "Photo"), png_file(tmp_path))
    kb_fill(page, field(page, "What the photo shows"), "Ett vitt skrivbord i kontorsmiljö")
    kb_click(page, page.get_by_role("button", name="Upload"))
    page.get_by_role("img", name="Ett vitt skrivbord i kontorsmiljö").first.wait_for()
    check_everywhere(page, listing_url, label="listing")

    # The neighbour in the network finds it and asks to borrow it, with transport.
    act_as(page, people["borrower"].email)
    check_everywhere(page, "/sharing/", label="marketplace")
    page.goto(page.base + "/")
    kb_menu(page, "Listings")
    kb_click(page, page.get_by_role("link", name="Höj- och sänkbart skrivbord").first)
    kb_fill(page, field(page, "From"), today + timedelta(days=7))
    kb_fill(page, field(page, "To"), today + timedelta(days=37))
    kb_check(page, field(page, "I need transport"))
    kb_fill(page, field(page, "Delivery address"), "Stadshuset, Algatan 13, Trelleborg")
    kb_click(page, page.get_by_role("button", name="Send request"))
    page.get_by_role("heading", level=1, name="Reservation: Höj- och sänkbart skrivbord").wait_for()
    booking_url = here(page)
    check_everywhere(page, booking_url, label="reservation (borrower)")

    # The owner approves.
    act_as(page, people["owner"].email)
    check_everywhere(page, booking_url, label="reservation (owner)")
    page.goto(page.base + booking_url)
    kb_click(page, page.get_by_role("button", name="Approve"))
    page.get_by_text("The reservation is now: approved.").wait_for()

    # Logistics take the transport and mark it done.
    act_as(page, people["logistics"].email)
    check_everywhere(page, "/sharing/transport/", label="transport queue")
    page.goto(page.base + "/")
    kb_menu(page, "Transport")
    kb_click(page, page.get_by_role("button", name="Take"))
    page.get_by_text("The transport is updated.").wait_for()
    kb_click(page, page.get_by_role("button", name="Mark done"))
    page.get_by_text("The transport is updated.").wait_for()
    assert page.get_by_role("button", name="Mark done").count() == 0

    # The owner records the pickup and the return; the reuse is counted.
    act_as(page, people["owner"].email)
    page.goto(page.base + booking_url)
    kb_click(page, page.get_by_role("button", name="Record pickup"))
    page.get_by_text("The reservation is now: picked up.").wait_for()
    # A month later (the dates do not matter to the recording) the desk comes back.
    kb_click(page, page.get_by_role("button", name="Record return"))
    page.get_by_text("The reservation is now: returned.").wait_for()
    kb_menu(page, "Climate savings")
    main = page.locator("main").inner_text()
    assert "6,500" in main or "6 500" in main
    check_everywhere(page, "/sharing/impact/", label="impact dashboard")
