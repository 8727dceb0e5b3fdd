"""Evaluation: evaluators declare no conflict of interest, score, agree; rounds are logged."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.history import acting_as

from ..enums import BidStatus, EventKind, RoundKind, Stage
from ..models import (
    AgreedScore,
    Bid,
    CaseEvaluator,
    NegotiationRound,
    ProcurementCase,
    RequirementCheck,
    Score,
)
from .cases import case_event
from .negotiation import set_aside_reasons

DISAGREEMENT_SPREAD = 2  # evaluators disagree when their scores differ by this much or more


def _opened_bid(bid) -> None:
    if bid.supplier_id is None or bid.status != BidStatus.SUBMITTED:
        raise ValidationError(_("Only opened, valid bids are evaluated."))


def evaluator_assign(*, case, user, by) -> CaseEvaluator:
    if not (user.is_municipal and user.organization_id in _case_org_ids(case)):
        raise ValidationError({"user": _("An evaluator must work for a municipality of the case.")})
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    with acting_as(by, reason="evaluator assigned"):
        evaluator, _created = CaseEvaluator.objects.get_or_create(case=case, user=user)
    return evaluator


def _case_org_ids(case) -> set[int]:
    return {case.lead_organization_id} | set(
        case.participating_organizations.values_list("pk", flat=True)
    )


def evaluator_declare(*, case, user, declaration: str = "") -> CaseEvaluator:
    """The evaluator declares no conflict of interest; only then may they see bids.

    A case officer declares the same way (and is then listed with the evaluators): no one
    sees bid content or records agreed scores without a declaration."""
    from ..permissions import is_case_officer

    evaluator = CaseEvaluator.objects.filter(case=case, user=user).first()
    if evaluator is None and is_case_officer(user, case):
        with acting_as(user, reason="officer declares"):
            evaluator, _created = CaseEvaluator.objects.get_or_create(case=case, user=user)
    if evaluator is None:
        raise ValidationError(_("You are not an evaluator of this case."))
    if evaluator.declared_at:
        return evaluator
    with acting_as(user, reason="no conflict of interest declared"):
        evaluator.declared_at = timezone.now()
        evaluator.declaration = declaration.strip() or _(
            "I have no conflict of interest with any supplier in this procurement."
        )
        evaluator.save(update_fields=["declared_at", "declaration", "updated_at"])
        case_event(
            case=case,
            kind=EventKind.EVALUATION,
            summary=gettext_noop("%(name)s declared no conflict of interest"),
            data={"name": str(user)},
            actor=user,
        )
    return evaluator


def _check_evaluating(case) -> None:
    if case.stage != Stage.EVALUATION:
        raise ValidationError(_("Scores are recorded in the evaluation stage."))
    if case.evaluation_completed_at:
        raise ValidationError(_("The evaluation is completed; scores are locked."))


def _check_scale(tender, score) -> int:
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = None
    if value is None or not tender.scale_min <= value <= tender.scale_max:
        raise ValidationError(
            {
                "score": _("The score must be between %(min)s and %(max)s.")
                % {"min": tender.scale_min, "max": tender.scale_max}
            }
        )
    return value


def score_record(*, bid: Bid, criterion, evaluator, score, justification: str) -> Score:
    tender = bid.tender
    case = tender.case
    _check_evaluating(case)
    _opened_bid(bid)
    if bid.is_rejected:
        raise ValidationError(_("A rejected bid is not scored."))
    if criterion.tender_id != tender.pk:
        raise ValidationError({"criterion": _("The criterion belongs to another tender.")})
    if not CaseEvaluator.objects.filter(
        case=case, user=evaluator, declared_at__isnull=False
    ).exists():
        raise ValidationError(_("Declare that you have no conflict of interest first."))
    value = _check_scale(tender, score)
    if not justification.strip():
        raise ValidationError({"justification": _("Justify the score.")})
    with acting_as(evaluator, reason="bid scored"):
        obj, _created = Score.objects.update_or_create(
            bid=bid,
            criterion=criterion,
            evaluator=evaluator,
            defaults={"score": value, "justification": justification.strip()},
        )
    return obj


def _check_declared_officer(case, user) -> None:
    """Agreed scores and requirement checks need a case officer who declared no conflict
    of interest."""
    from ..permissions import is_case_officer

    if not is_case_officer(user, case):
        raise PermissionDenied(_("Only the case's officers record this."))
    if not CaseEvaluator.objects.filter(case=case, user=user, declared_at__isnull=False).exists():
        raise ValidationError(_("Declare that you have no conflict of interest first."))


def agreed_score_record(*, bid: Bid, criterion, by, score, justification: str) -> AgreedScore:
    """The consensus the evaluators reached, recorded by a case officer who declared."""
    _check_evaluating(bid.tender.case)
    _check_declared_officer(bid.tender.case, by)
    _opened_bid(bid)
    if criterion.tender_id != bid.tender_id:
        raise ValidationError({"criterion": _("The criterion belongs to another tender.")})
    value = _check_scale(bid.tender, score)
    if not justification.strip():
        raise ValidationError({"justification": _("Justify the agreed score.")})
    with acting_as(by, reason="agreed score recorded"):
        obj, _created = AgreedScore.objects.update_or_create(
            bid=bid,
            criterion=criterion,
            defaults={"score": value, "justification": justification.strip(), "recorded_by": by},
        )
    return obj


def requirement_check_record(*, bid: Bid, requirement, by, passed: bool, note: str = ""):
    """Pass/fail on a mandatory requirement; a failed one rejects the bid (with the reason)."""
    _check_evaluating(bid.tender.case)
    _check_declared_officer(bid.tender.case, by)
    _opened_bid(bid)
    if requirement.tender_id != bid.tender_id:
        raise ValidationError({"requirement": _("The requirement belongs to another tender.")})
    if not passed and not note.strip():
        raise ValidationError({"note": _("Say why the requirement is not met.")})
    with transaction.atomic(), acting_as(by, reason="requirement checked"):
        check, _created = RequirementCheck.objects.update_or_create(
            bid=bid,
            requirement=requirement,
            defaults={"passed": passed, "note": note.strip(), "checked_by": by},
        )
        failed = list(
            RequirementCheck.objects.filter(bid=bid, passed=False).select_related("requirement")
        )
        # A candidate set aside in a negotiation round stays set aside whatever the check.
        bid.rejected_reason = "; ".join(
            [
                _("Mandatory requirement not met: %(req)s (%(note)s)")
                % {"req": c.requirement.text, "note": c.note}
                for c in failed
            ]
            + set_aside_reasons(bid)
        )
        bid.save(update_fields=["rejected_reason", "updated_at"])
    return check


def negotiation_round_log(*, case, bid, by, kind: str, held_on, notes: str) -> NegotiationRound:
    rules = case.procedure_rules
    if case.stage not in (Stage.EVALUATION, Stage.TENDER):
        raise ValidationError(_("Rounds with bidders are logged during tender and evaluation."))
    _opened_bid(bid)
    if bid.tender.case_id != case.pk:
        raise ValidationError({"bid": _("The bid belongs to another case.")})
    if not notes.strip():
        raise ValidationError({"notes": _("Write down what was said.")})
    if kind == RoundKind.NEGOTIATION:
        done = NegotiationRound.objects.filter(
            case=case, bid=bid, kind=RoundKind.NEGOTIATION
        ).count()
        if done >= rules.negotiation_rounds:
            raise ValidationError(
                {
                    "kind": _("This procedure allows %(n)s negotiation rounds per bidder.")
                    % {"n": rules.negotiation_rounds}
                }
            )
    with transaction.atomic():
        row = NegotiationRound.objects.create(
            case=case, bid=bid, kind=kind, held_on=held_on, notes=notes.strip(), logged_by=by
        )
        case_event(
            case=case,
            kind=EventKind.NEGOTIATION,
            summary=gettext_noop("%(kind)s with %(supplier)s on %(date)s"),
            detail=notes.strip(),
            data={"kind": kind, "supplier": bid.supplier.name, "date": held_on.isoformat()},
            actor=by,
        )
    return row


@dataclass
class BidResult:
    bid: Bid
    criteria: list = field(default_factory=list)  # [{criterion, scores, mean, spread, agreed}]
    total: Decimal = Decimal("0")
    disagreement: bool = False
    complete: bool = False
    rank: int | None = None


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluation_results(tender) -> list[BidResult]:
    """Weighted totals (out of 100) and ranking of the opened, valid bids.

    Per criterion the agreed score counts where recorded, else the evaluators' mean:
    total = Σ weight × (score − min) / (max − min). Five queries whatever the size.
    """
    criteria = list(tender.criteria.all())
    bids = list(
        Bid.objects.filter(
            tender=tender, status=BidStatus.SUBMITTED, supplier__isnull=False
        ).select_related("supplier")
    )
    scores: dict = {}
    for s in Score.objects.filter(bid__in=bids).select_related("evaluator"):
        scores.setdefault((s.bid_id, s.criterion_id), []).append(s)
    agreed = {(a.bid_id, a.criterion_id): a for a in AgreedScore.objects.filter(bid__in=bids)}
    span = Decimal(tender.scale_max - tender.scale_min)
    results = []
    for bid in bids:
        result = BidResult(bid=bid, complete=bool(criteria))
        for criterion in criteria:
            given = scores.get((bid.pk, criterion.pk), [])
            values = [s.score for s in given]
            mean = _q(Decimal(sum(values)) / len(values)) if values else None
            spread = (max(values) - min(values)) if values else 0
            agreed_row = agreed.get((bid.pk, criterion.pk))
            used = agreed_row.score if agreed_row else mean
            if spread >= DISAGREEMENT_SPREAD:
                result.disagreement = True
            if agreed_row is None:
                result.complete = False
            if used is not None:
                result.total += (
                    Decimal(criterion.weight) * (Decimal(used) - tender.scale_min) / span
                )
            result.criteria.append(
                {
                    "criterion": criterion,
                    "scores": given,
                    "mean": mean,
                    "spread": spread,
                    "disagree": spread >= DISAGREEMENT_SPREAD,
                    "agreed": agreed_row,
                }
            )
        result.total = _q(result.total)
        results.append(result)
    ranked = sorted(
        (r for r in results if not r.bid.is_rejected), key=lambda r: r.total, reverse=True
    )
    for position, result in enumerate(ranked, start=1):
        result.rank = position
    return ranked + [r for r in results if r.bid.is_rejected]


def evaluation_complete(*, case: ProcurementCase, by) -> ProcurementCase:
    """Lock the evaluation: every requirement checked, every valid bid with agreed scores."""
    _check_evaluating(case)
    tender = case.tender
    results = evaluation_results(tender)
    requirements = tender.requirements.count()
    problems = []
    for result in results:
        if result.bid.requirement_checks.count() < requirements:
            problems.append(
                _("Check every mandatory requirement for %(s)s.") % {"s": result.bid.supplier.name}
            )
        if not result.bid.is_rejected and not result.complete:
            problems.append(_("Record agreed scores for %(s)s.") % {"s": result.bid.supplier.name})
    if not results:
        problems.append(_("There are no bids to evaluate."))
    from .negotiation import negotiation_problems

    problems.extend(negotiation_problems(tender))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(), acting_as(by, reason="evaluation completed"):
        case = ProcurementCase.objects.select_for_update().get(pk=case.pk)
        case.evaluation_completed_at = timezone.now()
        case.save(update_fields=["evaluation_completed_at", "updated_at"])
        winner = next((r for r in results if r.rank == 1), None)
        case_event(
            case=case,
            kind=EventKind.EVALUATION,
            summary=gettext_noop("Evaluation completed; ranked first: %(winner)s"),
            data={"winner": winner.bid.supplier.name if winner else "–"},
            actor=by,
        )
    return case
