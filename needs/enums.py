from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_CHALLENGE = "in_challenge", _("Taken into a challenge")
    MERGED = "merged", _("Merged")
    SOLVED_OTHERWISE = "solved_otherwise", _("Solved another way")
    DEFERRED = "deferred", _("Not now")
    REJECTED = "rejected", _("Rejected")


# Statuses in which a need is still waiting for (or open to) an assessment.
OPEN_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.DEFERRED)
# Statuses that an assessment answer may lead to.
ANSWER_STATUSES = (
    NeedStatus.IN_CHALLENGE,
    NeedStatus.MERGED,
    NeedStatus.SOLVED_OTHERWISE,
    NeedStatus.DEFERRED,
)
# Moves that need a written reason.
REASON_REQUIRED = {
    NeedStatus.MERGED,
    NeedStatus.SOLVED_OTHERWISE,
    NeedStatus.DEFERRED,
    NeedStatus.REJECTED,
    NeedStatus.IN_CHALLENGE,
}

NEED_ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.DRAFT: {NeedStatus.SUBMITTED},
    NeedStatus.SUBMITTED: {
        NeedStatus.IN_CHALLENGE,
        NeedStatus.MERGED,
        NeedStatus.SOLVED_OTHERWISE,
        NeedStatus.DEFERRED,
        NeedStatus.REJECTED,
    },
    NeedStatus.DEFERRED: {
        NeedStatus.SUBMITTED,
        NeedStatus.IN_CHALLENGE,
        NeedStatus.MERGED,
        NeedStatus.SOLVED_OTHERWISE,
        NeedStatus.REJECTED,
    },
    NeedStatus.IN_CHALLENGE: set(),
    NeedStatus.MERGED: set(),
    NeedStatus.SOLVED_OTHERWISE: set(),
    NeedStatus.REJECTED: set(),
}
ALLOWED_TRANSITIONS = NEED_ALLOWED_TRANSITIONS


class Department(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    SCHOOL = "school", _("School")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH_CARE = "health_care", _("Health and care")
    PLANNING = "planning", _("Planning and building permits")
    TECHNICAL = "technical", _("Technical services and properties")
    WATER = "water", _("Water and sewerage")
    ENVIRONMENT = "environment", _("Environment and energy")
    IT = "it", _("IT and digitalisation")
    HR = "hr", _("HR and staffing")
    CULTURE = "culture", _("Culture and leisure")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Decided")


ROUND_ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: {RoundStatus.OPEN, RoundStatus.DECIDED},
    RoundStatus.DECIDED: set(),
}

# The default criteria of a prioritisation round: (name, description).
DEFAULT_CRITERIA = [
    (_("Effect"), _("How much better would things be for citizens and staff?")),
    (_("Shared by municipalities"), _("How many municipalities share the need?")),
    (
        _("Solution already on the market"),
        _("A high score means no good solution exists on the market yet."),
    ),
    (_("Fit for innovation procurement"), _("Does it suit an innovation procurement?")),
]


# The answer options every installation starts with (also loaded by migration 0003):
# (code, Swedish label, English label, resulting status, order)
DEFAULT_ANSWER_OPTIONS = [
    ("challenge", "Tas in i en utmaning", "Taken into a challenge", "in_challenge", 10),
    ("merged", "Sammanslaget med ett liknande behov", "Merged with a similar need", "merged", 20),
    ("solved-otherwise", "Löst på annat sätt", "Solved another way", "solved_otherwise", 30),
    ("not-now", "Inte nu", "Not now", "deferred", 40),
]


class GuestReply(models.TextChoices):
    """A workshop guest's answer to the invitation."""

    PENDING = "pending", _("not answered yet")
    YES = "yes", _("coming")
    NO = "no", _("not coming")
