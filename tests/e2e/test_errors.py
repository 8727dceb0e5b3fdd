"""Error messages are tied to their fields (WCAG 1.3.1, 3.3.1), for each kind of field the
journeys fill in: after a bad submit, made by keyboard, the field is marked invalid and
names a visible message with aria-describedby."""

import pytest

from tests.e2e.conftest import act_as, error_message, field, kb_click, kb_fill, kb_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.procurements import make_case
    from tests.factories.sharing import ListingFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    NetworkFactory(name="Syd", members=[ystad])
    user = make_user(
        organization=ystad, roles=["admin", "staff", "officer"], email="fel@ystad-e2e.test"
    )
    listing = ListingFactory(organization=ystad, created_by=user, title="Skrivbord")
    return {"user": user, "case": make_case(user, title="Torra golv"), "listing": listing}


def test_error_messages_are_tied_to_their_fields_of_every_kind(page, officer):
    act_as(page, officer["user"].email)

    # A text field and a group of checkboxes (the invitation).
    page.goto(page.base + "/invitations/")
    kb_fill(page, field(page, "E-mail address"), "inte-en-adress")
    kb_click(page, page.get_by_role("button", name="Send invitation"))
    assert "email address" in error_message(page, field(page, "E-mail address"))
    assert error_message(page, page.get_by_role("group", name="Roles"))

    # A text area (a need).
    page.goto(page.base + "/needs/new/")
    kb_click(page, page.get_by_role("button", name="Submit to the network"))
    assert error_message(page, field(page, "Title"))
    assert error_message(page, field(page, "The problem"))

    # A date and time (a request for information).
    page.goto(page.base + f"/dialogue/cases/{officer['case'].pk}/rfis/new/")
    kb_click(page, page.get_by_role("button", name="Save draft"))
    assert error_message(page, field(page, "Deadline (Swedish time)"))

    # A drop-down list (a listing).
    page.goto(page.base + "/sharing/listings/new/")
    kb_click(page, page.get_by_role("button", name="Save"))
    assert error_message(page, field(page, "Location"))

    # A file left out: the browser's own check stops the form and names the field.
    page.goto(page.base + officer["listing"].get_absolute_url())
    kb_click(page, page.get_by_role("button", name="Upload"))
    photo = field(page, "Photo")
    assert photo.evaluate("el => el === document.activeElement && el.validationMessage !== ''")


def test_error_message_of_a_wrong_photo_is_tied_to_the_field(page, officer, tmp_path):
    act_as(page, officer["user"].email)
    page.goto(page.base + officer["listing"].get_absolute_url())
    not_a_photo = tmp_path / "skrivbord.png"
    not_a_photo.write_text("Det här är ingen bild.")
    kb_upload(page, field(page, "Photo"), not_a_photo)
    kb_click(page, page.get_by_role("button", name="Upload"))
    page.get_by_text("This type of file (text/plain) is not accepted.").wait_for()
    assert error_message(page, field(page, "Photo"))
