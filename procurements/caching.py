"""What procurements caches and which changes forget it (core.cache), connected in
apps.py. The supplier's dashboard cards are forgotten on any bid, tender or case change.
The municipal dashboard card (the cases waiting for the user, procurements/dashboard.py)
is cached per municipality and forgotten whenever something it shows changes: a case its
municipality leads or takes part in, the case's participants, evaluators, tender
questions or contracts. The "waiting for your decision" card is cached the same way and
also forgotten on a change to a decision proposal, a partnership phase or the
municipality's delegation list. See core.cache."""

from django.db.models.signals import m2m_changed

from core.cache import invalidate, invalidate_on_change

from .models import (
    Bid,
    CaseEvaluator,
    Contract,
    ContractPhase,
    DecisionProposal,
    DelegationEntry,
    ProcurementCase,
    Tender,
    TenderQuestion,
)


def org_namespace(organization_id: int) -> str:
    return f"procurements:org:{organization_id}"


def _case_organizations(case_ids) -> set[int]:
    """The lead and participating organisations of the cases, in one query."""
    through = ProcurementCase.participating_organizations.through
    led = ProcurementCase.objects.filter(pk__in=case_ids).values_list("lead_organization_id")
    taking_part = through.objects.filter(procurementcase_id__in=case_ids).values_list(
        "organization_id"
    )
    return {org for (org,) in led.union(taking_part) if org}


def _namespaces(instance) -> list[str]:
    if isinstance(instance, ProcurementCase):
        orgs = _case_organizations([instance.pk]) | {instance.lead_organization_id}
    elif isinstance(instance, DelegationEntry):
        orgs = {instance.organization_id}
    elif isinstance(instance, ContractPhase):
        contract = Contract.objects.filter(pk=instance.contract_id).values("case_id")
        orgs = _case_organizations(contract)
    elif isinstance(instance, TenderQuestion):
        orgs = _case_organizations(Tender.objects.filter(pk=instance.tender_id).values("case_id"))
    else:  # CaseEvaluator, Contract, DecisionProposal
        orgs = _case_organizations([instance.case_id])
    return [org_namespace(org) for org in orgs if org]


def _participants_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # organisation.procurementcase_set: `instance` is the organisation
        orgs = {instance.pk} | _case_organizations(pk_set or [])
    else:
        orgs = _case_organizations([instance.pk]) | set(pk_set or ())
    invalidate(*[org_namespace(org) for org in orgs])


def connect() -> None:
    from .dashboard import SUPPLIER_CARDS

    invalidate_on_change(SUPPLIER_CARDS, Bid, Tender, ProcurementCase)
    invalidate_on_change(
        _namespaces,
        ProcurementCase,
        CaseEvaluator,
        TenderQuestion,
        Contract,
        ContractPhase,
        DecisionProposal,
        DelegationEntry,
    )
    m2m_changed.connect(
        _participants_changed,
        sender=ProcurementCase.participating_organizations.through,
        dispatch_uid="procurements-cards-participants",
    )
