"""Journeys through the foundation's pages, as the people who use them."""

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import (
    check_everywhere,
    here,
    kb_check,
    kb_click,
    kb_fill,
    kb_menu,
    kb_select,
    login,
    tab_to,
)

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
    page.goto(page.base + "/")
    kb_menu(page, "Inbjudningar")
    kb_fill(page, page.get_by_label("E-postadress"), "ny.kollega@ystad-e2e.test")
    kb_check(page, page.get_by_label("Verksamhet"))
    kb_click(page, page.get_by_role("button", name="Skicka inbjudan"))
    page.get_by_text("En inbjudan har skickats till ny.kollega@ystad-e2e.test.").wait_for()
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/invite/" in line)
    path = urlsplit(link.strip()).path
    kb_click(page, page.get_by_role("button", name="Logga ut"))
    check_everywhere(page, path, label="accept invitation")
    # The colleague follows the link in the e-mail and accepts with the keyboard alone.
    page.goto(page.base + path)
    kb_fill(page, page.get_by_label("Ditt namn"), "Nils Kollega")
    kb_fill(page, page.locator("input[name=password1]"), "Ett-Bra-Lösenord-77")
    kb_fill(page, page.locator("input[name=password2]"), "Ett-Bra-Lösenord-77")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field submits its form
    page.get_by_text("Välkommen till Samverka!").wait_for()
    assert here(page) == "/"


def test_profile_language_switch_and_focus_visible(page, ystad_admin):
    login(page, ystad_admin.email)
    check_everywhere(page, "/profile/", label="profile")
    check_everywhere(page, "/notifications/", label="notifications")
    page.goto(page.base + "/profile/")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    tab_to(page, skip)  # the first stop; it becomes visible on focus
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    kb_select(page, page.locator("#id_language"), value="en")
    kb_click(page, page.get_by_role("button", name="Spara"))
    page.get_by_text("Your profile was saved.").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_api_documentation_is_accessible(page, ystad_admin):
    """The API docs page (the schema rendered in the site's layout) passes axe in Swedish
    and English, at desktop and phone width."""
    login(page, ystad_admin.email)
    check_everywhere(page, "/api/docs/", label="API documentation")
