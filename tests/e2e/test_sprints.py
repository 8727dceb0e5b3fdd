"""Journey 5: staff call off a 1-day workshop; the first-ranked supplier declines, the second
accepts (by keyboard) and the booking's ICS file downloads."""

from pathlib import Path

import icalendar
import pytest

from tests.e2e.conftest import act_as, check_everywhere, field

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agreement(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.sprints import FacilitatorTeamFactory, build_agreement

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Syd", members=[ystad, trelleborg])
    first = SupplierFactory(name="PwC")
    second = SupplierFactory(name="HiQ")
    FacilitatorTeamFactory(supplier=first, name="PwC team A")
    FacilitatorTeamFactory(supplier=second, name="HiQ team A")
    make_user(organization=ystad, roles=["staff"], email="verksamhet@ystad-e2e.test")
    make_user(organization=first, roles=["supplier"], email="sprint@pwc-e2e.test")
    make_user(organization=second, roles=["supplier"], email="sprint@hiq-e2e.test")
    return build_agreement(municipalities=[ystad, trelleborg], suppliers=[first, second])


def test_workshop_is_called_off_declined_accepted_and_in_the_calendar(page, agreement):
    from tests.factories.sprints import working_week

    day = working_week(6)[2]

    act_as(page, "verksamhet@ystad-e2e.test")
    check_everywhere(page, "/sprints/agreements/", label="agreements")
    check_everywhere(page, f"/sprints/agreements/{agreement.pk}/", label="agreement")
    check_everywhere(page, f"/sprints/agreements/{agreement.pk}/call-off/", label="call-off form")
    page.goto(page.base + f"/sprints/agreements/{agreement.pk}/call-off/")
    field(page, "Title").fill("Workshop om digital skolskjuts")
    field(page, "The challenge").fill("Hur kan elever och vårdnadshavare se skolskjutsen live?")
    field(page, "Format").select_option("one_day")
    field(page, "First day").fill(day.isoformat())
    page.get_by_role("button", name="Send the call-off").click()
    page.get_by_role("heading", level=1, name="Workshop om digital skolskjuts").wait_for()
    calloff_url = page.url.removeprefix(page.base)
    check_everywhere(page, calloff_url, label="call-off (buyer)")

    # The first-ranked supplier declines.
    act_as(page, "sprint@pwc-e2e.test")
    check_everywhere(page, "/sprints/", label="call-offs (supplier)")
    page.goto(page.base + "/sprints/")
    page.get_by_role("link", name="Workshop om digital skolskjuts").first.click()
    check_everywhere(page, calloff_url, label="call-off (offered supplier)")
    page.goto(page.base + calloff_url)
    field(page, "Reason").select_option("no_capacity")
    page.get_by_role("button", name="Decline").click()
    page.get_by_role("heading", name="Your answer").wait_for(state="detached")

    # The second accepts, with the keyboard alone.
    act_as(page, "sprint@hiq-e2e.test")
    page.goto(page.base + calloff_url)
    check_everywhere(page, calloff_url, label="call-off (second supplier)")
    page.goto(page.base + calloff_url)
    field(page, "Facilitator team").focus()
    page.keyboard.press("ArrowDown")  # the first real team after the empty choice
    while page.evaluate("document.activeElement.textContent.trim()") != "Accept and book":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your answer").wait_for(state="detached")

    # The buyer downloads the booking's calendar file.
    act_as(page, "verksamhet@ystad-e2e.test")
    page.goto(page.base + calloff_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download ICS day 1").click()
    calendar = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0].decoded("dtstart").date() == day
    assert "skolskjuts" in str(events[0].get("summary"))
