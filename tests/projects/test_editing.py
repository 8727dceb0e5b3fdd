"""Editing a project's parts through pages and services (#23): the project, goals,
subprojects (including an ended one's lessons), milestones and the risk and decision
log; with history, the manage permission table and a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pghistory.models import Events

from organizations.enums import OrganizationKind
from projects import services
from projects.models import LogEntry
from tests.factories.organizations import (
    MunicipalityFactory,
    PlatformFactory,
    SupplierFactory,
    UserFactory,
)
from tests.factories.projects import (
    GoalFactory,
    LogEntryFactory,
    MilestoneFactory,
    SubprojectFactory,
    external_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def _last_context(obj) -> dict:
    event = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id").first()
    return event.pgh_context or {}


def test_project_update_records_who_and_why(world):
    project, coordinator = world["project"], world["coordinator"]
    consultant = external_user(OrganizationKind.CONSULTANCY)
    services.project_update(
        user=coordinator,
        project=project,
        title="  Innovationsupphandling Syd  ",
        description="Ny text",
        start_date=D(2026, 2, 1),
        end_date=D(2027, 6, 30),
        project_manager=consultant,
    )
    project.refresh_from_db()
    assert project.title == "Innovationsupphandling Syd"
    assert project.project_manager == consultant
    assert _last_context(project) == {"user": coordinator.pk, "reason": "project edited"}
    # the new (external) project manager may now edit too
    services.project_update(
        user=consultant,
        project=project,
        title="Syd",
        start_date=project.start_date,
        end_date=project.end_date,
        project_manager=consultant,
    )


def test_project_update_unhappy_paths(world):
    project, coordinator = world["project"], world["coordinator"]
    base = {
        "title": "T",
        "start_date": D(2026, 1, 1),
        "end_date": D(2026, 12, 31),
        "project_manager": coordinator,
    }
    with pytest.raises(services.ProjectError):
        services.project_update(user=coordinator, project=project, **base | {"title": " "})
    with pytest.raises(services.ProjectError):
        services.project_update(
            user=coordinator, project=project, **base | {"end_date": D(2025, 1, 1)}
        )
    supplier_person = UserFactory(organization=SupplierFactory(), roles=["supplier"])
    with pytest.raises(services.ProjectError):
        services.project_update(
            user=coordinator, project=project, **base | {"project_manager": supplier_person}
        )
    with pytest.raises(PermissionDenied):
        services.project_update(user=world["officer"], project=project, **base)
    project.state = "closed"
    project.save()
    with pytest.raises(services.ProjectError):
        services.project_update(user=coordinator, project=project, **base)


def test_goal_and_milestone_update(world):
    project, coordinator = world["project"], world["coordinator"]
    goal = GoalFactory(project=project)
    services.goal_update(user=coordinator, goal=goal, text="Mätbart mål", indicator="Antal")
    goal.refresh_from_db()
    assert (goal.text, goal.indicator) == ("Mätbart mål", "Antal")
    with pytest.raises(services.ProjectError):
        services.goal_update(user=coordinator, goal=goal, text="")
    milestone = MilestoneFactory(project=project)
    sub = SubprojectFactory(project=project)
    services.milestone_update(
        user=coordinator, milestone=milestone, title="Avrop", due_date=D(2026, 9, 1), subproject=sub
    )
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.subproject) == (D(2026, 9, 1), sub)
    foreign_sub = SubprojectFactory(project=world["other"])
    with pytest.raises(services.ProjectError):
        services.milestone_update(
            user=coordinator,
            milestone=milestone,
            title="x",
            due_date=D(2026, 9, 1),
            subproject=foreign_sub,
        )


def test_subproject_update_keeps_links_the_editor_cannot_see(world):
    project = world["project"]
    consultant = external_user(OrganizationKind.CONSULTANCY)
    project.project_manager = consultant
    project.save()
    sub = SubprojectFactory(project=project)
    sub.cases.add(world["case"])
    services.subproject_update(user=consultant, subproject=sub, title="Smart tjänst")
    sub.refresh_from_db()
    assert sub.title == "Smart tjänst"
    assert list(sub.cases.all()) == [world["case"]]


def test_cancelled_subproject_lessons_can_be_edited_but_not_emptied(world):
    coordinator = world["coordinator"]
    sub = SubprojectFactory(project=world["project"])
    services.subproject_transition(
        user=coordinator, subproject=sub, to="cancelled", reason="Ingen marknad", lessons="Tidigt"
    )
    services.subproject_update(
        user=coordinator,
        subproject=sub,
        title=sub.title,
        lessons="Prata med marknaden tidigt: ett misslyckande är också ett resultat.",
    )
    sub.refresh_from_db()
    assert sub.lessons_learned.startswith("Prata med marknaden")
    with pytest.raises(services.ProjectError):
        services.subproject_update(user=coordinator, subproject=sub, title=sub.title, lessons="")


def test_log_entry_update_and_close(world):
    coordinator = world["coordinator"]
    entry = LogEntryFactory(project=world["project"], author=coordinator)
    services.log_entry_update(
        user=coordinator, entry=entry, title="Få anbud", probability=2, impact=5
    )
    entry.refresh_from_db()
    assert (entry.title, entry.score) == ("Få anbud", 10)
    with pytest.raises(services.ProjectError):
        services.log_entry_update(user=coordinator, entry=entry, title="x", impact=9)
    services.log_entry_close(user=coordinator, entry=entry)
    entry.refresh_from_db()
    assert entry.is_closed
    assert _last_context(entry)["reason"] == "log entry closed"
    with pytest.raises(services.ProjectError):
        services.log_entry_close(user=coordinator, entry=entry)
    with pytest.raises(services.ProjectError):
        services.log_entry_update(user=coordinator, entry=entry, title="x")
    decision = LogEntryFactory(
        project=world["project"], kind="decision", decided_on=D(2026, 3, 1), author=coordinator
    )
    with pytest.raises(services.ProjectError):
        services.log_entry_update(user=coordinator, entry=decision, title="x", decided_on=None)


def _edit_urls(world):
    project = world["project"]
    goal = GoalFactory(project=project)
    sub = SubprojectFactory(project=project)
    milestone = MilestoneFactory(project=project)
    entry = LogEntryFactory(project=project, author=world["coordinator"])
    return {
        "project": reverse("projects:project-edit", args=[project.pk]),
        "goal": reverse("projects:goal-edit", args=[project.pk, goal.pk]),
        "subproject": reverse("projects:subproject-edit", args=[project.pk, sub.pk]),
        "milestone": reverse("projects:milestone-edit", args=[project.pk, milestone.pk]),
        "log": reverse("projects:log-edit", args=[project.pk, entry.pk]),
    }, entry


def _people(world):
    network_coordinator = UserFactory(organization=world["skurup"], roles=["coordinator"])
    external_manager = external_user(OrganizationKind.CONSULTANCY)
    region_member = external_user(OrganizationKind.REGION)
    world["add_member"](world["reference"], region_member)
    supplier = UserFactory(organization=SupplierFactory(), roles=["supplier"])
    world["add_member"](world["reference"], supplier)
    return {
        "coordinator": (world["coordinator"], 200),
        "network coordinator": (network_coordinator, 200),
        "external project manager": (external_manager, 200),
        "officer of the lead municipality": (world["officer"], 403),
        "region member of the reference group": (region_member, 403),
        "supplier member of the reference group": (supplier, 403),
        "coordinator elsewhere": (UserFactory(roles=["coordinator"]), 404),
        "platform operator": (UserFactory(organization=PlatformFactory(), roles=["admin"]), 200),
    }


def test_edit_pages_permission_table(client, world):
    people = _people(world)
    world["project"].project_manager = people["external project manager"][0]
    world["project"].save()
    urls, _entry = _edit_urls(world)
    for who, (person, expected) in people.items():
        client.force_login(person)
        for name, url in urls.items():
            status = client.get(url).status_code
            assert status == expected, (who, name, status)


def test_edit_pages_save_through_the_form(client, world):
    client.force_login(world["coordinator"])
    urls, entry = _edit_urls(world)
    project = world["project"]
    response = client.post(
        urls["project"],
        {
            "title": "Nytt namn",
            "description": "",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
            "project_manager": world["coordinator"].pk,
        },
    )
    assert response.status_code == 200  # the end before the start is refused
    response = client.post(
        urls["project"],
        {
            "title": "Nytt namn",
            "description": "",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "project_manager": world["coordinator"].pk,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nytt namn"
    response = client.post(urls["log"], {"title": "Omformulerad risk", "probability": 1})
    assert response.status_code == 302
    close = reverse("projects:log-close", args=[project.pk, entry.pk])
    assert client.get(close).status_code == 405
    assert client.post(close).status_code == 302
    assert LogEntry.objects.get(pk=entry.pk).is_closed
    # a closed entry has no edit page any more
    assert client.get(urls["log"]).status_code == 404
    page = client.get(project.get_absolute_url())
    assert "Omformulerad risk" in page.text


def test_edit_pages_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world["coordinator"])
    urls, _entry = _edit_urls(world)
    for url in urls.values():
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_other_municipality_coordinator_cannot_post(client, world):
    urls, entry = _edit_urls(world)
    client.force_login(UserFactory(organization=MunicipalityFactory(), roles=["coordinator"]))
    assert client.post(urls["goal"], {"text": "x"}).status_code == 404
    close = reverse("projects:log-close", args=[world["project"].pk, entry.pk])
    assert client.post(close).status_code == 404
    assert not LogEntry.objects.get(pk=entry.pk).is_closed
