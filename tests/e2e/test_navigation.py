"""The top menu (issue 17): grouped so it fits one row at 1280 px, a working collapsed
menu on a phone, the current section marked with aria-current. By keyboard."""

import pytest

from tests.e2e.conftest import MOBILE, act_as, check_accessibility, here, kb_menu, kb_press

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory

    ystad = MunicipalityFactory(name="Ystads kommun", municipality_code="1286")
    NetworkFactory(name="Innovationsupphandling Syd", members=[ystad])
    # Every role a municipality has: the longest menu there is.
    return make_user(
        organization=ystad,
        roles=["staff", "officer", "coordinator", "logistics", "evaluator", "admin"],
        email="alla@ystad-e2e.test",
        full_name="Alexandra Administratör",
    )


def _tops(page) -> set[int]:
    return set(
        page.locator("#main-nav > ul > li").evaluate_all(
            "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
        )
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_menu_fits_one_row_and_marks_the_section(page, admin, language):
    act_as(page, admin.email, language=language)
    page.goto(page.base + "/")
    assert len(_tops(page)) == 1, "the menu wraps at 1280 px"
    sharing = {"sv": ("Delning", "Bokningar"), "en": ("Sharing", "Reservations")}[language]
    kb_menu(page, sharing[1])
    assert here(page) == "/sharing/reservations/"
    toggle = page.locator("header nav").get_by_role("button", name=sharing[0])
    assert toggle.get_attribute("aria-current") == "true"
    current = page.locator("header nav [aria-current=page]")
    assert current.count() == 1
    assert current.get_attribute("href") == "/sharing/reservations/"
    # The drop-down, open, passes axe.
    kb_press(page, toggle, "Enter")
    page.locator("header nav .dropdown-menu.show").wait_for()
    check_accessibility(page, label=f"menu open [{language}, 1280px]")


def test_menu_collapsed_on_a_phone_opens_by_keyboard(page, admin):
    act_as(page, admin.email)
    page.set_viewport_size(MOBILE)
    page.goto(page.base + "/")
    menu = page.locator("#main-nav")
    assert not menu.is_visible()
    kb_press(page, page.get_by_role("button", name="Show menu"), "Enter")
    menu.wait_for(state="visible")
    kb_press(page, page.locator("header nav").get_by_role("button", name="Procurement"), "Enter")
    link = page.locator("header nav").get_by_role("link", name="Market dialogue", exact=True)
    link.wait_for(state="visible")
    kb_press(page, link, "Enter")
    assert here(page) == "/dialogue/"
    check_accessibility(page, label="market dialogue [390px]")
