"""Reads of openings, requests to participate and decision proposals."""

from django.db.models import Q, QuerySet

from .. import crypto
from ..permissions import is_case_officer, is_declared_evaluator
from .cases import procurements_for_user


def opening_confirmers(case, *, exclude=None) -> QuerySet:
    """Who may confirm an opening of the case: its team and responsible officer, and the
    officers and coordinators of the lead municipality (not the one who started it)."""
    from organizations.models import User

    qs = User.objects.filter(is_active=True).filter(
        Q(pk=case.responsible_officer_id)
        | Q(procurement_teams=case)
        | Q(
            organization_id=case.lead_organization_id,
            roles__overlap=["officer", "coordinator"],
        )
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.distinct().order_by("full_name")


def openings_for_case(user, case, *, kind: str | None = None) -> QuerySet:
    """The case's opening protocols, for the people of the case (else none). They hold
    who started and confirmed and, once confirmed, how many were opened: never a count
    or a name before."""
    from ..models import OpeningSession
    from ..permissions import is_case_member

    if not (is_case_member(user, case) or (user.is_authenticated and user.is_platform_admin)):
        return OpeningSession.objects.none()
    qs = OpeningSession.objects.filter(case=case).select_related(
        "started_by", "confirmed_by", "ended_by"
    )
    return qs.filter(kind=kind) if kind else qs


def requests_for_case(user, case) -> QuerySet:
    """Opened, live requests to participate, for the case's officers and declared
    evaluators; nothing before their two-person opening, for anyone (admins included)."""
    from ..enums import RequestStatus
    from ..models import ParticipationRequest
    from ..services.selection import requests_opened

    tender = getattr(case, "tender", None)
    if tender is None or not requests_opened(tender):
        return ParticipationRequest.objects.none()
    if not (is_case_officer(user, case) or is_declared_evaluator(user, case)):
        return ParticipationRequest.objects.none()
    return (
        ParticipationRequest.objects.filter(
            tender=tender, status=RequestStatus.SUBMITTED, supplier__isnull=False
        )
        .select_related("supplier", "assessment")
        .prefetch_related("files")
    )


def own_request_for_supplier(user, tender):
    """The supplier's live request to participate for `tender`, found by its token."""
    from ..enums import RequestStatus
    from ..models import ParticipationRequest

    if not user or not user.is_authenticated or not user.is_supplier_user:
        return None
    return ParticipationRequest.objects.filter(
        tender=tender,
        supplier_token=crypto.supplier_token(tender.pk, user.organization_id),
        status=RequestStatus.SUBMITTED,
    ).first()


def decision_proposals_for_case(user, case) -> QuerySet:
    """The case's decision proposals, for those who may see the evaluation they rest on:
    the officers running the case, declared evaluators and the holder of the named
    delegation (who decides). Not other staff, not the platform operator."""
    from ..models import DecisionProposal
    from ..permissions import is_decision_maker

    if not (
        is_case_officer(user, case)
        or is_declared_evaluator(user, case)
        or is_decision_maker(user, case)
    ):
        return DecisionProposal.objects.none()
    return (
        DecisionProposal.objects.filter(case=case)
        .select_related("proposed_by", "decided_by", "delegation__holder")
        .prefetch_related("winning_bids__supplier")
    )


def decisions_waiting_for_user(user) -> QuerySet:
    """Proposals waiting for this user's decision (they hold the named delegation)."""
    from ..enums import DecisionStatus
    from ..models import DecisionProposal

    if not user or not user.is_authenticated or not user.is_municipal:
        return DecisionProposal.objects.none()
    return DecisionProposal.objects.filter(
        status=DecisionStatus.PROPOSED,
        delegation__holder=user,
        delegation__active=True,
        case__in=procurements_for_user(user).values("pk"),
    ).select_related("case")
