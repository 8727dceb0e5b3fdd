"""Writes for the arena. Keyword-only, validated here, history attached (`acting_as`).

Cut by aggregate: `content` (lessons, the library, events with registration and
reminders, the evaluation space) and `posts` (posts and replies). Callers import from
`arena.services`.
"""

from .content import (
    REMIND_BEFORE,
    ArenaError,
    attendance_record,
    document_create,
    document_version_add,
    evaluation_material_add,
    evaluation_publish,
    evaluation_space_create,
    event_cancel,
    event_create,
    event_publish,
    event_register,
    event_reminders_send,
    lesson_create,
    registration_cancel,
)
from .posts import post_create, post_update, reply_add

__all__ = [
    "REMIND_BEFORE",
    "ArenaError",
    "attendance_record",
    "document_create",
    "document_version_add",
    "evaluation_material_add",
    "evaluation_publish",
    "evaluation_space_create",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_register",
    "event_reminders_send",
    "lesson_create",
    "post_create",
    "post_update",
    "registration_cancel",
    "reply_add",
]
