"""Renewed competition: sealed answers, the award, no answers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sprints import services
from sprints.enums import (
    CallOffState,
)
from sprints.models import CallOff


def test_competition_consults_every_supplier_and_refuses_above_ceiling(
    competition, pwc, hiq, aventyret
):
    assert set(competition.addressed_to.all()) == {pwc.org, hiq.org, aventyret.org}
    assert not competition.offers.exists()
    with pytest.raises(ValidationError) as exc:
        services.competition_answer_submit(
            call_off=competition,
            by=hiq.user,
            price_sek=Decimal("240000"),
            approach="x",
            team=hiq.team,
        )
    assert "ceiling" in exc.value.message_dict["price_sek"][0]


def test_competition_is_sealed_then_best_answer_wins(competition, staff, pwc, hiq, aventyret):
    services.competition_answer_submit(
        call_off=competition, by=pwc.user, price_sek=Decimal("250000"), approach="A", team=pwc.team
    )
    services.competition_answer_submit(
        call_off=competition, by=hiq.user, price_sek=Decimal("200000"), approach="B", team=hiq.team
    )
    with pytest.raises(ValidationError, match="sealed"):
        services.competition_award(call_off=competition, by=staff, quality_scores={})
    CallOff.objects.filter(pk=competition.pk).update(
        competition_deadline=timezone.now() - timedelta(minutes=1)
    )
    competition.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline"):
        services.competition_answer_submit(
            call_off=competition,
            by=aventyret.user,
            price_sek=Decimal("1"),
            approach="C",
            team=aventyret.team,
        )
    answers = {a.supplier_id: a.pk for a in competition.competition_answers.all()}
    winner = services.competition_award(
        call_off=competition,
        by=staff,
        quality_scores={answers[pwc.org.pk]: 10, answers[hiq.org.pk]: 6},
    )
    # PwC: 40*0.8 + 60*1.0 = 92; HiQ: 40 + 36 = 76
    assert winner.supplier == pwc.org and winner.total_score == Decimal("92.00")
    competition.refresh_from_db()
    assert (competition.state, competition.supplier, competition.price_sek) == (
        CallOffState.BOOKED,
        pwc.org,
        Decimal("250000"),
    )


def test_competition_without_answers_ends_no_supplier(competition):
    CallOff.objects.filter(pk=competition.pk).update(
        competition_deadline=timezone.now() - timedelta(minutes=1)
    )
    services.offers_sweep()
    competition.refresh_from_db()
    assert competition.state == CallOffState.NO_SUPPLIER
