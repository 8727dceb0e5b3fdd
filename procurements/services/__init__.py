"""Writes for procurement cases, one module per part (import from here)."""

from .award import award_decide, award_notices_send, review_decide, review_register, standstill_end
from .bids import bid_submit, bid_withdraw
from .cases import (
    case_event,
    gate_problems,
    procurement_create,
    procurement_transition,
    procurement_update,
)
from .contract_changes import contract_document_upload, contract_extend, contract_update
from .contracts import (
    contract_create,
    contract_join,
    contract_phase_decide,
    contract_reminders_send,
    effect_indicator_create,
    effect_measurement_record,
    follow_up_meeting_record,
    individual_report_mark,
)
from .decisions import (
    case_delegation_set,
    decision_propose,
    decision_transition,
    delegation_add,
)
from .evaluation import (
    agreed_score_record,
    evaluation_complete,
    evaluator_assign,
    evaluator_declare,
    negotiation_round_log,
    requirement_check_record,
    score_record,
)
from .from_needs import procurement_start_from_challenge as procurement_start_from_challenge
from .negotiation import (
    round_open,
    round_question_answer,
    round_question_ask,
    round_tender_submit,
)
from .opening import opening_cancel, opening_confirm, opening_start
from .selection import request_assess, request_submit, selection_decide
from .tender import (
    criteria_apply_vaxjo_template,
    criterion_add,
    criterion_remove,
    document_upload,
    question_answer,
    question_ask,
    requirement_add,
    requirement_remove,
    tender_deadline_extend,
    tender_interest_register,
    tender_save,
)

__all__ = [
    "agreed_score_record",
    "award_decide",
    "award_notices_send",
    "bid_submit",
    "bid_withdraw",
    "case_delegation_set",
    "case_event",
    "contract_create",
    "contract_document_upload",
    "contract_extend",
    "contract_join",
    "contract_phase_decide",
    "contract_reminders_send",
    "contract_update",
    "criteria_apply_vaxjo_template",
    "criterion_add",
    "criterion_remove",
    "decision_propose",
    "decision_transition",
    "delegation_add",
    "document_upload",
    "effect_indicator_create",
    "effect_measurement_record",
    "evaluation_complete",
    "evaluator_assign",
    "evaluator_declare",
    "follow_up_meeting_record",
    "gate_problems",
    "individual_report_mark",
    "negotiation_round_log",
    "opening_cancel",
    "opening_confirm",
    "opening_start",
    "procurement_create",
    "procurement_transition",
    "procurement_update",
    "question_answer",
    "question_ask",
    "request_assess",
    "request_submit",
    "requirement_add",
    "requirement_check_record",
    "requirement_remove",
    "review_decide",
    "review_register",
    "round_open",
    "round_question_answer",
    "round_question_ask",
    "round_tender_submit",
    "score_record",
    "selection_decide",
    "standstill_end",
    "tender_deadline_extend",
    "tender_interest_register",
    "tender_save",
]
