"""Prioritisation rounds: criteria, scores, ranking and the decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from needs import services
from needs.enums import RoundStatus
from needs.models import (
    PriorityScore,
)
from needs.selectors import round_ranking
from tests.factories.needs import ChallengeFactory

# --- Prioritisation ---------------------------------------------------------------------


@pytest.fixture
def priority_round(coordinator, network, ystad, staff, neighbour):
    a = ChallengeFactory(network=network, owner_organization=ystad, title="A")
    b = ChallengeFactory(network=network, owner_organization=ystad, title="B")
    r = services.round_create(
        by=coordinator,
        network=network,
        title="Prio",
        challenges=[a, b],
        participants=[staff, neighbour],
    )
    services.round_transition(priority_round=r, to=RoundStatus.OPEN, by=coordinator)
    r.refresh_from_db()
    return r


def test_round_has_default_criteria(priority_round):
    assert priority_round.criteria.count() == 4
    assert (priority_round.scale_min, priority_round.scale_max) == (1, 5)


def test_score_outside_scale_is_refused(priority_round, staff):
    challenge = priority_round.challenges.first()
    criterion = priority_round.criteria.first()
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError):
            services.score_set(
                priority_round=priority_round,
                participant=staff,
                challenge=challenge,
                criterion=criterion,
                value=bad,
            )
    assert not PriorityScore.objects.exists()


def test_score_outside_scale_refused_by_database(priority_round, staff):
    challenge = priority_round.challenges.first()
    criterion = priority_round.criteria.first()
    for kwargs in ({"value": 6, "scale_max": 5}, {"value": 6, "scale_max": 7}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PriorityScore.objects.create(
                round=priority_round,
                challenge=challenge,
                criterion=criterion,
                participant=staff,
                scale_min=1,
                **kwargs,
            )


def test_score_by_non_participant_is_refused(priority_round, coordinator):
    with pytest.raises(PermissionDenied):
        services.score_set(
            priority_round=priority_round,
            participant=coordinator,
            challenge=priority_round.challenges.first(),
            criterion=priority_round.criteria.first(),
            value=3,
        )


def test_ranking_mean_and_spread(priority_round, staff, neighbour):
    a, b = priority_round.challenges.order_by("title")
    for criterion in priority_round.criteria.all():
        for user, va, vb in ((staff, 5, 2), (neighbour, 3, 2)):
            services.score_set(
                priority_round=priority_round,
                participant=user,
                challenge=a,
                criterion=criterion,
                value=va,
            )
            services.score_set(
                priority_round=priority_round,
                participant=user,
                challenge=b,
                criterion=criterion,
                value=vb,
            )
    ranking = round_ranking(priority_round)
    assert [r["challenge"] for r in ranking] == [a, b]
    assert (ranking[0]["mean"], ranking[0]["min"], ranking[0]["max"]) == (4.0, 3, 5)
    assert ranking[0]["stddev"] == pytest.approx(1.0)
    assert (ranking[0]["participants"], ranking[1]["stddev"]) == (2, 0.0)


def test_round_decide_requires_closed_round_and_decision(priority_round, coordinator):
    a = priority_round.challenges.first()
    with pytest.raises(ValidationError):
        services.round_decide(
            priority_round=priority_round, by=coordinator, decision="Ja", selected=[a]
        )
    services.round_transition(priority_round=priority_round, to=RoundStatus.CLOSED, by=coordinator)
    with pytest.raises(ValidationError):
        services.round_decide(
            priority_round=priority_round, by=coordinator, decision=" ", selected=[a]
        )
    decided = services.round_decide(
        priority_round=priority_round, by=coordinator, decision="A går vidare", selected=[a]
    )
    assert decided.status == RoundStatus.DECIDED
    assert list(
        decided.round_challenges.filter(selected=True).values_list("challenge", flat=True)
    ) == [a.pk]


def test_round_transition_refused(priority_round, coordinator, staff):
    with pytest.raises(ValidationError):
        services.round_transition(
            priority_round=priority_round, to=RoundStatus.DRAFT, by=coordinator
        )
    with pytest.raises(PermissionDenied):
        services.round_transition(priority_round=priority_round, to=RoundStatus.CLOSED, by=staff)


@pytest.fixture
def open_round(coordinator, network, ystad, staff):
    a = ChallengeFactory(network=network, owner_organization=ystad, title="A")
    r = services.round_create(
        by=coordinator, network=network, title="Prio", challenges=[a], participants=[staff]
    )
    return services.round_transition(priority_round=r, to=RoundStatus.OPEN, by=coordinator)


def test_round_score_view_outside_scale_changes_nothing(client, open_round, staff):
    client.force_login(staff)
    challenge = open_round.challenges.get()
    first, second = open_round.criteria.all()[:2]
    response = client.post(
        reverse("needs:round-score", args=[open_round.pk]),
        {f"score-{challenge.pk}-{first.pk}": "4", f"score-{challenge.pk}-{second.pk}": "9"},
        follow=True,
    )
    assert "1" in response.content.decode() and not PriorityScore.objects.exists()
    client.post(
        reverse("needs:round-score", args=[open_round.pk]),
        {f"score-{challenge.pk}-{first.pk}": "4"},
    )
    assert list(PriorityScore.objects.values_list("value", flat=True)) == [4]


def test_round_detail_for_outsider_is_404(client, open_round, outsider):
    client.force_login(outsider)
    assert client.get(open_round.get_absolute_url()).status_code == 404


def test_round_decide_view(client, open_round, coordinator):
    client.force_login(coordinator)
    client.post(reverse("needs:round-transition", args=[open_round.pk]), {"to": "closed"})
    challenge = open_round.challenges.get()
    client.post(
        reverse("needs:round-decide", args=[open_round.pk]),
        {"decision": "A går vidare", "selected": [challenge.pk]},
    )
    open_round.refresh_from_db()
    assert open_round.status == "decided"
    assert "A går vidare" in client.get(open_round.get_absolute_url()).content.decode()
