"""Journey 4: a desk is listed with a photo, borrowed by a neighbour, moved by logistics and
counted on the impact dashboard."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from tests.e2e.conftest import act_as, check_everywhere, field

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.sharing import LocationFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    LocationFactory(organization=ystad, name="Stadshuset", address="Stora Östergatan 31")
    return {
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
    page.goto(page.base + "/sharing/listings/new/")
    field(page, "Title").fill("Höj- och sänkbart skrivbord")
    field(page, "Kind").select_option("furniture")
    page.locator("#id_category").select_option(str(desk.pk))
    field(page, "Description").fill("Elektriskt, 160 × 80 cm, vit skiva.")
    field(page, "Mode").select_option("lend")
    field(page, "Price of a new unit (SEK)").fill("6500")
    field(page, "Location").select_option(index=1)
    field(page, "Available from").fill(today.isoformat())
    field(page, "Available to").fill((today + timedelta(days=200)).isoformat())
    field(page, "Visible to").select_option("network")
    page.locator("main form button[type=submit], main form button:not([type])").last.click()
    page.get_by_role("heading", level=1, name="Höj- och sänkbart skrivbord").wait_for()
    listing_url = page.url.removeprefix(page.base)

    field(page, "Photo").set_input_files(str(png_file(tmp_path)))
    field(page, "What the photo shows").fill("Ett vitt skrivbord i kontorsmiljö")
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("img", name="Ett vitt skrivbord i kontorsmiljö").first.wait_for()
    check_everywhere(page, listing_url, label="listing")

    # The neighbour in the network finds it and asks to borrow it, with transport.
    act_as(page, people["borrower"].email)
    check_everywhere(page, "/sharing/", label="marketplace")
    page.goto(page.base + "/sharing/")
    page.get_by_role("link", name="Höj- och sänkbart skrivbord").first.click()
    field(page, "From").fill((today + timedelta(days=7)).isoformat())
    field(page, "To").fill((today + timedelta(days=37)).isoformat())
    field(page, "I need transport").check()
    field(page, "Delivery address").fill("Stadshuset, Algatan 13, Trelleborg")
    page.get_by_role("button", name="Send request").click()
    page.get_by_role("heading", level=1, name="Reservation: Höj- och sänkbart skrivbord").wait_for()
    booking_url = page.url.removeprefix(page.base)
    check_everywhere(page, booking_url, label="reservation (borrower)")

    # The owner approves.
    act_as(page, people["owner"].email)
    check_everywhere(page, booking_url, label="reservation (owner)")
    page.goto(page.base + booking_url)
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("The reservation is now: approved.").wait_for()

    # Logistics take the transport and mark it done, with the keyboard.
    act_as(page, people["logistics"].email)
    check_everywhere(page, "/sharing/transport/", label="transport queue")
    page.goto(page.base + "/sharing/transport/")
    page.get_by_role("button", name="Take").focus()
    page.keyboard.press("Enter")
    page.get_by_text("The transport is updated.").wait_for()
    page.get_by_role("button", name="Mark done").focus()
    page.keyboard.press("Enter")
    page.get_by_text("The transport is updated.").wait_for()
    assert page.get_by_role("button", name="Mark done").count() == 0

    # The owner records the pickup and the return; the reuse is counted.
    act_as(page, people["owner"].email)
    page.goto(page.base + booking_url)
    page.get_by_role("button", name="Record pickup").click()
    page.get_by_text("The reservation is now: picked up.").wait_for()
    # A month later (the dates do not matter to the recording) the desk comes back.
    page.get_by_role("button", name="Record return").click()
    page.get_by_text("The reservation is now: returned.").wait_for()
    check_everywhere(page, "/sharing/impact/", label="impact dashboard")
    page.goto(page.base + "/sharing/impact/")
    assert (
        "6,500" in page.locator("main").inner_text() or "6 500" in page.locator("main").inner_text()
    )
