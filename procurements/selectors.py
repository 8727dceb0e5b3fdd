"""Reads, always scoped to what the user may see. Sealed bids reach nobody before the
opening except their own supplier."""

from django.db.models import F, Lookup, Prefetch, Q, QuerySet

from core import history

from . import crypto
from .enums import BidStatus, Stage
from .models import (
    AwardDecision,
    Bid,
    CaseEvaluator,
    Contract,
    ContractPhase,
    EffectIndicator,
    ProcurementCase,
    ReviewApplication,
    Tender,
    TenderQuestion,
)
from .permissions import is_case_officer, is_declared_evaluator


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
    from django.shortcuts import get_object_or_404

    return get_object_or_404(procurements_for_user(user), pk=pk)


def case_for_page(user, pk) -> ProcurementCase:
    """The case with everything its page shows, in a fixed number of queries."""
    from django.shortcuts import get_object_or_404

    qs = (
        procurements_for_user(user)
        .select_related(
            "need_owner",
            "tender",
            "tender__opening__opened_by",
            "tender__opening__witness",
            "award",
        )
        .prefetch_related(
            "participating_organizations",
            "team",
            "needs",
            "challenges",
            "cpv_codes",
            Prefetch("evaluators", queryset=CaseEvaluator.objects.select_related("user")),
            "tender__criteria",
            "tender__requirements",
            "tender__documents__versions",
            "tender__questions",
            Prefetch(
                "contracts",
                queryset=Contract.objects.prefetch_related(
                    "suppliers", "signing_organizations", "option_organizations", "phases"
                ),
            ),
            "indicators__measurements",
            "follow_up_meetings",
            "reviews",
            "award__winning_bids__supplier",
        )
    )
    return get_object_or_404(qs, pk=pk)


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


def own_bids_for_supplier(user, *, tenders=None, withdrawn_after_opening=False) -> QuerySet[Bid]:
    """The supplier's own bids, found without the database naming whose bid is whose.

    Before the opening a bid names its supplier only inside its sealed content and in
    `supplier_token`, a keyed hash (HMAC) of tender and supplier that only the application
    key can compute: a database dump cannot tell whose bid it is, nor link two bids of one
    supplier. Finding its bids by token means computing the token for every tender it
    could have bid on, so the search is confined to where sealed bids can still be:

    - an opened tender: the opening wrote the supplier of every live bid in plain
      (`supplier`), so those are found by `supplier_id`, with an index and no hashing;
    - a tender not yet opened: only these can hold bids that name nobody. Leaving the
      tender stage needs the opening (or cancels the case, whose tenders suppliers no
      longer see), so they are among the published tenders of cases in the tender stage:
      tokens for those alone (an opened one waiting to move on costs a needless hash, not
      a wrong answer), a few hundred at national scale, not one per tender ever published.

    A bid withdrawn before an opening stays unnamed for good (a withdrawal is nobody's
    business). Those are found only with `withdrawn_after_opening=True`, which computes
    tokens over every published tender (one HMAC per tender): the supplier's full bid
    list asks for that, the portal home does not. With `tenders`, the search covers those
    tenders only, by token.
    """
    if not user or not user.is_authenticated or not user.is_supplier_user:
        return Bid.objects.none()
    supplier_id = user.organization_id
    if tenders is not None:
        found = _by_tokens([t.pk for t in tenders], supplier_id)
    else:
        searched = published_tenders_for_supplier(user).order_by()
        if not withdrawn_after_opening:
            searched = searched.filter(case__stage=Stage.TENDER)
        found = Q(supplier_id=supplier_id) | _by_tokens(
            searched.values_list("pk", flat=True), supplier_id
        )
        found &= ~Q(tender__case__stage=Stage.CANCELLED)  # as published_tenders_for_supplier
    return (
        Bid.objects.filter(found)
        .select_related("tender__case")
        .prefetch_related("files")
        .order_by("-submitted_at")
    )


class _AnyOf(Lookup):
    """`column = ANY(%s)` with one array parameter: a query text of constant length
    however many values (psycopg splits a long `IN (%s, %s, ...)` text for milliseconds)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _by_tokens(tender_ids, supplier_id) -> Q:
    """Bids whose token is the supplier's for one of `tender_ids`."""
    tokens = crypto.supplier_tokens(list(tender_ids), supplier_id)
    return Q(_AnyOf(F("supplier_token"), tokens))


def live_own_bid(user, tender) -> Bid | None:
    return own_bids_for_supplier(user, tenders=[tender]).filter(status=BidStatus.SUBMITTED).first()


def bids_for_case(user, case) -> QuerySet[Bid]:
    """Opened, live bids, for the case's officers and declared evaluators; nothing before
    the opening, for anyone (admins included)."""
    tender = getattr(case, "tender", None)
    if tender is None or not hasattr(tender, "opening"):
        return Bid.objects.none()
    allowed = is_case_officer(user, case) or is_declared_evaluator(user, case)
    if not allowed and not (user.is_authenticated and user.is_platform_admin):
        return Bid.objects.none()
    return (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED, supplier__isnull=False)
        .select_related("supplier", "tender")
        .prefetch_related("files")
    )


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


def cases_waiting_for_user(user) -> list[tuple[ProcurementCase, list[str]]]:
    """What waits for this municipal user: used by the dashboard card."""
    from django.utils.translation import gettext as _

    cases = list(
        procurements_for_user(user)
        .exclude(stage=Stage.CLOSED)
        .exclude(stage=Stage.CANCELLED, individual_report_at__isnull=False)
        .select_related("tender")
        .prefetch_related("evaluators", "tender__questions", "contracts")[:20]
    )
    result = []
    for case in cases:
        waiting = []
        if any(e.user_id == user.pk and e.declared_at is None for e in case.evaluators.all()):
            waiting.append(_("Declare your conflict of interest"))
        tender = getattr(case, "tender", None)
        if (
            tender
            and case.responsible_officer_id == user.pk
            and any(q.published_at is None for q in tender.questions.all())
        ):
            waiting.append(_("Questions to answer"))
        if case.responsible_officer_id == user.pk and case.individual_report_overdue:
            waiting.append(_("The individual report is overdue"))
        result.append((case, waiting))
    return result


history.register(ProcurementCase, procurements_for_user)
history.register(Contract, contracts_for_user)
history.register(Tender, lambda user: Tender.objects.filter(case__in=procurements_for_user(user)))
history.register(AwardDecision, _by_case(AwardDecision))
history.register(ReviewApplication, _by_case(ReviewApplication))
history.register(EffectIndicator, _by_case(EffectIndicator))
history.register(CaseEvaluator, _by_case(CaseEvaluator))
history.register(
    ContractPhase, lambda user: ContractPhase.objects.filter(contract__in=contracts_for_user(user))
)
