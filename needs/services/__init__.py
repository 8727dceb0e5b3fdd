"""Writes for needs, challenges, workshops and prioritisation rounds (import from here).

Every function is keyword-only, validates, runs in a transaction with the acting user
recorded in the history, and raises `ValidationError` with a translated message.
Notifications and e-mails are stored in the same transaction and sent after commit.
"""

from .challenges import (
    challenge_create,
    challenge_join,
    challenge_leave,
    challenge_update,
)
from .common import (
    NEED_TEXT_FIELDS,
    answer_options_ensure,
)
from .guests import (
    attendance_record,
    guest_invite,
    guest_reply,
    guest_token_hash,
    guest_withdraw,
)
from .needs import (
    assessment_note_add,
    assessor_assign,
    assessor_remove,
    need_answer,
    need_attachment_add,
    need_comment_add,
    need_create,
    need_merge,
    need_reject,
    need_submit,
    need_transition,
    need_update,
)
from .priorities import (
    round_create,
    round_decide,
    round_transition,
    score_set,
)
from .workshops import (
    workshop_cancel,
    workshop_create,
    workshop_record_outcome,
    workshop_send_invitation,
    workshop_send_reminder,
    workshop_update,
)

__all__ = [
    "NEED_TEXT_FIELDS",
    "answer_options_ensure",
    "assessment_note_add",
    "assessor_assign",
    "assessor_remove",
    "attendance_record",
    "challenge_create",
    "challenge_join",
    "challenge_leave",
    "challenge_update",
    "guest_invite",
    "guest_reply",
    "guest_token_hash",
    "guest_withdraw",
    "need_answer",
    "need_attachment_add",
    "need_comment_add",
    "need_create",
    "need_merge",
    "need_reject",
    "need_submit",
    "need_transition",
    "need_update",
    "round_create",
    "round_decide",
    "round_transition",
    "score_set",
    "workshop_cancel",
    "workshop_create",
    "workshop_record_outcome",
    "workshop_send_invitation",
    "workshop_send_reminder",
    "workshop_update",
]
