"""Pages for design sprints, one module per aggregate. Every object comes from a selector
taking the user; who may act is asked of `sprints.permissions`."""

from .agreement_setup import agreement_create, agreement_terms
from .agreements import agreement_detail, agreement_list, distribution
from .calendar import calendar, closure_days, session_ics_download
from .call_offs import (
    calloff_cancel,
    calloff_create,
    calloff_detail,
    calloff_list,
    calloff_list_csv,
    calloff_reschedule,
)
from .offers import competition_answer, competition_award, offer_respond
from .outcomes import (
    evaluation,
    outcome_edit,
    outcome_follow_through,
    prototype_add,
    prototype_file,
    prototype_list,
)
from .participants import (
    invitations_send,
    participant_absence,
    participant_add,
    participant_remove,
)
from .resources import (
    closure_day_delete,
    room_delete,
    room_edit,
    room_list,
    team_delete,
    team_edit,
    team_list,
)

__all__ = [
    "agreement_create",
    "agreement_detail",
    "agreement_list",
    "agreement_terms",
    "calendar",
    "calloff_cancel",
    "calloff_create",
    "calloff_detail",
    "calloff_list",
    "calloff_list_csv",
    "calloff_reschedule",
    "closure_day_delete",
    "closure_days",
    "competition_answer",
    "competition_award",
    "distribution",
    "evaluation",
    "invitations_send",
    "offer_respond",
    "outcome_edit",
    "outcome_follow_through",
    "participant_absence",
    "participant_add",
    "participant_remove",
    "prototype_add",
    "prototype_file",
    "prototype_list",
    "room_delete",
    "room_edit",
    "room_list",
    "session_ics_download",
    "team_delete",
    "team_edit",
    "team_list",
]
