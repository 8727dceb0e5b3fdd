"""The authorised decision: delegation list, proposal by the officer, decision by the
person holding the delegation the case names, in their own session.

Only an approved award proposal can be sent as the award notice (`award_decide`); a
published case is cancelled only on an approved cancellation proposal (the gate in
`cases.gate_problems`). A decision-maker never decides their own proposal (also a
database check), and nobody else decides at all.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.history import acting_as
from notifications.events import register_event

from ..enums import (
    DECISION_TRANSITIONS,
    BidStatus,
    DecisionKind,
    DecisionStatus,
    EventKind,
    Stage,
)
from ..models import DecisionProposal, DelegationEntry, ProcurementCase
from .cases import case_event

DECISION_EVENT = "procurements.decision"
register_event(DECISION_EVENT, gettext_lazy("A decision waits for you"))
# Stages from which cancelling needs an authorised decision: once the tender is public.
PUBLISHED_STAGES = (Stage.TENDER, Stage.EVALUATION, Stage.AWARD, Stage.CONTRACT)


def delegation_add(
    *,
    organization,
    role_title: str,
    holder,
    by,
    may_award: bool = True,
    may_cancel: bool = True,
    max_value_sek=None,
) -> DelegationEntry:
    """Add a line to a municipality's delegation list (its admins and coordinators)."""
    if not by.has_perm("procurements.keep_delegations", organization):
        raise ValidationError(_("Only the municipality's administrators keep its delegations."))
    errors = {}
    if not role_title.strip():
        errors["role_title"] = _("Name the role.")
    if holder.organization_id != organization.pk or not holder.is_active:
        errors["holder"] = _("The holder must be an active user of the municipality.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(by, reason="delegation added"):
            return DelegationEntry.objects.create(
                organization=organization,
                role_title=role_title.strip(),
                holder=holder,
                may_award=may_award,
                may_cancel=may_cancel,
                max_value_sek=max_value_sek,
            )
    except IntegrityError as exc:
        raise ValidationError({"role_title": _("This role is already in the list.")}) from exc


def case_delegation_set(*, case: ProcurementCase, delegation: DelegationEntry, by):
    """Name the role (from the lead municipality's delegation list) that decides."""
    from ..permissions import is_case_officer

    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may name the decision-maker."))
    if delegation.organization_id != case.lead_organization_id or not delegation.active:
        raise ValidationError(
            {"delegation": _("Choose a role in force in the lead municipality's list.")}
        )
    if case.decision_proposals.filter(status=DecisionStatus.PROPOSED).exists():
        raise ValidationError(_("A proposal waits for a decision; it must be decided first."))
    with transaction.atomic(), acting_as(by, reason="decision-maker named"):
        case = ProcurementCase.objects.select_for_update().get(pk=case.pk)
        case.decision_delegation = delegation
        case.save(update_fields=["decision_delegation", "updated_at"])
        case_event(
            case=case,
            kind=EventKind.DECISION,
            summary=gettext_noop("Decisions are taken by %(role)s (%(holder)s)"),
            data={"role": delegation.role_title, "holder": str(delegation.holder)},
            actor=by,
        )
    return case


def authority_problems(case, kind: str) -> list[str]:
    """Why the role the case names may not take a decision of `kind` (award-like
    decisions, such as a partnership's go/no-go, follow the award's rule)."""
    delegation = case.decision_delegation
    if delegation is None or not delegation.active:
        return [_("Name who takes the decision (a role in the delegation list) first.")]
    problems = []
    if kind == DecisionKind.AWARD and not delegation.may_award:
        problems.append(_("This role may not take award decisions."))
    if kind == DecisionKind.CANCELLATION and not delegation.may_cancel:
        problems.append(_("This role may not cancel procurements."))
    limit = delegation.max_value_sek
    if limit is not None and (case.estimated_value_sek or Decimal(0)) > limit:
        problems.append(_("The case's value is above what this role may decide."))
    return problems


def _delegation_problems(case, kind: str, by) -> list[str]:
    problems = authority_problems(case, kind)
    delegation = case.decision_delegation
    if delegation is not None and delegation.active and delegation.holder_id == by.pk:
        problems.append(
            _("You hold the delegation: another official must prepare the proposal you decide.")
        )
    return problems


def _award_basis(case) -> dict:
    """The evaluation as it stands: ranking, totals, rejections (the decision's basis)."""
    from .evaluation import evaluation_results

    rows = evaluation_results(case.tender)
    return {
        "ranking": [
            {
                "bid": r.bid.pk,
                "supplier": r.bid.supplier.name if r.bid.supplier_id else "",
                "rank": r.rank,
                "total": str(r.total),
                "rejected": r.bid.rejected_reason,
            }
            for r in rows
        ]
    }


def decision_propose(
    *, case: ProcurementCase, kind: str, by, reasons: str, winning_bids=()
) -> DecisionProposal:
    """The officer's proposal (award: winners and reasons with the evaluation as basis;
    cancellation: the reasons). Side effects: a case event and a notice to the holder."""
    from ..permissions import is_case_officer

    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may propose a decision."))
    problems = _delegation_problems(case, kind, by)
    winning_bids = list(winning_bids)
    if kind == DecisionKind.AWARD:
        if case.stage != Stage.AWARD:
            problems.append(_("The award decision is proposed in the award stage."))
        if hasattr(case, "award"):
            problems.append(_("The award decision is already made."))
    elif kind == DecisionKind.CANCELLATION:
        if case.stage not in PUBLISHED_STAGES:
            problems.append(_("Only a published procurement is cancelled by a decision."))
    else:
        problems.append(_("Unknown decision."))
    if problems:
        raise ValidationError(problems)
    errors = {}
    if kind == DecisionKind.AWARD:
        if not winning_bids:
            errors["winning_bids"] = _("Choose at least one winner.")
        elif any(
            b.tender.case_id != case.pk
            or b.supplier_id is None
            or b.status != BidStatus.SUBMITTED
            or b.is_rejected
            for b in winning_bids
        ):
            errors["winning_bids"] = _("A winner must be a valid, opened bid of this case.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(by, reason=f"{kind} decision proposed"):
            ProcurementCase.objects.select_for_update().get(pk=case.pk)
            proposal = DecisionProposal.objects.create(
                case=case,
                kind=kind,
                delegation=case.decision_delegation,
                reasons=reasons.strip(),
                basis=_award_basis(case) if kind == DecisionKind.AWARD else {},
                proposed_by=by,
                proposed_at=timezone.now(),
            )
            proposal.winning_bids.set(winning_bids)
            case_event(
                case=case,
                kind=EventKind.DECISION,
                summary=gettext_noop("%(what)s proposed by %(by)s to %(role)s"),
                detail=proposal.reasons,
                data={
                    "what": kind,
                    "by": str(by),
                    "role": proposal.delegation.role_title,
                },
                actor=by,
            )
            _tell(proposal.delegation.holder, gettext_lazy("A decision waits for you"), proposal)
    except IntegrityError as exc:
        raise ValidationError(_("A proposal of this kind is already waiting or approved.")) from exc
    return proposal


def _tell(user, title, proposal) -> None:
    from notifications.services import notify

    notify(
        recipient=user,
        event=DECISION_EVENT,
        title=title,
        body=str(proposal.case),
        url=reverse("procurements:decision-detail", kwargs={"pk": proposal.pk}),
        dedupe_key=f"decision:{proposal.pk}:{proposal.status}:{user.pk}",
    )


def decision_transition(
    *, proposal: DecisionProposal, to_status: str, by, note: str = ""
) -> DecisionProposal:
    """Approve, send back or withdraw a proposal: the one way its status changes.

    Approve and send back: only the person holding the case's named delegation, never the
    proposer; sending back needs a reason. Withdraw: an officer of the case. Records who
    and when in the proposal, the history and the case log, and tells the proposer.
    """
    from ..permissions import is_case_officer, is_decision_maker

    with transaction.atomic(), acting_as(by, reason=f"decision {to_status}"):
        proposal = (
            DecisionProposal.objects.select_for_update(of=("self",))
            .select_related("case__decision_delegation", "delegation", "proposed_by")
            .get(pk=proposal.pk)
        )
        case = proposal.case
        if to_status not in DECISION_TRANSITIONS.get(proposal.status, ()):
            raise ValidationError(_("This proposal is already decided or withdrawn."))
        if to_status in (DecisionStatus.APPROVED, DecisionStatus.SENT_BACK):
            if by.pk == proposal.proposed_by_id:
                raise ValidationError(_("Nobody decides their own proposal."))
            if (
                not is_decision_maker(by, case)
                or case.decision_delegation_id != proposal.delegation_id
            ):
                raise ValidationError(_("Only the person holding the named delegation may decide."))
            if to_status == DecisionStatus.SENT_BACK and not note.strip():
                raise ValidationError({"note": _("Say why the proposal is sent back.")})
            if (
                to_status == DecisionStatus.APPROVED
                and proposal.kind == DecisionKind.AWARD
                and case.stage != Stage.AWARD
            ):
                raise ValidationError(_("The award decision is made in the award stage."))
            proposal.decided_by = by
            proposal.decided_at = timezone.now()
        elif to_status == DecisionStatus.WITHDRAWN and not is_case_officer(by, case):
            raise ValidationError(_("Only an officer running the case may withdraw it."))
        proposal.status = to_status
        proposal.decision_note = note.strip()
        proposal.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
        )
        summaries = {
            DecisionStatus.APPROVED: gettext_noop("%(what)s approved by %(by)s (%(role)s)"),
            DecisionStatus.SENT_BACK: gettext_noop("%(what)s sent back by %(by)s (%(role)s)"),
            DecisionStatus.WITHDRAWN: gettext_noop("%(what)s proposal withdrawn by %(by)s"),
        }
        case_event(
            case=case,
            kind=EventKind.DECISION,
            summary=summaries[to_status],
            detail=proposal.decision_note,
            data={"what": proposal.kind, "by": str(by), "role": proposal.delegation.role_title},
            actor=by,
        )
        if to_status != DecisionStatus.WITHDRAWN:
            _tell(proposal.proposed_by, gettext_lazy("Your proposal was decided"), proposal)
    return proposal


def approved_decision(case, kind: str) -> DecisionProposal | None:
    return (
        DecisionProposal.objects.filter(case=case, kind=kind, status=DecisionStatus.APPROVED)
        .select_related("decided_by")
        .first()
    )
