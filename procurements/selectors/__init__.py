"""Reads, always scoped to what the user may see, cut by aggregate. Sealed bids reach
nobody before the opening except their own supplier. No selector raises Http404: an
unknown or foreign row is `None` or `DoesNotExist`, and the view answers 404."""

from . import history_scopes  # noqa: F401  (registers the history scopes)
from .bids import bids_for_case, live_own_bid, own_bids_for_supplier
from .case_page import (
    CASE_PAGE_TIMEOUT,
    _case_stamp,
    _load_case_page,
    _stamp_sql,
    case_for_page,
)
from .cases import (
    case_ids_of_organization,
    cases_waiting_for_user,
    contracts_for_user,
    procurement_get_for_user,
    procurements_for_user,
    published_tenders_for_supplier,
    questions_for_supplier,
    tenders_for_user,
)
from .contracts import (
    PHASE_DECISION_LEAD_DAYS,
    contract_documents_for_user,
    phases_waiting_for_user,
    supplier_selection_state,
)
from .decisions import (
    decision_proposals_for_case,
    decisions_waiting_for_user,
    opening_confirmers,
    openings_for_case,
    own_request_for_supplier,
    requests_for_case,
)
from .reporting import (
    cases_led_by,
    participations_by_stage,
    participations_count,
    stage_durations,
)

__all__ = [
    "CASE_PAGE_TIMEOUT",
    "PHASE_DECISION_LEAD_DAYS",
    "_case_stamp",
    "_load_case_page",
    "_stamp_sql",
    "bids_for_case",
    "case_for_page",
    "case_ids_of_organization",
    "cases_led_by",
    "cases_waiting_for_user",
    "contract_documents_for_user",
    "contracts_for_user",
    "decision_proposals_for_case",
    "decisions_waiting_for_user",
    "live_own_bid",
    "opening_confirmers",
    "openings_for_case",
    "own_bids_for_supplier",
    "own_request_for_supplier",
    "participations_by_stage",
    "participations_count",
    "phases_waiting_for_user",
    "procurement_get_for_user",
    "procurements_for_user",
    "published_tenders_for_supplier",
    "questions_for_supplier",
    "requests_for_case",
    "stage_durations",
    "supplier_selection_state",
    "tenders_for_user",
]
