"""Outside organisations see only what they are invited to: their project, its groups
they belong to, those groups' meetings and the project's events; never bids,
evaluations, internal notes, need drafts, funding or other projects."""

import pytest

from needs.selectors import challenges_for_user, needs_for_user
from organizations.enums import EXTERNAL_KINDS, OrganizationKind
from procurements.selectors import bids_for_case, procurements_for_user
from projects.selectors import groups_for_user, meetings_for_user, projects_for_user
from sharing.selectors import listings_for_user
from sprints.selectors import call_offs_for_user
from tests.factories.organizations import SupplierFactory, UserFactory
from tests.factories.projects import external_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", EXTERNAL_KINDS)
def test_external_member_sees_only_their_project_group_and_meetings(world, kind):
    person = external_user(kind)
    world["add_member"](world["reference"], person)

    assert list(projects_for_user(person)) == [world["project"]]
    assert list(groups_for_user(person)) == [world["reference"]]
    assert list(meetings_for_user(person)) == [world["reference_meeting"]]
    project = world["project"]
    assert person.has_perm("projects.view_minutes", world["reference_meeting"])
    assert not person.has_perm("projects.view_minutes", world["steering_meeting"])
    assert not person.has_perm("projects.view_internal", project)
    assert not person.has_perm("projects.manage_project", project)


@pytest.mark.parametrize("kind", EXTERNAL_KINDS)
def test_external_member_sees_no_domain_data(world, kind):
    person = external_user(kind)
    world["add_member"](world["reference"], person)

    assert list(procurements_for_user(person)) == []
    assert list(bids_for_case(person, world["case"])) == []
    assert list(needs_for_user(person)) == []
    assert list(challenges_for_user(person)) == []
    assert list(listings_for_user(person)) == []
    assert list(call_offs_for_user(person)) == []


@pytest.mark.parametrize("kind", EXTERNAL_KINDS)
def test_uninvited_external_user_sees_no_project(world, kind):
    person = external_user(kind)
    assert list(projects_for_user(person)) == []
    assert list(groups_for_user(person)) == []
    assert list(meetings_for_user(person)) == []


def test_external_project_manager_manages_the_project(world):
    consultant = external_user(OrganizationKind.CONSULTANCY)
    project = world["project"]
    project.project_manager = consultant
    project.save()
    assert list(projects_for_user(consultant)) == [project]
    assert consultant.has_perm("projects.manage_project", project)
    assert consultant.has_perm("projects.view_internal", project)
    assert set(groups_for_user(consultant)) == {world["steering"], world["reference"]}
    assert list(procurements_for_user(consultant)) == []


def test_supplier_in_reference_group_sees_the_group_only(world):
    supplier = UserFactory(organization=SupplierFactory(), roles=["supplier"])
    world["add_member"](world["reference"], supplier)
    assert list(projects_for_user(supplier)) == [world["project"]]
    assert list(groups_for_user(supplier)) == [world["reference"]]


@pytest.mark.parametrize(
    ("who", "manage", "internal"),
    [
        ("coordinator", True, True),
        ("officer", False, True),
        ("skurup_coordinator", True, True),
        ("skurup_staff", False, True),
        ("stranger_coordinator", False, False),
    ],
)
def test_municipal_permissions(world, who, manage, internal):
    users = {
        "coordinator": world["coordinator"],
        "officer": world["officer"],
        "skurup_coordinator": UserFactory(organization=world["skurup"], roles=["coordinator"]),
        "skurup_staff": UserFactory(organization=world["skurup"], roles=["staff"]),
        "stranger_coordinator": UserFactory(roles=["coordinator"]),
    }
    user = users[who]
    project = world["project"]
    assert user.has_perm("projects.manage_project", project) is manage
    assert user.has_perm("projects.view_internal", project) is internal
    assert (project in projects_for_user(user)) is internal


def test_municipal_member_of_network_sees_minutes_only_when_managing_or_member(world):
    staff = UserFactory(organization=world["skurup"], roles=["staff"])
    assert not staff.has_perm("projects.view_minutes", world["steering_meeting"])
    world["add_member"](world["steering"], staff)
    assert staff.has_perm("projects.view_minutes", world["steering_meeting"])
