"""Every list page with a filter bar, used as a person uses it (issue 17), as each role
that sees it: open the page, press Search without touching anything (the same rows, no
filter parameter with a value in the address), then choose one value in each facet in
turn (every row listed matches it, and only that facet has a value). By keyboard, as the
other journeys. On a phone the results come first and a "Filter" button opens the bar."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.conftest import (
    MOBILE,
    act_as,
    check_accessibility,
    field,
    here,
    kb_check,
    kb_click,
    kb_fill,
    kb_select,
    kb_select_many,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def syd(make_user):
    """Ystad and Trelleborg in one network, with the people who use the lists."""
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Innovationsupphandling Syd", members=[ystad, trelleborg])

    def person(org, role, name):
        return make_user(
            organization=org, roles=[role], email=f"{role}@{org.name.lower()}-e2e.test",
            full_name=name,
        )  # fmt: skip

    return {
        "ystad": ystad,
        "trelleborg": trelleborg,
        "staff": person(ystad, "staff", "Frida Förskola"),
        "officer": person(ystad, "officer", "Olle Upphandlare"),
        "coordinator": person(ystad, "coordinator", "Sara Samordnare"),
        "logistics": person(ystad, "logistics", "Lars Logistik"),
        "trelleborg_officer": person(trelleborg, "officer", "Tea Trelleborg"),
        "trelleborg_staff": person(trelleborg, "staff", "Tove Förskola"),
    }


def _params(page) -> dict[str, str]:
    """The filter parameters in the address that have a value."""
    return {k: v for k, v in parse_qsl(urlsplit(here(page)).query, keep_blank_values=True) if v}


def _submit(page) -> None:
    kb_click(page, page.locator("#filters").get_by_role("button", name="Search", exact=True))


def _choose(page, label: str, choice) -> str:
    """Choose `choice` in the facet labelled `label`: an option's text in a select (one
    option of a multiple select), text in a text or date field. Returns the field's name."""
    target = field(page, label)
    tag, kind, multiple = target.evaluate("el => [el.tagName, el.type, el.multiple]")
    if tag == "SELECT" and multiple:
        kb_select_many(page, target, [choice])
    elif tag == "SELECT":
        kb_select(page, target, choice)
    elif kind == "checkbox":
        kb_check(page, target, True)
    else:
        kb_fill(page, target, choice)
    return target.get_attribute("name")


def check_filter_bar(page, url: str, rows, everything: set[str], facets: list[tuple]) -> None:
    """`rows()` gives the titles listed; `facets` are (label, choice, the titles that match)."""
    page.goto(page.base + url)
    assert set(rows()) == everything
    _submit(page)
    assert set(rows()) == everything, "pressing Search untouched changed the rows"
    assert not _params(page), f"an untouched form sent filter values: {here(page)}"
    for label, choice, expected in facets:
        page.goto(page.base + url)
        name = _choose(page, label, choice)
        _submit(page)
        assert set(rows()) == expected, f"{label} = {choice!r} listed {sorted(rows())}"
        assert set(_params(page)) == {name}, f"{label}: {here(page)}"
        # The choice stays shown, and "Clear filters" leads back to every row.
        assert field(page, label).evaluate(
            "el => el.type === 'checkbox' ? el.checked : el.tagName === 'SELECT'"
            " ? [...el.selectedOptions].some(o => o.value) : !!el.value"
        ), f"{label} forgot its value"
        kb_click(page, page.get_by_role("link", name="Clear filters"))
        assert set(rows()) == everything and not _params(page)


def _table_titles(page) -> list[str]:
    return [
        t.strip() for t in page.locator("main table tbody tr td:first-child a").all_inner_texts()
    ]


def _case_titles(page) -> list[str]:
    return [
        t.strip() for t in page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()
    ]


def _card_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("main article .card-title").all_inner_texts()]


# --- Needs ----------------------------------------------------------------------------


