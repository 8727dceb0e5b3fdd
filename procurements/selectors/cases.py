"""Reads of cases, tenders and contracts, always scoped to what the user may see."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from ..enums import Stage
from ..models import CaseEvaluator, Contract, ProcurementCase, Tender, TenderQuestion


def procurements_for_user(user) -> QuerySet[ProcurementCase]:
    """Municipal users: cases their municipality leads or takes part in; platform admins:
    all; suppliers: none (they see published tenders and their own bids)."""
    qs = ProcurementCase.objects.select_related("lead_organization", "responsible_officer")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    return qs.filter(pk__in=case_ids_of_organization(user.organization_id))


def case_ids_of_organization(organization_id) -> QuerySet:
    """The ids of the cases an organisation leads or takes part in, as one subquery.

    A UNION of two index scans: PostgreSQL starts from these few ids. Written as
    `lead = X OR id IN (...)` it cannot use an index and walks the whole case table
    (newest first) to find an organisation's cases, e.g. the few in one stage.
    """
    member = ProcurementCase.participating_organizations.through.objects.filter(
        organization_id=organization_id
    ).values("procurementcase_id")
    led = ProcurementCase.objects.filter(lead_organization_id=organization_id).order_by()
    return led.values("pk").union(member)


def procurement_get_for_user(user, pk) -> ProcurementCase:
    """The case if the user may see it; `ProcurementCase.DoesNotExist` otherwise (the
    view answers 404, so existence is not leaked)."""
    return procurements_for_user(user).get(pk=pk)


def tenders_for_user(user) -> QuerySet[Tender]:
    if user and user.is_authenticated and user.is_supplier_user:
        return published_tenders_for_supplier(user)
    return Tender.objects.filter(case__in=procurements_for_user(user)).select_related("case")


def published_tenders_for_supplier(user) -> QuerySet[Tender]:
    """Published tenders (public announcements) for supplier users, newest deadline first."""
    qs = Tender.objects.select_related("case", "case__lead_organization").order_by("-deadline")
    if not user or not user.is_authenticated or not user.is_supplier_user:
        return qs.none()
    return qs.filter(published_at__isnull=False).exclude(case__stage=Stage.CANCELLED)


def questions_for_supplier(user, tender) -> QuerySet[TenderQuestion]:
    """Published answers (to all) plus the supplier's own unanswered questions."""
    return tender.questions.filter(
        Q(published_at__isnull=False) | Q(supplier_id=user.organization_id)
    ).order_by("created_at")


def contracts_for_user(user) -> QuerySet[Contract]:
    qs = Contract.objects.select_related("case")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_supplier_user:
        return qs.filter(suppliers=user.organization_id)
    if not user.is_municipal:
        return qs.none()
    return qs.filter(
        Q(case__in=procurements_for_user(user).values("pk"))
        | Q(signing_organizations=user.organization_id)
        | Q(option_organizations=user.organization_id)
    ).distinct()


def _by_case(model):
    def selector(user):
        return model.objects.filter(case__in=procurements_for_user(user).values("pk"))

    return selector


def cases_waiting_for_user(user, *, limit: int = 20) -> list[tuple[ProcurementCase, list[str]]]:
    """What waits for this municipal user: used by the dashboard card.

    One query: the few columns the card shows, with what waits computed in SQL
    (`Exists` per case, the first contract's date for the documentation duty) rather than
    full case rows with three prefetched lists to walk in Python.
    """
    from datetime import UTC

    from django.db.models import Exists
    from django.db.models.functions import Coalesce, TruncDate
    from django.utils.translation import gettext as _

    cases = list(
        procurements_for_user(user)
        .select_related(None)
        .exclude(stage=Stage.CLOSED)
        .exclude(stage=Stage.CANCELLED, individual_report_at__isnull=False)
        .only(
            "reference",
            "title",
            "stage",
            "responsible_officer",
            "individual_report_at",
            "ended_at",
        )
        .annotate(
            awaiting_declaration=Exists(
                CaseEvaluator.objects.filter(
                    case=OuterRef("pk"), user=user.pk, declared_at__isnull=True
                )
            ),
            unanswered_questions=Exists(
                TenderQuestion.objects.filter(
                    tender__case=OuterRef("pk"), published_at__isnull=True
                )
            ),
            # as ProcurementCase.individual_report_due_on: signed, else registered (UTC)
            first_contract_on=Subquery(
                Contract.objects.filter(case=OuterRef("pk"))
                .annotate(on=Coalesce("signed_on", TruncDate("created_at", tzinfo=UTC)))
                .order_by("on")
                .values("on")[:1]
            ),
        )[:limit]
    )
    result = []
    for case in cases:
        waiting = []
        if case.awaiting_declaration:
            waiting.append(_("Declare your conflict of interest"))
        if case.responsible_officer_id == user.pk and case.unanswered_questions:
            waiting.append(_("Questions to answer"))
        if case.responsible_officer_id == user.pk and case.individual_report_overdue:
            waiting.append(_("The individual report is overdue"))
        result.append((case, waiting))
    return result
