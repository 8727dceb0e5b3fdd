"""Doors (#23 "What must hold"): a person of each outside organisation kind who is in a
project's reference group sees that project, their group, its meetings (minutes and
calendar file) and the project's events – and never bids, evaluations, internal notes,
need drafts, other groups, other projects or another network's arena: not through pages,
history, calendar files, the API or counts. A supplier in a group gets a menu to it."""

import pytest
from django.urls import reverse

from arena.enums import Audience
from organizations.enums import OrganizationKind
from tests.factories.arena import EventFactory, LessonFactory
from tests.factories.organizations import NetworkFactory, SupplierFactory, UserFactory
from tests.factories.projects import external_user

pytestmark = pytest.mark.django_db

KINDS = [
    OrganizationKind.AUTHORITY,
    OrganizationKind.REGION,
    OrganizationKind.FUNDER,
    OrganizationKind.RESEARCH,
    OrganizationKind.CONSULTANCY,
]


def _history(label, pk):
    return reverse("core:history", args=[label, pk])


@pytest.fixture
def doors(world):
    project = world["project"]
    event = EventFactory(
        project=project,
        network=world["network"],
        organization=world["ystad"],
        audience=Audience.NETWORK,
        title="Projektets seminarium",
    )
    elsewhere = NetworkFactory(members=[world["other"].organization])
    foreign_lesson = LessonFactory(
        network=elsewhere,
        organization=world["other"].organization,
        title="Annat nätverks lärdom",
    )
    internal_lesson = LessonFactory(
        network=world["network"], organization=world["ystad"], title="Nätverkets egen lärdom"
    )
    return world | {
        "event": event,
        "foreign_lesson": foreign_lesson,
        "internal_lesson": internal_lesson,
    }


def _member(doors, kind):
    person = external_user(kind)
    doors["add_member"](doors["reference"], person)
    return person


@pytest.mark.parametrize("kind", KINDS)
def test_member_opens_the_doors_of_their_project(client, doors, kind):
    client.force_login(_member(doors, kind))
    meeting = doors["reference_meeting"]
    assert client.get(doors["project"].get_absolute_url()).status_code == 200
    assert client.get(doors["reference"].get_absolute_url()).status_code == 200
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "Referensgruppens protokoll" in page.text
    ics = client.get(reverse("projects:meeting-ics", args=[meeting.pk]))
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    assert client.get(doors["event"].get_absolute_url()).status_code == 200
    assert doors["project"].title in client.get(reverse("projects:project-list")).text


@pytest.mark.parametrize("kind", KINDS)
def test_member_finds_no_other_door(client, doors, kind):
    client.force_login(_member(doors, kind))
    closed = [
        doors["steering"].get_absolute_url(),
        doors["steering_meeting"].get_absolute_url(),
        reverse("projects:meeting-ics", args=[doors["steering_meeting"].pk]),
        doors["other"].get_absolute_url(),
        reverse("projects:meeting-ics", args=[doors["other_meeting"].pk]),
        doors["need_draft"].get_absolute_url(),
        _history("needs.need", doors["need_draft"].pk),
        _history("procurements.procurementcase", doors["case"].pk),
        _history("projects.project", doors["other"].pk),
        reverse("procurements:case-detail", args=[doors["case"].pk]),
    ]
    for url in closed:
        assert client.get(url).status_code in (403, 404), url
    project_page = client.get(doors["project"].get_absolute_url()).text
    assert 'id="funding"' not in project_page and 'id="log"' not in project_page
    for url in (reverse("arena:home"), reverse("arena:home") + "?q=lärdom"):
        response = client.get(url)
        assert doors["foreign_lesson"].title not in response.text
        assert doors["internal_lesson"].title not in response.text
    for endpoint in ("procurement", "need", "challenge"):
        response = client.get(reverse(f"api:{endpoint}-list"))
        assert response.status_code in (200, 403), endpoint
        if response.status_code == 200:
            assert response.json().get("count", len(response.json().get("results", []))) == 0


def test_supplier_in_a_group_gets_a_menu_to_it(client, doors, django_capture_on_commit_callbacks):
    supplier = UserFactory(organization=SupplierFactory(), roles=["supplier"])
    client.force_login(supplier)
    projects_url = reverse("projects:project-list")
    assert f'href="{projects_url}"' not in client.get("/").text
    with django_capture_on_commit_callbacks(execute=True):  # the menu's flag is forgotten
        doors["add_member"](doors["reference"], supplier)
    assert f'href="{projects_url}"' in client.get("/").text
    listing = client.get(projects_url)
    assert doors["project"].title in listing.text
    assert doors["other"].title not in listing.text
    assert client.get(doors["reference"].get_absolute_url()).status_code == 200
    assert client.get(doors["steering"].get_absolute_url()).status_code == 404
