"""Starting a procurement case from a challenge (procurements → needs, never back)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from needs import services as need_services
from procurements.services import procurement_start_from_challenge
from tests.factories.needs import ChallengeFactory, NeedFactory


@pytest.fixture
def challenge(network, ystad):
    return ChallengeFactory(network=network, owner_organization=ystad, title="Rena och torra golv")


def test_start_links_both_ways(challenge, coordinator, neighbour, trelleborg, staff):
    need = NeedFactory(author=staff, challenge=challenge)
    need_services.challenge_join(challenge=challenge, by=neighbour)
    case = procurement_start_from_challenge(challenge=challenge, by=coordinator)
    assert list(challenge.procurement_cases.all()) == [case]
    assert case.lead_organization == challenge.owner_organization
    assert set(case.participating_organizations.all()) == {challenge.owner_organization, trelleborg}
    assert list(case.needs.all()) == [need]


def test_start_by_staff_is_refused(challenge, staff):
    with pytest.raises(PermissionDenied):
        procurement_start_from_challenge(challenge=challenge, by=staff)


def test_start_view(client, challenge, coordinator):
    client.force_login(coordinator)
    url = reverse("procurements:case-from-challenge", args=[challenge.pk])
    response = client.post(url, {"title": "Golv"})
    case = challenge.procurement_cases.get()
    assert case.title == "Golv"
    assert response.url == case.get_absolute_url()
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Golv" in page and url in page


def test_start_view_blank_title_takes_the_challenges(client, challenge, coordinator):
    client.force_login(coordinator)
    client.post(reverse("procurements:case-from-challenge", args=[challenge.pk]), {"title": ""})
    assert challenge.procurement_cases.get().title == challenge.title


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("neighbour", 403), ("outsider", 404), ("supplier_user", 404)],
)
def test_start_view_refused(client, challenge, request, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("procurements:case-from-challenge", args=[challenge.pk])
    assert client.post(url).status_code == status
    assert not challenge.procurement_cases.exists()


def test_start_view_only_posts(client, challenge, coordinator):
    client.force_login(coordinator)
    url = reverse("procurements:case-from-challenge", args=[challenge.pk])
    assert client.get(url).status_code == 405
