"""Writes for prioritisation rounds: create, open, score, decide."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.services import notify

from ..enums import (
    DEFAULT_CRITERIA,
    ROUND_ALLOWED_TRANSITIONS,
    RoundStatus,
)
from ..models import (
    Challenge,
    PriorityCriterion,
    PriorityRound,
    PriorityScore,
    RoundChallenge,
)
from .common import (
    _lazy,
    _require,
)


def round_create(
    *,
    by,
    network,
    title: str,
    challenges: Iterable[Challenge],
    participants: Iterable = (),
    criteria: Iterable[tuple[str, str]] | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    description: str = "",
    deadline=None,
) -> PriorityRound:
    """A coordinator prepares a round over challenges of one network, with criteria."""
    _require(by, "needs.add_round")
    challenges = list(challenges)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the round a title.")
    if not challenges:
        errors["challenges"] = _("Choose at least one challenge.")
    elif any(c.network_id != network.pk for c in challenges):
        errors["challenges"] = _("Every challenge must belong to the round's network.")
    if not (0 <= scale_min < scale_max <= 10):
        errors["scale_max"] = _("The scale must run upwards, from 0 or more to at most 10.")
    if not by.is_platform_admin and not network.members.filter(pk=by.organization_id).exists():
        errors["network"] = _("Choose one of your networks.")
    if errors:
        raise ValidationError(errors)
    criteria = list(criteria) if criteria else [(str(n), str(d)) for n, d in DEFAULT_CRITERIA]
    with transaction.atomic(), acting_as(by, reason="prioritisation round created"):
        priority_round = PriorityRound.objects.create(
            network=network,
            title=title.strip(),
            description=(description or "").strip(),
            scale_min=scale_min,
            scale_max=scale_max,
            created_by=by,
            deadline=deadline,
        )
        RoundChallenge.objects.bulk_create(
            RoundChallenge(round=priority_round, challenge=c) for c in challenges
        )
        PriorityCriterion.objects.bulk_create(
            PriorityCriterion(round=priority_round, name=name, description=desc, order=i)
            for i, (name, desc) in enumerate(criteria)
        )
        priority_round.participants.set(participants)
    return priority_round


def round_transition(*, priority_round: PriorityRound, to: str, by) -> PriorityRound:
    """The one way a round changes status (decided only through `round_decide`)."""
    _require(by, "needs.manage_round", priority_round)
    with transaction.atomic(), acting_as(by, reason=f"round {to}"):
        locked = PriorityRound.objects.select_for_update().get(pk=priority_round.pk)
        if to not in ROUND_ALLOWED_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(
                _("A round that is “%(from)s” cannot become “%(to)s”.")
                % {"from": RoundStatus(locked.status).label, "to": RoundStatus(to).label}
            )
        if to == RoundStatus.OPEN and not locked.participants.exists():
            raise ValidationError(_("Add participants before opening the round."))
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        if to == RoundStatus.OPEN:
            for user in locked.participants.all():
                notify(
                    recipient=user,
                    event="needs.round_opened",
                    title=_lazy(
                        gettext_lazy("Please score the challenges in “%(title)s”"),
                        {"title": locked.title},
                    ),
                    url=locked.get_absolute_url(),
                    dedupe_key=f"needs.round-open:{locked.pk}:{user.pk}",
                )
    return locked


def score_set(
    *, priority_round: PriorityRound, participant, challenge: Challenge, criterion, value
) -> PriorityScore:
    """A participant scores a challenge on a criterion (again: the score is replaced)."""
    _require(participant, "needs.score_round", priority_round)
    try:
        value = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"value": _("Give a whole number.")}) from exc
    if not priority_round.round_challenges.filter(challenge=challenge).exists():
        raise ValidationError({"challenge": _("That challenge is not in this round.")})
    if criterion.round_id != priority_round.pk:
        raise ValidationError({"criterion": _("That criterion is not in this round.")})
    if not (priority_round.scale_min <= value <= priority_round.scale_max):
        raise ValidationError(
            {
                "value": _("A score runs from %(min)s to %(max)s.")
                % {"min": priority_round.scale_min, "max": priority_round.scale_max}
            }
        )
    try:
        with transaction.atomic():
            score, _created = PriorityScore.objects.update_or_create(
                criterion=criterion,
                challenge=challenge,
                participant=participant,
                defaults={
                    "round": priority_round,
                    "value": value,
                    "scale_min": priority_round.scale_min,
                    "scale_max": priority_round.scale_max,
                },
            )
    except IntegrityError as exc:
        raise ValidationError({"value": _("The score is outside the scale.")}) from exc
    return score


def round_decide(
    *, priority_round: PriorityRound, by, decision: str, selected: Iterable[Challenge]
) -> PriorityRound:
    """Record the decision of a closed round and which challenges were chosen."""
    _require(by, "needs.manage_round", priority_round)
    decision = (decision or "").strip()
    selected = list(selected)
    if not decision:
        raise ValidationError({"decision": _("Write down the decision.")})
    if not selected:
        raise ValidationError({"selected": _("Choose at least one challenge.")})
    with transaction.atomic(), acting_as(by, reason="prioritisation decided"):
        locked = PriorityRound.objects.select_for_update().get(pk=priority_round.pk)
        if RoundStatus.DECIDED not in ROUND_ALLOWED_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(_("Close the round before recording the decision."))
        in_round = set(locked.round_challenges.values_list("challenge_id", flat=True))
        if any(c.pk not in in_round for c in selected):
            raise ValidationError({"selected": _("That challenge is not in this round.")})
        locked.round_challenges.update(selected=False)
        locked.round_challenges.filter(challenge__in=selected).update(selected=True)
        locked.status = RoundStatus.DECIDED
        locked.decision = decision
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decision", "decided_at", "decided_by", "updated_at"])
    return locked
