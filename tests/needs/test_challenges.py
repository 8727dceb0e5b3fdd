"""Challenges: creating, joining, their list and page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from needs import services
from needs.models import (
    ChallengeParticipation,
)
from tests.factories.needs import ChallengeFactory, NeedFactory
from tests.factories.organizations import UserFactory

# --- Challenges -------------------------------------------------------------------------


def test_challenge_create_takes_needs_in(need, coordinator, network):
    challenge = services.challenge_create(by=coordinator, title="Torra golv", needs=[need])
    need.refresh_from_db()
    assert (need.status, need.challenge, challenge.network) == ("in_challenge", challenge, network)


def test_challenge_create_empty_title_refused(coordinator):
    with pytest.raises(ValidationError):
        services.challenge_create(by=coordinator, title=" ")


def test_we_have_this_need_too_once_per_municipality(challenge, neighbour, trelleborg):
    services.challenge_join(challenge=challenge, by=neighbour, note="Samma hos oss")
    other = UserFactory(organization=trelleborg)
    with pytest.raises(ValidationError) as exc:
        services.challenge_join(challenge=challenge, by=other, note="Vi med")
    assert "redan" in exc.value.messages[0] or "already" in exc.value.messages[0]
    assert ChallengeParticipation.objects.count() == 1


def test_owner_municipality_cannot_join_own_challenge(challenge, staff):
    with pytest.raises(PermissionDenied):
        services.challenge_join(challenge=challenge, by=staff)


# --- Challenges -------------------------------------------------------------------------


def test_challenge_join_twice_shows_message(client, challenge, neighbour):
    client.force_login(neighbour)
    url = reverse("needs:challenge-join", args=[challenge.pk])
    client.post(url, {"note": "Samma här"})
    response = client.post(url, {"note": "Igen"}, follow=True)
    assert "redan" in response.content.decode() or "already" in response.content.decode()
    assert ChallengeParticipation.objects.count() == 1
    assert "Samma här" in client.get(challenge.get_absolute_url()).content.decode()


def test_challenge_of_other_network_is_404(client, challenge, outsider, supplier_user):
    for user in (outsider, supplier_user):
        client.force_login(user)
        assert client.get(challenge.get_absolute_url()).status_code == 404
        url = reverse("needs:challenge-join", args=[challenge.pk])
        assert client.post(url).status_code == 404


def test_challenge_create_view_from_need(client, need, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("needs:challenge-create") + f"?need={need.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("needs:challenge-create"),
        {
            "title": "Torra golv",
            "description": "x",
            "owner_organization": coordinator.organization_id,
            "needs": [need.pk],
        },
    )
    need.refresh_from_db()
    assert need.status == "in_challenge"
    assert response.url == need.challenge.get_absolute_url()


def test_challenge_create_forged_need_of_other_network_refused(client, coordinator, outsider):
    foreign = NeedFactory(author=outsider)
    client.force_login(coordinator)
    response = client.post(
        reverse("needs:challenge-create"),
        {"title": "T", "owner_organization": coordinator.organization_id, "needs": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "needs" in response.context["form"].errors


def test_challenge_list_query_count(
    client, network, ystad, neighbour, django_assert_max_num_queries
):
    ChallengeFactory(network=network, owner_organization=ystad)
    client.force_login(neighbour)
    with django_assert_max_num_queries(10):
        client.get(reverse("needs:challenge-list"))
    for _ in range(20):
        ChallengeFactory(network=network, owner_organization=ystad)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("needs:challenge-list"))
    assert len(response.context["page_obj"]) == 21
