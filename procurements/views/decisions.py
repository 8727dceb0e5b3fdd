"""The authorised decision: naming the decision-maker, proposals, approving in one's own
session, and sending the approved award as the notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import services
from ..enums import DecisionKind, DecisionStatus
from ..forms import (
    AwardNoticeForm,
    AwardProposalForm,
    CancellationProposalForm,
    DecisionForm,
    DelegationChoiceForm,
    DelegationEntryForm,
)
from ..models import DecisionProposal
from ..selectors import bids_for_case, decision_proposals_for_case, procurements_for_user
from ..services.decisions import approved_decision
from .common import form_page, get_case


@login_required
def delegation_list(request):
    """The municipality's delegation list: who may take award and cancellation decisions.
    Its administrators and coordinators add lines (services.delegation_add checks)."""
    user = request.user
    organization = user.organization
    if not (user.is_municipal and user.has_perm("procurements.keep_delegations", organization)):
        raise PermissionDenied
    form = DelegationEntryForm(
        request.POST or None,
        organization=organization,
        initial={"may_award": True, "may_cancel": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_add(organization=organization, by=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The role was added to the delegation list."))
            return redirect("procurements:delegation-list")
    entries = organization.delegation_entries.select_related("holder").order_by("role_title")
    return render(
        request,
        "procurements/delegation_list.html",
        {"form": form, "entries": entries, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def delegation_set(request, pk):
    case = get_case(request, pk)
    form = DelegationChoiceForm(
        request.POST or None,
        case=case,
        initial={"delegation": case.decision_delegation_id},
    )
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Who takes the decisions"),
        intro=_(
            "Choose the role in the lead municipality's delegation list that takes the award "
            "decision and a decision to cancel. That person decides in their own session."
        ),
        handler=lambda d: services.case_delegation_set(
            case=case, delegation=d["delegation"], by=request.user
        ),
        success_url=case.get_absolute_url() + "#award",
        success_message=_("The decision-maker was named."),
        extra={"delegation_link": True},
    )


@login_required
def award_create(request, pk):
    """Propose the award decision; once approved, send it as the award notice."""
    case = get_case(request, pk)
    approved = approved_decision(case, DecisionKind.AWARD)
    if approved is None:
        waiting = decision_proposals_for_case(request.user, case).filter(
            kind=DecisionKind.AWARD, status=DecisionStatus.PROPOSED
        )
        if waiting.exists():
            messages.info(
                request, _("The proposal waits for the decision of the person authorised.")
            )
            return redirect("procurements:decision-detail", pk=waiting.first().pk)
        bids = bids_for_case(request.user, case).filter(rejected_reason="")
        form = AwardProposalForm(request.POST or None, bids=bids)
        return form_page(
            request,
            case=case,
            form=form,
            title=_("Propose the award decision"),
            intro=_(
                "The person authorised by the delegation list approves or sends back the "
                "proposal in their own session. Only an approved decision is sent to the bidders."
            ),
            handler=lambda d: services.decision_propose(
                case=case, kind=DecisionKind.AWARD, by=request.user, **d
            ),
            success_url=lambda proposal: proposal.get_absolute_url(),
            success_message=_("The proposal was sent to the person authorised."),
        )
    form = AwardNoticeForm(request.POST or None)
    winners = ", ".join(b.supplier.name for b in approved.winning_bids.select_related("supplier"))
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Send the award decision"),
        intro=_(
            "Approved by %(by)s on %(when)s: %(winners)s. Every bidder is told by e-mail. The "
            "standstill period is 10 days when the notice is sent electronically, 15 otherwise, "
            "and ends on a working day."
        )
        % {
            "by": approved.decided_by,
            "when": approved.decided_at.date().isoformat(),
            "winners": winners,
        },
        handler=lambda d: services.award_decide(case=case, by=request.user, **d),
        success_url=case.get_absolute_url() + "#award",
        success_message=_("The award decision was recorded and the notices are being sent."),
    )


@login_required
def cancellation_propose(request, pk):
    case = get_case(request, pk)
    form = CancellationProposalForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Propose to cancel the procurement"),
        intro=_(
            "A published procurement is cancelled on a decision of the person authorised. "
            "Once approved, move the case to cancelled with the lessons learned."
        ),
        handler=lambda d: services.decision_propose(
            case=case, kind=DecisionKind.CANCELLATION, by=request.user, **d
        ),
        success_url=case.get_absolute_url() + "#award",
        success_message=_("The proposal was sent to the person authorised."),
    )


@login_required
def decision_detail(request, pk):
    """The proposal with its basis; the person authorised approves or sends it back here,
    an officer of the case may withdraw it. Others of the case may read it; outsiders 404."""
    proposal = get_object_or_404(
        DecisionProposal.objects.select_related("case", "case__decision_delegation"),
        pk=pk,
        case__in=procurements_for_user(request.user),
    )
    case = proposal.case
    visible = decision_proposals_for_case(request.user, case)
    if not visible.filter(pk=pk).exists():
        raise PermissionDenied
    proposal = visible.get(pk=pk)
    user = request.user
    may_decide = (
        proposal.status == DecisionStatus.PROPOSED
        and user.has_perm("procurements.decide", case)
        and proposal.proposed_by_id != user.pk
    )
    may_withdraw = proposal.status == DecisionStatus.PROPOSED and user.has_perm(
        "procurements.manage_case", case
    )
    form = DecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                if not may_withdraw:
                    raise Http404
                services.decision_transition(
                    proposal=proposal, to_status=DecisionStatus.WITHDRAWN, by=user
                )
                messages.success(request, _("The proposal was withdrawn."))
                return redirect(case.get_absolute_url() + "#award")
            if form is None:
                raise ValidationError(_("Only the person holding the named delegation may decide."))
            if form.is_valid():
                services.decision_transition(
                    proposal=proposal,
                    to_status=form.cleaned_data["decision"],
                    by=user,
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("Your decision was recorded."))
                return redirect(request.path)
        except ValidationError as exc:
            if form is not None:
                apply_validation_error(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect(request.path)
    return render(
        request,
        "procurements/decision_detail.html",
        {
            "case": case,
            "proposal": proposal,
            "form": form,
            "may_withdraw": may_withdraw,
            "ranking": (proposal.basis or {}).get("ranking", []),
        },
    )
