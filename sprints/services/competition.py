"""Renewed competition: sealed written answers, scored and awarded after the deadline."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as

from ..enums import (
    CallOffState,
)
from ..models import (
    CallOff,
    CompetitionAnswer,
    FacilitatorTeam,
)
from ..selectors import competition_is_sealed
from ._common import (
    _book,
    _check_manage,
    _confirm_sessions,
    _end_sessions,
    _municipal_recipients,
    _notify_all,
    _now,
    _supplier_recipients,
    _transition,
    release_expired_holds,
)


def competition_answer_submit(
    *, call_off: CallOff, by, price_sek: Decimal, approach: str, team: FacilitatorTeam
) -> CompetitionAnswer:
    """A supplier's written answer; it may be revised until the deadline, never above ceiling."""
    if not (by.is_authenticated and by.has_role("supplier")) or by.organization_id not in {
        supplier_id for supplier_id, _rank in call_off.ranking
    }:
        raise PermissionDenied(_("Only suppliers consulted in the competition may answer."))
    if call_off.state != CallOffState.COMPETITION:
        raise ValidationError(_("The competition is not open."))
    if _now() >= call_off.competition_deadline:
        raise ValidationError(_("The deadline for answers has passed."))
    ceiling = Decimal(call_off.prices[str(by.organization_id)])
    errors = {}
    if price_sek is None or price_sek <= 0:
        errors["price_sek"] = _("Enter a price.")
    elif price_sek > ceiling:
        errors["price_sek"] = _(
            "The price may not exceed the agreement's ceiling price of %(ceiling)s SEK."
        ) % {"ceiling": ceiling}
    if not approach.strip():
        errors["approach"] = _("Describe your approach and team.")
    if team is None or team.supplier_id != by.organization_id:
        errors["team"] = _("Choose one of your own facilitator teams.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by, reason="competition answer"):
        answer, _created = CompetitionAnswer.objects.update_or_create(
            call_off=call_off,
            supplier_id=by.organization_id,
            defaults={
                "submitted_by": by,
                "price_sek": price_sek,
                "approach": approach.strip(),
                "team": team,
            },
        )
    return answer


def competition_award(
    *, call_off: CallOff, by, quality_scores: dict[int, int]
) -> CompetitionAnswer:
    """Open the sealed answers after the deadline, score them, book the best.

    Total = price weight × (lowest price / price) + quality weight × (quality / 10).
    """
    _check_manage(call_off, by)
    if call_off.state != CallOffState.COMPETITION:
        raise ValidationError(_("The competition is not open."))
    if competition_is_sealed(call_off):
        raise ValidationError(_("The answers stay sealed until the deadline has passed."))
    with transaction.atomic(), acting_as(by, reason="competition awarded"):
        call_off = CallOff.objects.select_for_update().get(pk=call_off.pk)
        answers = list(call_off.competition_answers.select_for_update().select_related("team"))
        if not answers:
            raise ValidationError(_("No supplier answered."))
        for answer in answers:
            score = quality_scores.get(answer.pk)
            if score is None or not 0 <= int(score) <= 10:
                raise ValidationError(_("Give every answer a quality score from 0 to 10."))
        lowest = min(answer.price_sek for answer in answers)
        weight = Decimal(call_off.price_weight)
        for answer in answers:
            answer.quality_score = int(quality_scores[answer.pk])
            answer.total_score = (
                weight * lowest / answer.price_sek
                + (Decimal(100) - weight) * Decimal(answer.quality_score) / Decimal(10)
            ).quantize(Decimal("0.01"))
            answer.save(update_fields=["quality_score", "total_score", "updated_at"])
        winner = sorted(answers, key=lambda a: (-a.total_score, a.price_sek, a.created_at))[0]
        release_expired_holds()
        try:
            _confirm_sessions(call_off, winner.team)
        except IntegrityError:
            raise ValidationError(
                _("The winner's team or the room is no longer free at that time.")
            ) from None
        _book(
            call_off, supplier_id=winner.supplier_id, team=winner.team, price_sek=winner.price_sek
        )
        for answer in answers:
            _notify_all(
                _supplier_recipients(answer.supplier_id),
                event="sprints.competition_result",
                title=gettext_lazy("Result of the renewed competition"),
                body=gettext_lazy("The renewed competition has been decided; see the result."),
                call_off=call_off,
                key=f"sprints:competition-result:{call_off.pk}",
            )
    return winner


def competition_close_empty(*, call_off_id: int) -> None:
    with transaction.atomic(), acting_as(None, reason="competition without answers"):
        call_off = CallOff.objects.select_for_update().get(pk=call_off_id)
        if call_off.state != CallOffState.COMPETITION or call_off.competition_answers.exists():
            return
        if competition_is_sealed(call_off):
            return
        _transition(call_off, CallOffState.NO_SUPPLIER)
        call_off.value_sek = Decimal("0")
        call_off.closed_message = _("No supplier answered the renewed competition in time.")
        call_off.save(update_fields=["state", "value_sek", "closed_message", "updated_at"])
        _end_sessions(call_off, cancelled=False)
        _notify_all(
            _municipal_recipients(call_off),
            event="sprints.no_supplier",
            title=gettext_lazy("No supplier took the call-off"),
            body=gettext_lazy("No supplier answered the renewed competition in time."),
            call_off=call_off,
            key=f"sprints:no-supplier:{call_off.pk}",
        )
