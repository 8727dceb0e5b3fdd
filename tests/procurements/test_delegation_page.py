"""The delegation list page: a municipality keeps its own list of who decides, without the
Django admin (issue 22, from an empty install)."""

import pytest
from django.urls import reverse

from procurements.models import DelegationEntry
from tests.factories.organizations import UserFactory

URL = reverse("procurements:delegation-list")


@pytest.fixture
def admin(ystad):
    return UserFactory(organization=ystad, roles=["admin"], email="admin@ystad.test")


def _post(client, user, **data):
    client.force_login(user)
    return client.post(URL, {"may_award": "on", "may_cancel": "on", **data})


def test_delegation_list_admin_adds_a_role(client, admin, coordinator):
    response = _post(client, admin, role_title="Upphandlingschef", holder=coordinator.pk)
    assert response.status_code == 302
    entry = DelegationEntry.objects.get()
    assert (entry.organization, entry.role_title, entry.holder, entry.may_award) == (
        admin.organization,
        "Upphandlingschef",
        coordinator,
        True,
    )
    page = client.get(URL)
    assert page.status_code == 200
    assert "Upphandlingschef" in page.content.decode()


def test_delegation_list_holder_of_another_municipality_refused(client, admin, vaxjo):
    stranger = UserFactory(organization=vaxjo, roles=["coordinator"])
    response = _post(client, admin, role_title="Upphandlingschef", holder=stranger.pk)
    assert response.status_code == 400
    assert not DelegationEntry.objects.exists()


def test_delegation_list_same_role_twice_gets_a_message(client, admin, coordinator):
    _post(client, admin, role_title="Upphandlingschef", holder=coordinator.pk)
    response = _post(client, admin, role_title="Upphandlingschef", holder=coordinator.pk)
    assert response.status_code == 400
    assert DelegationEntry.objects.count() == 1


@pytest.mark.parametrize("who", ["officer", "staff", "supplier"])
def test_delegation_list_refused_to_others(client, who, officer, staff, supplier_org):
    user = {
        "officer": officer,
        "staff": staff,
        "supplier": UserFactory(organization=supplier_org, roles=["supplier"]),
    }[who]
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert _post(client, user, role_title="X", holder=user.pk).status_code == 403
    assert not DelegationEntry.objects.exists()
