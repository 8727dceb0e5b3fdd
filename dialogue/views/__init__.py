"""Pages of the market dialogue, cut by aggregate. Every object comes from a selector that
takes the user (a foreign object answers 404); writes go through services."""

from .activities import (
    activity_create_for_case,
    activity_create_for_challenge,
    activity_detail,
    activity_edit,
    activity_file,
    activity_file_add,
    activity_ics_download,
    activity_list,
    activity_list_csv,
    comment_add,
    section_add,
)
from .clarifications import (
    clarification_answer,
    clarification_ask,
)
from .overview import (
    case_dialogue,
    challenge_dialogue,
    index,
)
from .responses import (
    answer_file,
    response_detail,
    response_edit,
    rfi_compare,
    rfi_export,
)
from .rfis import (
    question_add,
    question_delete,
    rfi_cancel,
    rfi_create_for_case,
    rfi_create_for_challenge,
    rfi_detail,
    rfi_edit,
    rfi_list,
    rfi_list_csv,
    rfi_publish,
)
from .suppliers import (
    cpv_search,
    profile_edit,
    supplier_register,
)

__all__ = [
    "activity_create_for_case",
    "activity_create_for_challenge",
    "activity_detail",
    "activity_edit",
    "activity_file",
    "activity_file_add",
    "activity_ics_download",
    "activity_list",
    "activity_list_csv",
    "answer_file",
    "case_dialogue",
    "challenge_dialogue",
    "clarification_answer",
    "clarification_ask",
    "comment_add",
    "cpv_search",
    "index",
    "profile_edit",
    "question_add",
    "question_delete",
    "response_detail",
    "response_edit",
    "rfi_cancel",
    "rfi_compare",
    "rfi_create_for_case",
    "rfi_create_for_challenge",
    "rfi_detail",
    "rfi_edit",
    "rfi_export",
    "rfi_list",
    "rfi_list_csv",
    "rfi_publish",
    "section_add",
    "supplier_register",
]
