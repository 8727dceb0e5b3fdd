"""Needs, challenges, workshops and prioritisation rounds, one module per aggregate.

Need and Challenge were created by the foundation as anchors (procurements refers to
them); this app extends them. Rules live in services; the database refuses what must
never happen (see each Meta.constraints).
"""

from .challenges import (
    Challenge,
    ChallengeParticipation,
)
from .common import (
    SCALE_LIMIT,
    AnswerOption,
)
from .needs import (
    AssessmentNote,
    Need,
    NeedAssessor,
    NeedAttachment,
    NeedComment,
)
from .priorities import (
    PriorityCriterion,
    PriorityRound,
    PriorityScore,
    RoundChallenge,
)
from .workshops import (
    GUEST_INVITED,
    GUEST_WITHDRAWN,
    Workshop,
    WorkshopGuest,
    WorkshopParticipant,
)

__all__ = [
    "GUEST_INVITED",
    "GUEST_WITHDRAWN",
    "SCALE_LIMIT",
    "AnswerOption",
    "AssessmentNote",
    "Challenge",
    "ChallengeParticipation",
    "Need",
    "NeedAssessor",
    "NeedAttachment",
    "NeedComment",
    "PriorityCriterion",
    "PriorityRound",
    "PriorityScore",
    "RoundChallenge",
    "Workshop",
    "WorkshopGuest",
    "WorkshopParticipant",
]
