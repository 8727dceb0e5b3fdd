"""Journey 1: staff submit a need; it is taken into a challenge; a second municipality joins
the challenge; a coordinator runs a prioritisation round and starts a procurement case from
the winner."""

import pytest

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
    kb_select_many,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def syd(make_user):
    from needs.services import answer_options_ensure
    from tests.factories.needs import ChallengeFactory
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory

    answer_options_ensure()  # reference rows a transactional test's flush removed
    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    network = NetworkFactory(name="Innovationsupphandling Syd", members=[ystad, trelleborg])
    people = [
        make_user(
            organization=ystad,
            roles=["staff"],
            email="forskola@ystad-e2e.test",
            full_name="Frida Förskola",
        ),
        make_user(
            organization=ystad,
            roles=["coordinator", "officer"],
            email="samordnare@ystad-e2e.test",
            full_name="Sara Samordnare",
        ),
        make_user(
            organization=trelleborg,
            roles=["staff"],
            email="forskola@trelleborg-e2e.test",
            full_name="Tove Förskola",
        ),
    ]
    return {
        "participants": [f"{user} ({user.organization})" for user in people],
        "floors": ChallengeFactory(
            title="Rena och torra golv i förskolan", network=network, owner_organization=ystad
        ),
        "transport": ChallengeFactory(
            title="Digital skolskjuts", network=network, owner_organization=trelleborg
        ),
    }


def test_need_to_challenge_to_round_to_procurement(page, syd):
    floors, transport = syd["floors"], syd["transport"]

    # Staff write and submit a need.
    act_as(page, "forskola@ystad-e2e.test")
    check_everywhere(page, "/needs/", label="needs")
    check_everywhere(page, "/needs/new/", label="new need")
    page.goto(page.base + "/")
    kb_menu(page, "Needs")
    kb_click(page, page.get_by_role("link", name="Describe a need"))
    kb_fill(page, field(page, "Title"), "Blöta hallgolv efter utevistelsen")
    kb_fill(
        page,
        field(page, "The problem"),
        "Barnen tar in snö och vatten; golven blir hala och personalen torkar.",
    )
    kb_click(page, page.get_by_role("button", name="Submit to the network"))
    page.get_by_role("heading", level=1, name="Blöta hallgolv efter utevistelsen").wait_for()
    need_url = here(page)
    check_everywhere(page, need_url, label="need (author)")

    # The coordinator takes it into the challenge.
    act_as(page, "samordnare@ystad-e2e.test")
    check_everywhere(page, need_url, label="need (assessor)")
    page.goto(page.base + "/")
    kb_menu(page, "Needs")
    kb_click(page, page.get_by_role("link", name="Blöta hallgolv efter utevistelsen"))
    kb_select(page, field(page, "Answer"), "Taken into a challenge")
    kb_fill(page, field(page, "Reason"), "Samma behov som utmaningen om torra golv.")
    kb_select(page, field(page, "Challenge (when taken into one)"), floors.title)
    kb_click(page, page.get_by_role("button", name="Send the answer"))
    page.get_by_role("heading", name="Answer: Taken into a challenge").wait_for()

    # A second municipality says "we have this need too".
    act_as(page, "forskola@trelleborg-e2e.test")
    challenge_url = f"/needs/challenges/{floors.pk}/"
    check_everywhere(page, "/needs/challenges/", label="challenges")
    check_everywhere(page, challenge_url, label="challenge")
    page.goto(page.base + "/needs/challenges/")
    kb_click(page, page.locator("main").get_by_role("link", name=floors.title))
    kb_fill(page, field(page, "Short note"), "Samma problem på våra förskolor i Trelleborg.")
    kb_click(page, page.get_by_role("button", name="We have this need too"))
    page.get_by_text("Samma problem på våra förskolor i Trelleborg.").wait_for()

    # The coordinator runs the prioritisation round.
    act_as(page, "samordnare@ystad-e2e.test")
    check_everywhere(page, "/needs/priorities/", label="rounds")
    check_everywhere(page, "/needs/priorities/new/", label="new round")
    page.goto(page.base + "/needs/priorities/")
    kb_click(page, page.get_by_role("link", name="Open a prioritisation round"))
    kb_select(page, field(page, "Network"), "Innovationsupphandling Syd")
    kb_fill(page, field(page, "Title"), "Prioritering våren")
    kb_select_many(page, field(page, "Challenges"), [floors.title, transport.title])
    kb_select_many(page, field(page, "Participants"), list(syd["participants"]))
    kb_click(page, page.get_by_role("button", name="Create the round"))
    page.get_by_role("heading", level=1, name="Prioritering våren").wait_for()
    round_url = here(page)
    kb_click(page, page.get_by_role("button", name="Open the round"))
    scores = page.locator("main select[id^=score-]")
    scores.first.wait_for()
    for i in range(scores.count()):
        select = scores.nth(i)
        winner = select.get_attribute("id").startswith(f"score-{floors.pk}-")
        kb_select(page, select, "5" if winner else "2")
    kb_click(page, page.get_by_role("button", name="Save my scores"))
    page.get_by_role("button", name="Close the scoring").wait_for()
    check_everywhere(page, round_url, label="round (open)")
    page.goto(page.base + round_url)
    kb_click(page, page.get_by_role("button", name="Close the scoring"))
    page.get_by_role("heading", name="Record the decision").first.wait_for()
    ranking = page.locator("main table").first.locator("tbody tr").first.inner_text()
    assert "Rena och torra golv i förskolan" in ranking
    kb_check(page, page.get_by_label("Rena och torra golv i förskolan"))
    decision = "Samverkansrådet valde golven: högst effekt, flest kommuner."
    kb_fill(page, field(page, "Decision"), decision)
    kb_click(page, page.get_by_role("button", name="Record the decision"))
    page.get_by_role("heading", name="Decision").wait_for()
    check_everywhere(page, round_url, label="round (decided)")

    # ... and starts a procurement case from the winner.
    page.goto(page.base + round_url)
    kb_click(page, page.locator("main").get_by_role("link", name=floors.title))
    kb_fill(page, field(page, "Title of the procurement case"), "Torra golv i förskolan")
    kb_click(page, page.get_by_role("button", name="Start a procurement case"))
    page.get_by_role("heading", level=1, name="Torra golv i förskolan").wait_for()
    main = page.locator("main").inner_text()
    assert "Trelleborg" in main and "Ystad" in main
    check_everywhere(page, here(page), label="procurement case")
