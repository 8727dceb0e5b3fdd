"""The top menu (issue 17): grouped so it fits one row at 1280 px, a working collapsed
menu on a phone, the current section marked with aria-current. By keyboard. No menu item
is cut or overlaps another at 1280 px, 1024 px and phone width, in Swedish and English,
for the longest menus there are (issue 21)."""

import pytest

from tests.e2e.conftest import (
    DESKTOP,
    MOBILE,
    act_as,
    check_accessibility,
    here,
    kb_menu,
    kb_press,
)

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


# Every item of the header, as boxes: the brand, the menu entries, notifications, the
# account drop-down and sign out. Items of a collapsed menu are measured once it is open.
_BOXES = """() => [...document.querySelectorAll(
    'header .navbar-brand, header .navbar-toggler, #main-nav .navbar-nav > li > .nav-link'
  )].filter(el => el.offsetParent !== null).map(el => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent.trim().replace(/\\s+/g, ' '), left: r.left, right: r.right,
            top: r.top, bottom: r.bottom, cut: el.scrollWidth > el.clientWidth + 1};
  })"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    )


def _check_menu_fits(page, label: str) -> None:
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (
        f"the page scrolls sideways [{label}]"
    )
    boxes = page.evaluate(_BOXES)
    assert len(boxes) >= 4, label
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{box['text']} cut [{label}]"
        assert not box["cut"], f"{box['text']} is cut [{label}]"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), f"{a['text']} overlaps {b['text']} [{label}]"


@pytest.fixture
def operator(make_user):
    from tests.factories.organizations import PlatformFactory

    return make_user(
        organization=PlatformFactory(),
        roles=["admin"],
        email="drift@samverka-e2e.test",
        full_name="Alexandra Plattformsförvaltare",
    )


@pytest.mark.parametrize("who", ["admin", "operator"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_menu_items_are_never_cut_or_overlapping(page, request, who, language):
    user = request.getfixturevalue(who)
    act_as(page, user.email, language=language)
    for viewport in (DESKTOP, {"width": 1024, "height": 768}, MOBILE):
        page.set_viewport_size(viewport)
        page.goto(page.base + "/")
        label = f"{who}, {language}, {viewport['width']}px"
        toggler = page.locator("header .navbar-toggler")
        if toggler.is_visible():
            kb_press(page, toggler, "Enter")
            page.locator("#main-nav.show").wait_for()
            page.wait_for_function("() => !document.querySelector('#main-nav.collapsing')")
        else:
            assert len(_tops(page)) == 1, f"the menu wraps [{label}]"
        _check_menu_fits(page, label)
