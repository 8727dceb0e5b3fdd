"""Journey 5: staff call off a 1-day workshop; the first-ranked supplier declines, the second
accepts and the booking's ICS file downloads."""

from pathlib import Path

import icalendar
import pytest

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_click,
    kb_download,
    kb_fill,
    kb_menu,
    kb_select,
)

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
    page.goto(page.base + "/")
    kb_menu(page, "Design sprints")
    kb_click(page, page.get_by_role("link", name="Framework agreements"))
    kb_click(page, page.get_by_role("link", name=agreement.title))
    kb_click(page, page.get_by_role("link", name="Call off a sprint"))
    kb_fill(page, field(page, "Title"), "Workshop om digital skolskjuts")
    challenge = "Hur kan elever och vårdnadshavare se skolskjutsen live?"
    kb_fill(page, field(page, "The challenge"), challenge)
    kb_select(page, field(page, "Format"), value="one_day")
    kb_fill(page, field(page, "First day"), day)
    kb_click(page, page.get_by_role("button", name="Send the call-off"))
    page.get_by_role("heading", level=1, name="Workshop om digital skolskjuts").wait_for()
    calloff_url = here(page)
    check_everywhere(page, calloff_url, label="call-off (buyer)")

    # The first-ranked supplier declines.
    act_as(page, "sprint@pwc-e2e.test")
    check_everywhere(page, "/sprints/", label="call-offs (supplier)")
    check_everywhere(page, calloff_url, label="call-off (offered supplier)")
    page.goto(page.base + "/")
    kb_menu(page, "Design sprints")
    kb_click(page, page.get_by_role("link", name="Workshop om digital skolskjuts").first)
    kb_select(page, field(page, "Reason"), value="no_capacity")
    kb_click(page, page.get_by_role("button", name="Decline"))
    page.get_by_role("heading", name="Your answer").wait_for(state="detached")

    # The second accepts.
    act_as(page, "sprint@hiq-e2e.test")
    check_everywhere(page, calloff_url, label="call-off (second supplier)")
    page.goto(page.base + "/")
    kb_menu(page, "Design sprints")
    kb_click(page, page.get_by_role("link", name="Workshop om digital skolskjuts").first)
    kb_select(page, field(page, "Facilitator team"), "HiQ – HiQ team A")
    kb_click(page, page.get_by_role("button", name="Accept and book"))
    page.get_by_role("heading", name="Your answer").wait_for(state="detached")

    # The buyer downloads the booking's calendar file.
    act_as(page, "verksamhet@ystad-e2e.test")
    page.goto(page.base + calloff_url)
    download = kb_download(page, page.get_by_role("link", name="Download ICS day 1"))
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0].decoded("dtstart").date() == day
    assert "skolskjuts" in str(events[0].get("summary"))
