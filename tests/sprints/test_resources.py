"""Rooms (municipalities), facilitator teams (suppliers) and closure days on pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sprints import resources
from sprints.models import ClosureDay, FacilitatorTeam, Room
from tests.factories.organizations import UserFactory


@pytest.fixture
def supplier_admin(supplier_org):
    return UserFactory(organization=supplier_org, roles=["supplier", "admin"])


def test_room_page_adds_room_for_coordinator(client, coordinator, ystad):
    client.force_login(coordinator)
    response = client.post(
        reverse("sprints:room-list"), {"name": "Innovationsrummet", "capacity": "14"}
    )
    assert response.status_code == 302
    assert list(Room.objects.values_list("organization", "name", "capacity")) == [
        (ystad.pk, "Innovationsrummet", 14)
    ]


def test_room_duplicate_name_refused(coordinator):
    resources.room_save(by=coordinator, name="A")
    with pytest.raises(ValidationError):
        resources.room_save(by=coordinator, name="A")


@pytest.mark.parametrize("who", ["staff", "supplier_user", "platform_admin"])
def test_room_page_forbidden(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sprints:room-list")).status_code == 403


def test_room_of_other_municipality_is_404(client, coordinator, trelleborg):
    other = resources.room_save(
        by=UserFactory(organization=trelleborg, roles=["coordinator"]), name="Salen"
    )
    client.force_login(coordinator)
    assert client.get(reverse("sprints:room-edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("sprints:room-delete", args=[other.pk])).status_code == 404
    assert Room.objects.filter(pk=other.pk).exists()


def test_team_page_adds_team_for_supplier(client, supplier_user, supplier_org):
    client.force_login(supplier_user)
    response = client.post(
        reverse("sprints:team-list"), {"name": "Team Syd", "members": "Anna\nBo"}
    )
    assert response.status_code == 302
    assert list(FacilitatorTeam.objects.values_list("supplier", "name")) == [
        (supplier_org.pk, "Team Syd")
    ]


@pytest.mark.parametrize("who", ["staff", "org_admin", "platform_admin"])
def test_team_page_forbidden(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sprints:team-list")).status_code == 403


def test_team_of_other_supplier_is_404(client, supplier_user, supplier_admin):
    from tests.factories.organizations import SupplierFactory

    other = resources.team_save(
        by=UserFactory(organization=SupplierFactory(), roles=["supplier"]), name="Team Nord"
    )
    client.force_login(supplier_user)
    assert client.get(reverse("sprints:team-edit", args=[other.pk])).status_code == 404


def test_team_edit_and_delete(client, supplier_admin):
    team = resources.team_save(by=supplier_admin, name="Team A")
    client.force_login(supplier_admin)
    url = reverse("sprints:team-edit", args=[team.pk])
    assert client.post(url, {"name": "Team B", "members": ""}).status_code == 302
    team.refresh_from_db()
    assert team.name == "Team B"
    assert client.post(reverse("sprints:team-delete", args=[team.pk])).status_code == 302
    assert not FacilitatorTeam.objects.exists()


def test_staff_may_not_save_rooms(staff):
    with pytest.raises(PermissionDenied):
        resources.room_save(by=staff, name="A")


def test_closure_day_removed_only_by_own_municipality(client, coordinator, trelleborg, ystad):
    other = ClosureDay.objects.create(organization=trelleborg, date="2031-06-01", reason="x")
    own = ClosureDay.objects.create(organization=ystad, date="2031-06-02", reason="y")
    client.force_login(coordinator)
    assert client.post(reverse("sprints:closure-day-delete", args=[other.pk])).status_code == 404
    assert client.post(reverse("sprints:closure-day-delete", args=[own.pk])).status_code == 302
    assert list(ClosureDay.objects.all()) == [other]
