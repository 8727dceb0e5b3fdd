"""The sprint lists before anything has happened: each says what to do first, and stays
accessible in Swedish and English, for a municipality and for a supplier."""

import pytest

from tests.e2e.conftest import act_as, check_everywhere

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(make_user):
    from tests.factories.organizations import MunicipalityFactory, SupplierFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    make_user(organization=ystad, roles=["officer"], email="upphandlare@ystad-empty.test")
    pwc = SupplierFactory(name="PwC")
    make_user(organization=pwc, roles=["supplier"], email="s@pwc-empty.test")


def test_empty_sprint_lists_say_what_to_do_first(page, people):
    act_as(page, "upphandlare@ystad-empty.test")
    for url in ("/sprints/", "/sprints/?state=booked", "/sprints/agreements/",
                "/sprints/calendar/", "/sprints/prototypes/", "/sprints/closure-days/",
                "/sprints/rooms/"):  # fmt: skip
        check_everywhere(page, url, label=f"empty {url} (municipality)")
    page.goto(page.base + "/sprints/")
    assert page.get_by_text("No call-offs yet. Open a framework agreement").is_visible()

    act_as(page, "s@pwc-empty.test")
    for url in ("/sprints/", "/sprints/agreements/", "/sprints/calendar/", "/sprints/teams/"):
        check_everywhere(page, url, label=f"empty {url} (supplier)")
    page.goto(page.base + "/sprints/")
    assert page.get_by_text("No call-off has been addressed to you yet.").is_visible()
    assert page.get_by_role("link", name="Add a facilitator team").is_visible()
