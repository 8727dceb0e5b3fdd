"""The case page's data: loaded in a fixed number of queries and cached under a stamp of
every row it shows."""

import functools
import hashlib

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import JSONObject

from core.cache import cached

from ..enums import Stage
from ..models import (
    AwardDecision,
    Bid,
    CaseEvaluator,
    Contract,
    ContractPhase,
    Criterion,
    EffectIndicator,
    FollowUpMeeting,
    ProcurementCase,
    ReviewApplication,
    Tender,
    TenderDocument,
    TenderQuestion,
)

CASE_PAGE_TIMEOUT = 24 * 3600


def case_for_page(user, pk) -> ProcurementCase:
    """The case with everything its page shows, for a user who may see it; else None (the
    view answers 404).

    The page's data is cached under a stamp of every row it shows (`_case_stamp`): one
    small query, then the case comes from the cache while nothing it shows has changed,
    and is loaded again (`_load_case_page`) as soon as anything has. Who may see the case
    is decided for every request by the `procurements.view_case` permission, on the lead
    and participating municipalities of the stamped data.
    """
    stamp = _case_stamp(pk)
    if stamp is None:
        return None
    digest = hashlib.blake2b(stamp.encode(), digest_size=16).hexdigest()
    case = cached(
        "procurements:case-page",
        (pk, digest),
        lambda: _load_case_page(pk),
        timeout=CASE_PAGE_TIMEOUT,
    )
    if not user.has_perm("procurements.view_case", case):
        return None
    return case


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
    from core.models import CpvCode
    from needs.models import Challenge, Need
    from organizations.models import Organization, User

    case = _case_page_queryset().get(pk=pk)
    case.participant_list = [Organization(**row) for row in case.participant_rows]
    case.team_list = [User(**row) for row in case.team_rows]
    case.need_list = [Need(**row) for row in case.need_rows]
    case.challenge_list = [Challenge(**row) for row in case.challenge_rows]
    case.cpv_list = [CpvCode(**row) for row in case.cpv_rows]
    case._case_org_ids = {case.lead_organization_id} | {o.pk for o in case.participant_list}
    case._case_team_ids = {u.pk for u in case.team_list}

    tender = getattr(case, "tender", None)
    prefetch_related_objects([case], *_case_page_lookups(case, tender))
    from ..services.evaluation import evaluation_results

    opened = tender is not None and hasattr(tender, "opening")
    case.evaluation = evaluation_results(tender) if opened else None
    return case


def _case_page_queryset():
    """The case row with its short lists as array columns (see `_load_case_page`)."""
    from core.models import CpvCode
    from needs.models import Challenge, Need
    from organizations.models import Organization, User

    from ..models import Requirement

    return (
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


def _case_page_lookups(case, tender) -> list:
    """The lists the case page prefetches, empty (no query) where the stage has none."""
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
    return lookups


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


def _table(model) -> str:
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


def _stamp_rows(model, where: str) -> str:
    """The number and transaction ids of `model`'s rows matching `where` (SQL on `x`)."""
    return (
        f"(SELECT count(*) || ':' || coalesce(string_agg(x.xmin::text, ',' "  # noqa: S608
        f"ORDER BY x.xmin::text), '') FROM {_table(model)} x WHERE {where})"
    )


def _ids(model, column: str, where: str) -> str:
    return f"(SELECT {column} FROM {_table(model)} WHERE {where})"  # noqa: S608


@functools.cache
def _stamp_sql() -> str:
    """The stamp's statement, built once from the models' tables and columns (no input
    of a user goes into it: the case's id is its one parameter)."""
    from organizations.models import Organization, User

    from ..models import (
        AgreedScore,
        BidOpening,
        DocumentVersion,
        EffectMeasurement,
        Requirement,
        Score,
    )

    tender = _ids(Tender, "id", "case_id = c.id")
    # Bids count only once opened: before that a new stamp (a cache miss, a slower page)
    # would tell anyone who can see the case that a bid arrived.
    opened = _ids(BidOpening, "tender_id", f"tender_id IN {tender}")
    bids = _ids(Bid, "id", f"tender_id IN {opened}")
    contracts = _ids(Contract, "id", "case_id = c.id")
    award = _ids(AwardDecision, "id", "case_id = c.id")
    opening_users = (
        f"({_ids(BidOpening, 'opened_by_id', f'tender_id IN {tender}')} "
        f"UNION ALL {_ids(BidOpening, 'witness_id', f'tender_id IN {tender}')})"
    )
    parts = [
        "c.xmin::text",
        _stamp_rows(Organization, "x.id = c.lead_organization_id"),
        _stamp_rows(User, "x.id IN (c.responsible_officer_id, c.need_owner_id)"),
        _stamp_rows(Tender, "x.case_id = c.id"),
        _stamp_rows(BidOpening, f"x.tender_id IN {tender}"),
        _stamp_rows(User, f"x.id IN {opening_users}"),
        _stamp_rows(AwardDecision, "x.case_id = c.id"),
        _stamp_rows(Requirement, f"x.tender_id IN {tender}"),
        _stamp_rows(Criterion, f"x.tender_id IN {tender}"),
        _stamp_rows(TenderDocument, f"x.tender_id IN {tender}"),
        _stamp_rows(
            DocumentVersion,
            f"x.document_id IN {_ids(TenderDocument, 'id', f'tender_id IN {tender}')}",
        ),
        _stamp_rows(TenderQuestion, f"x.tender_id IN {tender}"),
        _stamp_rows(CaseEvaluator, "x.case_id = c.id"),
        _stamp_rows(User, f"x.id IN {_ids(CaseEvaluator, 'user_id', 'case_id = c.id')}"),
        _stamp_rows(EffectIndicator, "x.case_id = c.id"),
        _stamp_rows(
            EffectMeasurement,
            f"x.indicator_id IN {_ids(EffectIndicator, 'id', 'case_id = c.id')}",
        ),
        _stamp_rows(ReviewApplication, "x.case_id = c.id"),
        _stamp_rows(FollowUpMeeting, "x.case_id = c.id"),
        _stamp_rows(Contract, "x.case_id = c.id"),
        _stamp_rows(ContractPhase, f"x.contract_id IN {contracts}"),
        _stamp_rows(Bid, f"x.tender_id IN {opened}"),
        _stamp_rows(Organization, f"x.id IN {_ids(Bid, 'supplier_id', f'tender_id IN {opened}')}"),
        _stamp_rows(Score, f"x.bid_id IN {bids}"),
        _stamp_rows(User, f"x.id IN {_ids(Score, 'evaluator_id', f'bid_id IN {bids}')}"),
        _stamp_rows(AgreedScore, f"x.bid_id IN {bids}"),
    ]
    parts += _m2m_stamp_parts(award, contracts)
    return (
        f"SELECT concat_ws('|', {', '.join(parts)}) "  # noqa: S608
        f"FROM {_table(ProcurementCase)} c WHERE c.id = %s"
    )


def _m2m_stamp_parts(award: str, contracts: str) -> list[str]:
    """The stamp's parts for the case's many-to-many lists: the links and their rows."""
    from core.models import CpvCode
    from needs.models import Challenge, Need
    from organizations.models import Organization, User

    parts = []
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
        parts.append(_stamp_rows(through, f"x.{link}"))
        parts.append(
            _stamp_rows(target, f"x.{target_pk} IN {_ids(through, field.m2m_reverse_name(), link)}")
        )
    return parts


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
