"""Journeys through the foundation's pages, as the people who use them."""

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import check_everywhere, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ystad_admin(make_user):
    from tests.factories.organizations import MunicipalityFactory

    ystad = MunicipalityFactory(municipality_code="1286", name="Ystad")
    return make_user(organization=ystad, roles=["admin", "staff"], email="admin@ystad-e2e.test")


def test_public_pages_are_accessible(page):
    check_everywhere(page, "/account/login/", label="login")
    check_everywhere(page, "/accessibility/", label="accessibility statement")
    check_everywhere(page, "/account/password/reset/", label="password reset")


def test_admin_invites_a_colleague_who_joins_by_keyboard(page, ystad_admin, mailoutbox):
    login(page, ystad_admin.email)
    check_everywhere(page, "/", label="dashboard")
    check_everywhere(page, "/invitations/", label="invitations")
    page.goto(page.base + "/invitations/")
    page.get_by_label("E-postadress").fill("ny.kollega@ystad-e2e.test")
    page.get_by_label("Verksamhet").check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.get_by_text("En inbjudan har skickats till ny.kollega@ystad-e2e.test.").wait_for()
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/invite/" in line)
    path = urlsplit(link.strip()).path
    # The colleague accepts with the keyboard alone.
    page.get_by_role("button", name="Logga ut").click()
    check_everywhere(page, path, label="accept invitation")
    page.goto(page.base + path)
    page.get_by_label("Ditt namn").focus()
    page.keyboard.type("Nils Kollega")
    page.keyboard.press("Tab")
    page.keyboard.type("Ett-Bra-Lösenord-77")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.name") != "password2":
        page.keyboard.press("Tab")
    page.keyboard.type("Ett-Bra-Lösenord-77")
    page.keyboard.press("Enter")
    page.get_by_text("Välkommen till Samverka!").wait_for()
    assert page.url == page.base + "/"


def test_profile_language_switch_and_focus_visible(page, ystad_admin):
    login(page, ystad_admin.email)
    check_everywhere(page, "/profile/", label="profile")
    check_everywhere(page, "/notifications/", label="notifications")
    page.goto(page.base + "/profile/")
    page.keyboard.press("Tab")  # the skip link is first and becomes visible on focus
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.textContent.trim(), s.outlineStyle, s.position]; }"
    )
    assert focused[0] == "Hoppa till huvudinnehållet"
    assert focused[1] != "none"
    page.locator("#id_language").select_option("en")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Your profile was saved.").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_error_messages_are_tied_to_their_fields(page, ystad_admin):
    login(page, ystad_admin.email)
    page.goto(page.base + "/invitations/")
    page.get_by_label("E-postadress").fill("inte-en-adress")
    page.get_by_role("button", name="Skicka inbjudan").click()
    field = page.get_by_label("E-postadress")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby") or ""
    assert any(
        page.locator(f"#{ident}").inner_text().strip()
        for ident in described.split()
        if page.locator(f"#{ident}").count()
    )