@pytest.fixture
def needs(syd):
    from needs import services
    from needs.models import Need
    from tests.factories.needs import NeedFactory

    floors = NeedFactory(author=syd["staff"], title="Blöta golv", department="preschool")
    lonely = NeedFactory(
        author=syd["trelleborg_staff"], title="Ensamhet bland äldre", department="elderly_care",
        problem="Äldre är ensamma om kvällarna.",
    )  # fmt: skip
    transport = NeedFactory(author=syd["staff"], title="Skolskjuts", department="school")
    services.assessor_assign(need=floors, assessor=syd["officer"], by=syd["coordinator"])
    services.need_reject(need=transport, by=syd["coordinator"], reason="Utanför uppdraget")
    assert Need.objects.count() == 3
    return {n.title for n in (floors, lonely, transport)}


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_need_list_filter_bar(page, syd, needs, role):
    act_as(page, syd[role].email)
    check_filter_bar(
        page,
        "/needs/",
        lambda: _table_titles(page),
        needs,
        [
            ("Search", "ensamma", {"Ensamhet bland äldre"}),
            ("Status", "Rejected", {"Skolskjuts"}),
            ("Municipality", "Trelleborg", {"Ensamhet bland äldre"}),
            ("Department", "School", {"Skolskjuts"}),
            ("Assessed", "Assessed", {"Skolskjuts"}),
            ("Assessor", "Olle Upphandlare", {"Blöta golv"}),
        ],
    )


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_challenge_list_filter_bar(page, syd, role):
    from tests.factories.needs import ChallengeFactory

    network = syd["ystad"].networks.get()
    ChallengeFactory(title="Torra golv", network=network, owner_organization=syd["ystad"])
    ChallengeFactory(
        title="Digital skolskjuts", network=network, owner_organization=syd["trelleborg"]
    )
    act_as(page, syd[role].email)
    check_filter_bar(
        page,
        "/needs/challenges/",
        lambda: _table_titles(page),
        {"Torra golv", "Digital skolskjuts"},
        [
            ("Search", "skolskjuts", {"Digital skolskjuts"}),
            ("Need owner", "Trelleborg", {"Digital skolskjuts"}),
        ],
    )


# --- Procurement cases ----------------------------------------------------------------


@pytest.fixture
def cases(syd):
    from procurements.enums import Procedure, Stage
    from procurements.models import ProcurementCase
    from tests.factories.procurements import make_case

    alarm = make_case(syd["officer"], title="Digitala trygghetslarm")
    furniture = make_case(
        syd["trelleborg_officer"], title="Möbler för förskolor",
        participating=[syd["ystad"]], procedure=Procedure.INNOVATION_PARTNERSHIP,
    )  # fmt: skip
    # The stage as a later step would leave it (the set-up writes it directly).
    ProcurementCase.objects.filter(pk=furniture.pk).update(stage=Stage.DIALOGUE)
    return {alarm.title, furniture.title}


@pytest.mark.parametrize("role", ["officer", "staff"])
def test_case_list_filter_bar(page, syd, cases, role):
    act_as(page, syd[role].email)
    check_filter_bar(
        page,
        "/procurements/",
        lambda: _case_titles(page),
        cases,
        [
            ("Search", "trygghetslarm", {"Digitala trygghetslarm"}),
            ("Stage", "Dialogue", {"Möbler för förskolor"}),
            ("Procedure", "Innovation partnership", {"Möbler för förskolor"}),
            ("Municipality", "Trelleborg", {"Möbler för förskolor"}),
            ("Responsible officer", "Tea Trelleborg", {"Möbler för förskolor"}),
        ],
    )


# --- Marketplace ----------------------------------------------------------------------


@pytest.fixture
def listings(syd):
    from sharing.enums import Condition, Mode
    from tests.factories.sharing import ListingFactory, category

    chair = ListingFactory(organization=syd["ystad"], title="Kontorsstol i ek")
    desk = ListingFactory(
        organization=syd["trelleborg"], title="Skrivbord höj och sänkbart",
        category=category("furniture/desks/height-adjustable desk"), mode=Mode.GIVE_AWAY,
        condition=Condition.WORN,
    )  # fmt: skip
    projector = ListingFactory(
        organization=syd["ystad"], title="Projektor", category=category("equipment/av/projector"),
        mode=Mode.RENT, price_sek=100,
    )  # fmt: skip
    return {chair.title, desk.title, projector.title}


