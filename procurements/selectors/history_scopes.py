"""Who may read the history of which procurement rows (registered with `core.history`)."""

from django.db.models import Q, QuerySet

from core import history

from ..models import (
    AwardDecision,
    CaseEvaluator,
    Contract,
    ContractPhase,
    DecisionProposal,
    DelegationEntry,
    EffectIndicator,
    ProcurementCase,
    ReviewApplication,
    Tender,
)
from ..permissions import is_case_officer
from .cases import _by_case, contracts_for_user, procurements_for_user

history.register(ProcurementCase, procurements_for_user)
history.register(Contract, contracts_for_user)
history.register(Tender, lambda user: Tender.objects.filter(case__in=procurements_for_user(user)))
history.register(AwardDecision, _by_case(AwardDecision))
history.register(ReviewApplication, _by_case(ReviewApplication))


def _decision_proposals_for_history(user) -> QuerySet:
    """As `decision_proposals_for_case`, for every case at once (history pages)."""
    if not user or not user.is_authenticated or not user.is_municipal:
        return DecisionProposal.objects.none()
    mine = (
        Q(delegation__holder=user.pk)
        | Q(case__responsible_officer=user.pk)
        | Q(case__team=user.pk)
        | Q(case__evaluators__user=user.pk, case__evaluators__declared_at__isnull=False)
    )
    if user.has_role("officer", "coordinator"):
        mine |= Q(case__lead_organization_id=user.organization_id)
    return DecisionProposal.objects.filter(
        mine, case__in=procurements_for_user(user).values("pk")
    ).distinct()


history.register(DecisionProposal, _decision_proposals_for_history)
history.register(
    DelegationEntry,
    lambda user: (
        DelegationEntry.objects.filter(organization_id=user.organization_id)
        if user.is_authenticated and user.is_municipal
        else DelegationEntry.objects.none()
    ),
)
history.register(EffectIndicator, _by_case(EffectIndicator))


def _evaluator_hidden_fields(user, evaluator: CaseEvaluator) -> set[str]:
    """The case page shows only that an evaluator declared, not what: the declaration's
    text is for the evaluator and the officers running the case."""

    if evaluator.user_id == user.pk or is_case_officer(user, evaluator.case):
        return set()
    return {"declaration"}


history.register(CaseEvaluator, _by_case(CaseEvaluator), hidden_fields=_evaluator_hidden_fields)
history.register(
    ContractPhase, lambda user: ContractPhase.objects.filter(contract__in=contracts_for_user(user))
)
