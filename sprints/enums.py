"""States, kinds and the Design Sprint agenda rules of the sprints app."""

from datetime import time

from django.db import models
from django.utils.translation import gettext_lazy as _


class SprintFormat(models.TextChoices):
    FIVE_DAY = "five_day", _("5-day sprint")
    THREE_DAY = "three_day", _("3-day sprint")
    ONE_DAY = "one_day", _("1-day workshop")
    HALF_DAY = "half_day", _("Half-day workshop")


# format -> (number of days, number of sessions); a half-day workshop is one half session.
FORMAT_LENGTH = {
    SprintFormat.FIVE_DAY: (5, 5),
    SprintFormat.THREE_DAY: (3, 3),
    SprintFormat.ONE_DAY: (1, 1),
    SprintFormat.HALF_DAY: (1, 1),
}


class DayPart(models.TextChoices):
    FULL_DAY = "full_day", _("Full day (09–16)")
    MORNING = "morning", _("Morning (09–12)")
    AFTERNOON = "afternoon", _("Afternoon (13–16)")


DAY_PART_TIMES = {
    DayPart.FULL_DAY: (time(9, 0), time(16, 0)),
    DayPart.MORNING: (time(9, 0), time(12, 0)),
    DayPart.AFTERNOON: (time(13, 0), time(16, 0)),
}


class Route(models.TextChoices):
    RANKING = "ranking", _("Ranking order")
    COMPETITION = "competition", _("Renewed competition")


class CallOffState(models.TextChoices):
    OFFERED = "offered", _("Offered to a supplier")
    COMPETITION = "competition", _("Renewed competition open")
    BOOKED = "booked", _("Accepted and booked")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SUPPLIER = "no_supplier", _("No supplier")


OPEN_CALL_OFF_STATES = (CallOffState.OFFERED, CallOffState.COMPETITION)

ALLOWED_TRANSITIONS = {
    CallOffState.OFFERED: {CallOffState.BOOKED, CallOffState.NO_SUPPLIER, CallOffState.CANCELLED},
    CallOffState.COMPETITION: {
        CallOffState.BOOKED,
        CallOffState.NO_SUPPLIER,
        CallOffState.CANCELLED,
    },
    CallOffState.BOOKED: {CallOffState.COMPLETED, CallOffState.CANCELLED},
    CallOffState.COMPLETED: set(),
    CallOffState.CANCELLED: set(),
    CallOffState.NO_SUPPLIER: set(),
}


class OfferState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    """The reasons the agreement accepts for declining a call-off."""

    NO_CAPACITY = "no_capacity", _("No facilitator available on the dates")
    CONFLICT_OF_INTEREST = "conflict_of_interest", _("Conflict of interest")
    FORCE_MAJEURE = "force_majeure", _("Illness or force majeure")


class SessionState(models.TextChoices):
    HELD = "held", _("Held while the offer waits")
    CONFIRMED = "confirmed", _("Confirmed")
    RELEASED = "released", _("Released")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_SESSION_STATES = (SessionState.HELD, SessionState.CONFIRMED)


class ParticipantRole(models.TextChoices):
    DECIDER = "decider", _("Decider")
    FACILITATOR = "facilitator", _("Facilitator")
    CORE_TEAM = "core_team", _("Core team")
    EXPERT = "expert", _("Expert")
    TEST_USER = "test_user", _("Test user")


MAX_CORE_TEAM = 7
MAX_TEST_USERS = 5


class Phase(models.TextChoices):
    MAP = "map", _("Map")
    SKETCH = "sketch", _("Sketch")
    DECIDE = "decide", _("Decide")
    PROTOTYPE = "prototype", _("Prototype")
    TEST = "test", _("Test")


DECIDER_PHASES = {Phase.MAP, Phase.DECIDE, Phase.TEST}

# format -> one list of (phase, start, end) per session day.
AGENDA = {
    SprintFormat.FIVE_DAY: [
        [(Phase.MAP, time(9, 0), time(16, 0))],
        [(Phase.SKETCH, time(9, 0), time(16, 0))],
        [(Phase.DECIDE, time(9, 0), time(16, 0))],
        [(Phase.PROTOTYPE, time(9, 0), time(16, 0))],
        [(Phase.TEST, time(9, 0), time(16, 0))],
    ],
    SprintFormat.THREE_DAY: [
        [(Phase.MAP, time(9, 0), time(12, 0)), (Phase.SKETCH, time(13, 0), time(16, 0))],
        [(Phase.DECIDE, time(9, 0), time(11, 0)), (Phase.PROTOTYPE, time(11, 0), time(16, 0))],
        [(Phase.TEST, time(9, 0), time(16, 0))],
    ],
    SprintFormat.ONE_DAY: [
        [
            (Phase.MAP, time(9, 0), time(10, 30)),
            (Phase.SKETCH, time(10, 30), time(12, 0)),
            (Phase.DECIDE, time(13, 0), time(14, 0)),
            (Phase.PROTOTYPE, time(14, 0), time(16, 0)),
        ]
    ],
    SprintFormat.HALF_DAY: [
        [
            (Phase.MAP, time(0, 0), time(1, 0)),
            (Phase.SKETCH, time(1, 0), time(2, 0)),
            (Phase.DECIDE, time(2, 0), time(3, 0)),
        ]
    ],
}
# The half-day agenda's times are offsets from the session start (morning or afternoon).