def _category_label(page, path: str) -> str:
    from sharing.models import Category

    pk = Category.objects.get(path=path).pk
    return field(page, "Category").locator(f"option[value='{pk}']").inner_text().strip()


@pytest.mark.parametrize("role", ["staff", "logistics"])
def test_marketplace_filter_bar(page, syd, listings, role):
    act_as(page, syd[role].email)
    page.goto(page.base + "/sharing/")
    desks = _category_label(page, "furniture/desks")
    check_filter_bar(
        page,
        "/sharing/",
        lambda: _card_titles(page),
        listings,
        [
            ("Search", "skrivbord", {"Skrivbord höj och sänkbart"}),
            ("Category", desks, {"Skrivbord höj och sänkbart"}),
            ("Mode", "Rent", {"Projektor"}),
            ("Condition", "Worn", {"Skrivbord höj och sänkbart"}),
            ("Municipality", "Trelleborg", {"Skrivbord höj och sänkbart"}),
        ],
    )


def test_marketplace_on_a_phone_shows_results_first(page, syd, listings):
    """At 390 px the cards come before the filter bar, which a "Filter" button opens by
    keyboard; the opened bar filters as on a desktop and passes axe."""
    act_as(page, syd["staff"].email)
    page.set_viewport_size(MOBILE)
    page.goto(page.base + "/sharing/")
    bar = page.locator("#filters")
    assert not bar.is_visible()
    first_card = page.locator("main article").first.bounding_box()
    assert first_card["y"] < MOBILE["height"], "the first result is below the first screen"
    toggle = page.get_by_role("button", name="Filter", exact=True)
    assert toggle.get_attribute("aria-expanded") == "false"
    kb_click(page, toggle)
    bar.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    check_accessibility(page, label="marketplace, filters open [390px]")
    kb_select(page, field(page, "Mode"), "Rent")
    _submit(page)
    assert set(_card_titles(page)) == {"Projektor"}
    # The button says how many filters are on.
    assert "1" in page.get_by_role("button", name="Filter").inner_text()


# --- Reports --------------------------------------------------------------------------


def test_report_list_filter_bar(page, syd):
    from reports.enums import ReportState
    from tests.factories.reports import ReportFactory

    ReportFactory(title="Portfölj våren", requested_by=syd["coordinator"], state=ReportState.QUEUED)
    ReportFactory(
        title="Portfölj hösten",
        requested_by=syd["officer"],
        state=ReportState.FAILED,
        error_message="Tidsgräns",
    )
    act_as(page, syd["coordinator"].email)
    check_filter_bar(
        page,
        "/reports/",
        lambda: _table_titles(page),
        {"Portfölj våren", "Portfölj hösten"},
        [
            ("State", "Failed", {"Portfölj hösten"}),
            ("Only reports I asked for", True, {"Portfölj våren"}),
        ],
    )


@pytest.mark.parametrize("url", ["/needs/", "/procurements/"])
def test_lists_on_a_phone_show_results_first(page, syd, needs, cases, url):
    """At 390 px the needs and case lists show their first row on the first screen; the
    filter bar is behind a "Filter" button that opens it by keyboard."""
    act_as(page, syd["coordinator"].email)
    page.set_viewport_size(MOBILE)
    page.goto(page.base + url)
    bar = page.locator("#filters")
    assert not bar.is_visible()
    first_row = page.locator("main table tbody tr").first.bounding_box()
    assert first_row["y"] < MOBILE["height"], "the first result is below the first screen"
    toggle = page.get_by_role("button", name="Filter", exact=True)
    kb_click(page, toggle)
    bar.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    check_accessibility(page, label=f"{url}, filters open [390px]")
