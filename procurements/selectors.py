"""Reads, always scoped to what the user may see. Sealed bids reach nobody before the
opening except their own supplier."""

import functools
import hashlib

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    F,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import JSONObject

from core import history
from core.cache import cached

from . import crypto
from .enums import BidStatus, Stage
from .models import (
    AwardDecision,
    Bid,
    CaseEvaluator,
    Contract,
    ContractPhase,
    Criterion,
    DecisionProposal,
    DelegationEntry,
    EffectIndicator,
    FollowUpMeeting,
    ProcurementCase,
    ReviewApplication,
    Tender,
    TenderDocument,
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
    """The case with everything its page shows, for a user who may see it (else 404).

    The page's data is cached under a stamp of every row it shows (`_case_stamp`): one
    small query, then the case comes from the cache while nothing it shows has changed,
    and is loaded again (`_load_case_page`) as soon as anything has. Who may see the case
    is decided for every request by the `procurements.view_case` permission, on the lead
    and participating municipalities of the stamped data.
    """
    from django.http import Http404

    stamp = _case_stamp(pk)
    if stamp is None:
        raise Http404
    digest = hashlib.blake2b(stamp.encode(), digest_size=16).hexdigest()
    case = cached(
        "procurements:case-page",
        (pk, digest),
        lambda: _load_case_page(pk),
        timeout=CASE_PAGE_TIMEOUT,
    )
    if not user.has_perm("procurements.view_case", case):
        raise Http404
    return case


CASE_PAGE_TIMEOUT = 24 * 3600


def _load_case_page(pk) -> ProcurementCase:
    """The case with everything its page shows, in a fixed number of queries per stage,
    and `case.evaluation` (the weighted results once the bids are opened, else None).

    The short lists shown as text (participating municipalities, team, needs, challenges,
    CPV codes, requirements) come as arrays of the case's own row, not one query each:
    `case.participant_list`, `team_list`, `need_list`, `challenge_list`, `cpv_list` (unsaved
    instances, enough to print) and `requirement_texts`. The predicates read
    `case_org_ids`/`case_team_ids` from them. Lists that cannot hold rows at the case's
    stage (contracts before the award, ...) are prefetched as empty, without a query.
    """
    from django.shortcuts import get_object_or_404

    from core.models import CpvCode
    from needs.models import Challenge, Need
    from organizations.models import Organization, User

    from .models import Requirement

    qs = (
        ProcurementCase.objects.select_related("lead_organization", "responsible_officer")
        .defer("search_vector")
        .select_related(
            "need_owner",
            "tender",
            "tender__opening__opened_by",
            "tender__opening__witness",
            "award",
        )
        .annotate(
            participant_rows=_rows(
                Organization.objects.filter(participating_procurements=OuterRef("pk")),
                "id",
                "name",
            ),
            team_rows=_rows(
                User.objects.filter(procurement_teams=OuterRef("pk")), "id", "full_name", "email"
            ),
            need_rows=_rows(Need.objects.filter(procurement_cases=OuterRef("pk")), "id", "title"),
            challenge_rows=_rows(
                Challenge.objects.filter(procurement_cases=OuterRef("pk")), "id", "title"
            ),
            cpv_rows=_rows(
                CpvCode.objects.filter(procurement_cases=OuterRef("pk")),
                "code",
                "label_sv",
                "label_en",
            ),
            requirement_texts=ArraySubquery(
                Requirement.objects.filter(tender__case=OuterRef("pk"))
                .order_by(*Requirement._meta.ordering)
                .values("text")
            ),
        )
    )
    case = get_object_or_404(qs, pk=pk)
    case.participant_list = [Organization(**row) for row in case.participant_rows]
    case.team_list = [User(**row) for row in case.team_rows]
    case.need_list = [Need(**row) for row in case.need_rows]
    case.challenge_list = [Challenge(**row) for row in case.challenge_rows]
    case.cpv_list = [CpvCode(**row) for row in case.cpv_rows]
    case._case_org_ids = {case.lead_organization_id} | {o.pk for o in case.participant_list}
    case._case_team_ids = {u.pk for u in case.team_list}

    tender = getattr(case, "tender", None)
    lookups = [
        Prefetch("evaluators", queryset=CaseEvaluator.objects.select_related("user")),
        "indicators__measurements",
        _from_stage(case, Stage.AWARD, "contracts", _CONTRACTS),
        _from_stage(case, Stage.AWARD, "reviews", ReviewApplication.objects.all()),
        _from_stage(case, Stage.CONTRACT, "follow_up_meetings", FollowUpMeeting.objects.all()),
    ]
    if getattr(case, "award", None) is not None:
        lookups.append("award__winning_bids__supplier")
    if tender is not None:
        # Suppliers ask questions about a published tender only.
        questions = TenderQuestion.objects.all()
        lookups += [
            "tender__criteria",
            "tender__documents__versions",
            Prefetch(
                "tender__questions",
                queryset=questions if tender.published_at else questions.none(),
            ),
        ]
    prefetch_related_objects([case], *lookups)
    from .services.evaluation import evaluation_results

    opened = tender is not None and hasattr(tender, "opening")
    case.evaluation = evaluation_results(tender) if opened else None
    return case


def _case_stamp(pk) -> str | None:
    """A stamp of every row the case page shows (None if there is no such case): the
    transaction ids (xmin) of the rows, which change whenever a row is written, and the
    rows' number, which changes when one is added or deleted. `tests/procurements`
    checks that every table the page reads is stamped."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [pk])
        row = cursor.fetchone()
    return None if row is None else row[0]


@functools.cache
def _stamp_sql() -> str:
    """The stamp's statement, built once from the models' tables and columns (no input
    of a user goes into it: the case's id is its one parameter)."""
    from django.db import connection

    from core.models import CpvCode
    from needs.models import Challenge, Need
    from organizations.models import Organization, User

    from .models import (
        AgreedScore,
        BidOpening,
        ContractPhase,
        DocumentVersion,
        EffectMeasurement,
        Requirement,
        Score,
    )

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def rows(model, where: str) -> str:
        return (
            f"(SELECT count(*) || ':' || coalesce(string_agg(x.xmin::text, ',' "  # noqa: S608
            f"ORDER BY x.xmin::text), '') FROM {table(model)} x WHERE {where})"
        )

    def ids(model, column: str, where: str) -> str:
        return f"(SELECT {column} FROM {table(model)} WHERE {where})"  # noqa: S608

    tender = ids(Tender, "id", "case_id = c.id")
    # Bids count only once opened: before that a new stamp (a cache miss, a slower page)
    # would tell anyone who can see the case that a bid arrived.
    opened = ids(BidOpening, "tender_id", f"tender_id IN {tender}")
    bids = ids(Bid, "id", f"tender_id IN {opened}")
    contracts = ids(Contract, "id", "case_id = c.id")
    award = ids(AwardDecision, "id", "case_id = c.id")
    opening_users = (
        f"({ids(BidOpening, 'opened_by_id', f'tender_id IN {tender}')} "
        f"UNION ALL {ids(BidOpening, 'witness_id', f'tender_id IN {tender}')})"
    )
    parts = [
        "c.xmin::text",
        rows(Organization, "x.id = c.lead_organization_id"),
        rows(User, "x.id IN (c.responsible_officer_id, c.need_owner_id)"),
        rows(Tender, "x.case_id = c.id"),
        rows(BidOpening, f"x.tender_id IN {tender}"),
        rows(User, f"x.id IN {opening_users}"),
        rows(AwardDecision, "x.case_id = c.id"),
        rows(Requirement, f"x.tender_id IN {tender}"),
        rows(Criterion, f"x.tender_id IN {tender}"),
        rows(TenderDocument, f"x.tender_id IN {tender}"),
        rows(
            DocumentVersion,
            f"x.document_id IN {ids(TenderDocument, 'id', f'tender_id IN {tender}')}",
        ),
        rows(TenderQuestion, f"x.tender_id IN {tender}"),
        rows(CaseEvaluator, "x.case_id = c.id"),
        rows(User, f"x.id IN {ids(CaseEvaluator, 'user_id', 'case_id = c.id')}"),
        rows(EffectIndicator, "x.case_id = c.id"),
        rows(
            EffectMeasurement,
            f"x.indicator_id IN {ids(EffectIndicator, 'id', 'case_id = c.id')}",
        ),
        rows(ReviewApplication, "x.case_id = c.id"),
        rows(FollowUpMeeting, "x.case_id = c.id"),
        rows(Contract, "x.case_id = c.id"),
        rows(ContractPhase, f"x.contract_id IN {contracts}"),
        rows(Bid, f"x.tender_id IN {opened}"),
        rows(Organization, f"x.id IN {ids(Bid, 'supplier_id', f'tender_id IN {opened}')}"),
        rows(Score, f"x.bid_id IN {bids}"),
        rows(User, f"x.id IN {ids(Score, 'evaluator_id', f'bid_id IN {bids}')}"),
        rows(AgreedScore, f"x.bid_id IN {bids}"),
    ]
    # The case's many-to-many lists: the links and the rows they link to.
    for model, field_name, target, target_pk, owner in [
        (ProcurementCase, "participating_organizations", Organization, "id", "c.id"),
        (ProcurementCase, "team", User, "id", "c.id"),
        (ProcurementCase, "needs", Need, "id", "c.id"),
        (ProcurementCase, "challenges", Challenge, "id", "c.id"),
        (ProcurementCase, "cpv_codes", CpvCode, "code", "c.id"),
        (AwardDecision, "winning_bids", Bid, "id", award),
        (Contract, "suppliers", Organization, "id", contracts),
        (Contract, "signing_organizations", Organization, "id", contracts),
        (Contract, "option_organizations", Organization, "id", contracts),
    ]:
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        link = f"{field.m2m_column_name()} IN ({owner})"
        parts.append(rows(through, f"x.{link}"))
        parts.append(
            rows(target, f"x.{target_pk} IN {ids(through, field.m2m_reverse_name(), link)}")
        )
    return (
        f"SELECT concat_ws('|', {', '.join(parts)}) "  # noqa: S608
        f"FROM {table(ProcurementCase)} c WHERE c.id = %s"
    )


def _rows(queryset, *fields) -> ArraySubquery:
    """A related list as one array column of the outer query: a JSON object per row with
    `fields`, in the model's order."""
    return ArraySubquery(
        queryset.order_by(*queryset.model._meta.ordering).values(
            row=JSONObject(**{field: field for field in fields})
        )
    )


# Stages in the order a case moves through them (cancelling can happen at any stage, so a
# cancelled case may hold anything).
_STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}


def _from_stage(case, first_stage: str, lookup: str, queryset) -> Prefetch:
    """`lookup` prefetched, or prefetched as empty (no query) while the case has not yet
    reached `first_stage`, before which that list cannot hold rows."""
    reached = case.stage == Stage.CANCELLED or _STAGE_ORDER[case.stage] >= _STAGE_ORDER[first_stage]
    return Prefetch(lookup, queryset=queryset if reached else queryset.none())


_CONTRACTS = Contract.objects.prefetch_related(
    "suppliers", "signing_organizations", "option_organizations", "phases"
)


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
    """Opened, live bids, for those of the case who declared no conflict of interest
    (evaluators and officers); nothing before the opening, for anyone, and never for the
    platform operator."""
    tender = getattr(case, "tender", None)
    if tender is None or not hasattr(tender, "opening"):
        return Bid.objects.none()
    if not is_declared_evaluator(user, case):
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
    from .models import OpeningSession
    from .permissions import is_case_member

    if not (is_case_member(user, case) or (user.is_authenticated and user.is_platform_admin)):
        return OpeningSession.objects.none()
    qs = OpeningSession.objects.filter(case=case).select_related(
        "started_by", "confirmed_by", "ended_by"
    )
    return qs.filter(kind=kind) if kind else qs


def requests_for_case(user, case) -> QuerySet:
    """Opened, live requests to participate, for the case's officers and declared
    evaluators; nothing before their two-person opening, for anyone (admins included)."""
    from .enums import RequestStatus
    from .models import ParticipationRequest
    from .services.selection import requests_opened

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
    from .enums import RequestStatus
    from .models import ParticipationRequest

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
    from .models import DecisionProposal
    from .permissions import is_decision_maker

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
    from .enums import DecisionStatus
    from .models import DecisionProposal

    if not user or not user.is_authenticated or not user.is_municipal:
        return DecisionProposal.objects.none()
    return DecisionProposal.objects.filter(
        status=DecisionStatus.PROPOSED,
        delegation__holder=user,
        delegation__active=True,
        case__in=procurements_for_user(user).values("pk"),
    ).select_related("case")


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


# --- contract & rounds (procs branch) ---

# A partnership phase waits for its decision from a week before its milestone.
PHASE_DECISION_LEAD_DAYS = 7


def phases_waiting_for_user(user) -> QuerySet[ContractPhase]:
    """Partnership phases whose go/no-go waits for this user: the current phase (every
    earlier one has a go) of a contract whose case names a delegation the user holds,
    from a week before its milestone (or at once when it has no date)."""
    from datetime import timedelta

    from django.db.models import Exists
    from django.utils import timezone

    from .enums import PhaseDecision

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
    from .models import ContractDocument

    return ContractDocument.objects.filter(
        contract__in=contracts_for_user(user).values("pk")
    ).select_related("uploaded_by")


def supplier_selection_state(user, tender) -> dict | None:
    """For procedures with a selection stage: the supplier's own request to participate,
    whether requests are still accepted, whether the selection is decided and whether
    the supplier was invited (None for one-step procedures). Never another supplier's."""
    from django.utils import timezone

    from .permissions import is_invited_candidate

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
    from .models import ContractExtension

    history.register(
        ContractExtension,
        lambda user: ContractExtension.objects.filter(
            contract__in=contracts_for_user(user).values("pk")
        ),
    )


_register_contract_history()
