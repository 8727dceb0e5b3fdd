"""Writes for the market dialogue, cut by aggregate. Each validates, runs in a
transaction, is recorded in the history (`acting_as`) and, where a message goes to or
comes from a supplier, in the append-only message log (`SupplierMessage`): the
documentation duty.

`suppliers` (registration, profile), `rfis` (requests for information and their
notices), `responses` (suppliers' answers), `clarifications` (questions and answers on
an RFI), `activities` (meetings, demonstrations, consultations); `common` holds what
they share.
"""

from .activities import (
    activity_create,
    activity_file_add,
    activity_notify_invitation,
    activity_update,
    consultation_comment_add,
    consultation_section_add,
)
from .clarifications import (
    clarification_answer,
    clarification_ask,
    clarification_notify_asked,
    clarification_publish_notify,
)
from .common import ANSWER_FILE_MAX_BYTES, REMINDER_BEFORE
from .responses import rfi_response_save
from .rfis import (
    rfi_cancel,
    rfi_create,
    rfi_publish,
    rfi_question_add,
    rfi_question_delete,
    rfi_recipients,
    rfi_send_cancelled,
    rfi_send_invitations,
    rfi_send_reminder,
    rfi_send_reminders,
    rfi_update,
)
from .suppliers import supplier_profile_get_or_create, supplier_profile_update, supplier_register

__all__ = [
    "ANSWER_FILE_MAX_BYTES",
    "REMINDER_BEFORE",
    "activity_create",
    "activity_file_add",
    "activity_notify_invitation",
    "activity_update",
    "clarification_answer",
    "clarification_ask",
    "clarification_notify_asked",
    "clarification_publish_notify",
    "consultation_comment_add",
    "consultation_section_add",
    "rfi_cancel",
    "rfi_create",
    "rfi_publish",
    "rfi_question_add",
    "rfi_question_delete",
    "rfi_recipients",
    "rfi_response_save",
    "rfi_send_cancelled",
    "rfi_send_invitations",
    "rfi_send_reminder",
    "rfi_send_reminders",
    "rfi_update",
    "supplier_profile_get_or_create",
    "supplier_profile_update",
    "supplier_register",
]
