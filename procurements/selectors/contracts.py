"""Contracts after award: partnership phases waiting for a decision, contract documents,
a supplier's selection state, and who may read the history of contract extensions."""

from django.db.models import OuterRef, Q, QuerySet

from core import history

from ..enums import Stage
from ..models import ContractDocument, ContractPhase
from ..permissions import is_invited_candidate
from .cases import contracts_for_user, procurements_for_user
from .decisions import own_request_for_supplier

# A partnership phase waits for its decision from a week before its milestone.
PHASE_DECISION_LEAD_DAYS = 7


def phases_waiting_for_user(user) -> QuerySet[ContractPhase]:
    """Partnership phases whose go/no-go waits for this user: the current phase (every
    earlier one has a go) of a contract whose case names a delegation the user holds,
    from a week before its milestone (or at once when it has no date)."""
    from datetime import timedelta

    from django.db.models import Exists
    from django.utils import timezone

    from ..enums import PhaseDecision

    if not user or not user.is_authenticated or not user.is_municipal:
        return ContractPhase.objects.none()
    horizon = timezone.localdate() + timedelta(days=PHASE_DECISION_LEAD_DAYS)
    undecided_earlier = ContractPhase.objects.filter(
        contract=OuterRef("contract"), order__lt=OuterRef("order")
    ).exclude(decision=PhaseDecision.GO)
    return (
        ContractPhase.objects.filter(
            decision=PhaseDecision.PENDING,
            contract__case__decision_delegation__holder=user.pk,
            contract__case__decision_delegation__active=True,
            contract__case__in=procurements_for_user(user).values("pk"),
        )
        .filter(Q(milestone_on__isnull=True) | Q(milestone_on__lte=horizon))
        .exclude(Exists(undecided_earlier))
        .select_related("contract__case")
        .order_by("milestone_on", "pk")
    )


def contract_documents_for_user(user) -> QuerySet:
    """Contract documents of the contracts the user may see (`contracts_for_user`)."""
    return ContractDocument.objects.filter(
        contract__in=contracts_for_user(user).values("pk")
    ).select_related("uploaded_by")


def supplier_selection_state(user, tender) -> dict | None:
    """For procedures with a selection stage: the supplier's own request to participate,
    whether requests are still accepted, whether the selection is decided and whether
    the supplier was invited (None for one-step procedures). Never another supplier's."""
    from django.utils import timezone

    if not tender.case.procedure_rules.selection:
        return None
    return {
        "request": own_request_for_supplier(user, tender),
        "open": tender.case.stage == Stage.TENDER
        and tender.requests_deadline is not None
        and timezone.now() <= tender.requests_deadline,
        "decided": tender.selection_decided_at is not None,
        "invited": bool(is_invited_candidate(user, tender)),
    }


def _register_contract_history() -> None:
    from ..models import ContractExtension

    history.register(
        ContractExtension,
        lambda user: ContractExtension.objects.filter(
            contract__in=contracts_for_user(user).values("pk")
        ),
    )


_register_contract_history()
