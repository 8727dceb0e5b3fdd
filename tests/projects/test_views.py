import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.enums import OrganizationKind
from projects.models import GroupMember, Project
from tests.factories.organizations import UserFactory
from tests.factories.projects import external_user

pytestmark = pytest.mark.django_db


def test_project_list_and_detail_for_coordinator(client, world):
    client.force_login(world["coordinator"])
    assert world["project"].title in client.get(reverse("projects:project-list")).text
    page = client.get(world["project"].get_absolute_url())
    assert page.status_code == 200
    assert "Funding" in page.text or "Finansiering" in page.text


def test_outsider_gets_404_on_detail_group_and_meeting(client, world):
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(world["project"].get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("projects:group-detail", args=[world["steering"].pk])).status_code == 404
    )
    meeting = world["steering_meeting"]
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("projects:meeting-ics", args=[meeting.pk])).status_code == 404


def test_external_member_sees_group_meeting_minutes_but_not_funding(client, world):
    person = external_user(OrganizationKind.REGION)
    world["add_member"](world["reference"], person)
    client.force_login(person)
    page = client.get(world["project"].get_absolute_url())
    assert page.status_code == 200
    assert 'id="funding"' not in page.text and 'id="log"' not in page.text
    assert world["steering"].name not in page.text
    meeting = client.get(world["reference_meeting"].get_absolute_url())
    assert "Referensgruppens protokoll" in meeting.text
    assert client.get(world["steering_meeting"].get_absolute_url()).status_code == 404
    assert client.get(world["other"].get_absolute_url()).status_code == 404
    assert client.get(reverse("procurements:case-detail", args=[world["case"].pk])).status_code in (
        403,
        404,
    )
    assert (
        client.post(
            reverse("projects:goal-add", args=[world["project"].pk]), {"text": "x"}
        ).status_code
        == 403
    )


def test_coordinator_creates_project_with_external_manager(client, world):
    consultant = external_user(OrganizationKind.CONSULTANCY)
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("projects:project-create"),
        {
            "title": "Nytt projekt",
            "network": world["network"].pk,
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "project_manager": consultant.pk,
            "goals": "Mål ett\nMål två",
        },
    )
    project = Project.objects.get(title="Nytt projekt")
    assert response.status_code == 302
    assert project.project_manager == consultant
    assert project.goals.count() == 2


def test_add_region_member_to_reference_group(client, world):
    person = external_user(OrganizationKind.REGION)
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("projects:group-detail", args=[world["reference"].pk]),
        {"person": person.pk, "role": "member"},
    )
    assert response.status_code == 302
    assert GroupMember.objects.filter(group=world["reference"], user=person).exists()


def test_meeting_ics_download(client, world):
    from icalendar import Calendar

    client.force_login(world["coordinator"])
    response = client.get(reverse("projects:meeting-ics", args=[world["steering_meeting"].pk]))
    cal = Calendar.from_ical(response.content)
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["summary"]).startswith("Styrgrupp")
    assert event["dtstart"].dt.astimezone(datetime.UTC).hour == 9


def test_project_list_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world["coordinator"])
    with django_assert_max_num_queries(12):
        client.get(reverse("projects:project-list"))


@pytest.mark.parametrize("rows", [1, 4])
def test_project_list_constant_query_count(client, world, rows, django_assert_num_queries):
    from tests.factories.projects import ProjectFactory

    for _ in range(rows - 1):
        ProjectFactory(organization=world["ystad"])
    client.force_login(world["officer"])
    with django_assert_num_queries(8):
        response = client.get(reverse("projects:project-list"))
    assert response.text.count("/projects/") >= rows


def test_subproject_with_a_foreign_challenge_is_refused(client, world):
    from tests.factories.needs import ChallengeFactory
    from tests.factories.organizations import NetworkFactory

    foreign = ChallengeFactory(network=NetworkFactory(members=[UserFactory().organization]))
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("projects:subproject-create", args=[world["project"].pk]),
        {"title": "Smygande", "challenges": [foreign.pk]},
    )
    assert response.status_code == 200
    assert not world["project"].subprojects.filter(title="Smygande").exists()


def test_funder_report_submit_wrong_method_and_foreign_project(client, world):
    from tests.factories.projects import FunderReportFactory

    report = FunderReportFactory(grant=world["grant"])
    client.force_login(world["coordinator"])
    url = reverse("projects:funder-report-submit", args=[world["project"].pk, report.pk])
    assert client.get(url).status_code == 405
    foreign = reverse("projects:funder-report-submit", args=[world["other"].pk, report.pk])
    assert client.post(foreign).status_code == 404
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.submitted_on == timezone.localdate()


def test_dashboard_cards_for_coordinator_and_outside_member(client, world):
    client.force_login(world["coordinator"])
    assert world["project"].title in client.get("/").text
    person = external_user(OrganizationKind.REGION)
    world["add_member"](world["reference"], person)
    client.force_login(person)
    page = client.get("/")
    assert page.status_code == 200 and world["project"].title in page.text
