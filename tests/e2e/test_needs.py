"""Journey 1: staff submit a need; it is taken into a challenge; a second municipality joins
the challenge; a coordinator runs a prioritisation round and starts a procurement case from
the winner."""

import pytest

from tests.e2e.conftest import act_as, check_everywhere, field

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
    make_user(organization=ystad, roles=["staff"], email="forskola@ystad-e2e.test")
    make_user(
        organization=ystad, roles=["coordinator", "officer"], email="samordnare@ystad-e2e.test"
    )
    make_user(organization=trelleborg, roles=["staff"], email="forskola@trelleborg-e2e.test")
    return {
        "floors": ChallengeFactory(
            title="Rena och torra golv i förskolan", network=network, owner_organization=ystad
        ),
        "transport": ChallengeFactory(
            title="Digital skolskjuts", network=network, owner_organization=trelleborg
        ),
    }


def test_need_to_challenge_to_round_to_procurement(page, syd):
    from needs.models import AnswerOption

    floors, transport = syd["floors"], syd["transport"]

    # Staff write and submit a need, by keyboard alone.
    act_as(page, "forskola@ystad-e2e.test")
    check_everywhere(page, "/needs/", label="needs")
    check_everywhere(page, "/needs/new/", label="new need")
    page.goto(page.base + "/needs/new/")
    field(page, "Title").focus()
    page.keyboard.type("Blöta hallgolv efter utevistelsen")
    while page.evaluate("document.activeElement.name") != "problem":
        page.keyboard.press("Tab")
    page.keyboard.type("Barnen tar in snö och vatten; golven blir hala och personalen torkar.")
    while page.evaluate("document.activeElement.textContent.trim()") != "Submit to the network":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Blöta hallgolv efter utevistelsen").wait_for()
    need_url = page.url.removeprefix(page.base)
    check_everywhere(page, need_url, label="need (author)")

    # The coordinator takes it into the challenge.
    act_as(page, "samordnare@ystad-e2e.test")
    check_everywhere(page, need_url, label="need (assessor)")
    page.goto(page.base + need_url)
    field(page, "Answer").select_option(str(AnswerOption.objects.get(code="challenge").pk))
    field(page, "Reason").fill("Samma behov som utmaningen om torra golv.")
    field(page, "Challenge (when taken into one)").select_option(str(floors.pk))
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_role("heading", name="Answer: Taken into a challenge").wait_for()

    # A second municipality says "we have this need too".
    act_as(page, "forskola@trelleborg-e2e.test")
    challenge_url = f"/needs/challenges/{floors.pk}/"
    check_everywhere(page, "/needs/challenges/", label="challenges")
    check_everywhere(page, challenge_url, label="challenge")
    page.goto(page.base + challenge_url)
    field(page, "Short note").fill("Samma problem på våra förskolor i Trelleborg.")
    page.get_by_role("button", name="We have this need too").click()
    page.get_by_text("Samma problem på våra förskolor i Trelleborg.").wait_for()

    # The coordinator runs the prioritisation round.
    act_as(page, "samordnare@ystad-e2e.test")
    check_everywhere(page, "/needs/priorities/", label="rounds")
    check_everywhere(page, "/needs/priorities/new/", label="new round")
    page.goto(page.base + "/needs/priorities/new/")
    field(page, "Network").select_option(label="Innovationsupphandling Syd")
    field(page, "Title").fill("Prioritering våren")
    field(page, "Challenges").select_option([str(floors.pk), str(transport.pk)])
    field(page, "Participants").select_option(index=[0, 1, 2])
    page.get_by_role("button", name="Create the round").click()
    page.get_by_role("heading", level=1, name="Prioritering våren").wait_for()
    round_url = page.url.removeprefix(page.base)
    page.get_by_role("button", name="Open the round").click()
    scores = page.locator("main select[id^=score-]")
    scores.first.wait_for()
    for i in range(scores.count()):
        select = scores.nth(i)
        winner = select.get_attribute("id").startswith(f"score-{floors.pk}-")
        select.select_option("5" if winner else "2")
    page.get_by_role("button", name="Save my scores").click()
    check_everywhere(page, round_url, label="round (open)")
    page.goto(page.base + round_url)
    page.get_by_role("button", name="Close the scoring").click()
    page.get_by_role("heading", name="Record the decision").first.wait_for()
    ranking = page.locator("main table").first.locator("tbody tr").first.inner_text()
    assert "Rena och torra golv i förskolan" in ranking
    page.get_by_label("Rena och torra golv i förskolan").check()
    field(page, "Decision").fill("Samverkansrådet valde golven: högst effekt, flest kommuner.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("heading", name="Decision").wait_for()
    check_everywhere(page, round_url, label="round (decided)")

    # ... and starts a procurement case from the winner.
    page.goto(page.base + challenge_url)
    field(page, "Title of the procurement case").fill("Torra golv i förskolan")
    page.get_by_role("button", name="Start a procurement case").click()
    page.get_by_role("heading", level=1, name="Torra golv i förskolan").wait_for()
    main = page.locator("main").inner_text()
    assert "Trelleborg" in main and "Ystad" in main
    check_everywhere(page, page.url.removeprefix(page.base), label="procurement case")
