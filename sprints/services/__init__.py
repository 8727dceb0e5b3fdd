"""Writes for design sprints: call-offs, the ranking cascade, renewed competition, booking,
running the sprint and following it through.

Every state change goes through a function here. They lock the rows they change
(`select_for_update`), record who and why (`acting_as`), and schedule side effects
(notices, e-mails, passing an offer on) only after the transaction commits.
"""

from ._common import (
    MUNICIPAL_SPRINT_ROLES,
    NotPartyToAgreement,
    agreement_called_off_value,
    cancellation_cost,
    cancellation_cutoff,
    release_expired_holds,
)
from .booking import call_off_cancel, call_off_reschedule, closure_day_add
from .call_offs import call_off_create, check_may_call_off
from .competition import (
    competition_answer_submit,
    competition_award,
    competition_close_empty,
    competition_is_sealed,
)
from .offers import call_off_pass_on, offer_respond, offers_sweep
from .running import (
    decider_warnings,
    evaluation_submit,
    invitations_send,
    outcome_record,
    outcome_start_need,
    outcome_start_procurement,
    participant_add,
    participant_remove,
    participant_set_absence,
    prototype_add,
    sessions_for_reminder,
    test_day_session,
)

__all__ = [
    "MUNICIPAL_SPRINT_ROLES",
    "NotPartyToAgreement",
    "agreement_called_off_value",
    "call_off_cancel",
    "call_off_create",
    "call_off_pass_on",
    "call_off_reschedule",
    "cancellation_cost",
    "cancellation_cutoff",
    "check_may_call_off",
    "closure_day_add",
    "competition_answer_submit",
    "competition_award",
    "competition_close_empty",
    "competition_is_sealed",
    "decider_warnings",
    "evaluation_submit",
    "invitations_send",
    "offer_respond",
    "offers_sweep",
    "outcome_record",
    "outcome_start_need",
    "outcome_start_procurement",
    "participant_add",
    "participant_remove",
    "participant_set_absence",
    "prototype_add",
    "release_expired_holds",
    "sessions_for_reminder",
    "test_day_session",
]
