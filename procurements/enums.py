"""States, kinds and the procedures' configuration (rules are data, not code branches)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    NEED = "need", _("Need")
    DIALOGUE = "dialogue", _("Dialogue")
    TENDER = "tender", _("Tender")
    EVALUATION = "evaluation", _("Evaluation")
    AWARD = "award", _("Award")
    CONTRACT = "contract", _("Contract")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


TERMINAL_STAGES = (Stage.CLOSED, Stage.CANCELLED)
OPEN_STAGES = tuple(s for s in Stage if s not in TERMINAL_STAGES)

# Forward moves; cancelling is allowed from every open stage.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.NEED: (Stage.DIALOGUE, Stage.TENDER, Stage.CANCELLED),
    Stage.DIALOGUE: (Stage.TENDER, Stage.CANCELLED),
    Stage.TENDER: (Stage.EVALUATION, Stage.CANCELLED),
    Stage.EVALUATION: (Stage.AWARD, Stage.CANCELLED),
    Stage.AWARD: (Stage.CONTRACT, Stage.CANCELLED),
    Stage.CONTRACT: (Stage.FOLLOW_UP, Stage.CANCELLED),
    Stage.FOLLOW_UP: (Stage.CLOSED, Stage.CANCELLED),
    Stage.CLOSED: (),
    Stage.CANCELLED: (),
}


class Procedure(models.TextChoices):
    INNOVATION_PARTNERSHIP = "innovation_partnership", _("Innovation partnership")
    COMPETITIVE_DIALOGUE = "competitive_dialogue", _("Competitive dialogue")
    NEGOTIATED = "negotiated", _("Negotiated procedure with prior publication")
    OPEN = "open", _("Open procedure")
    PRE_COMMERCIAL = "pre_commercial", _("Pre-commercial procurement")
    DESIGN_CONTEST = "design_contest", _("Design contest")
    DIRECT_AWARD = "direct_award", _("Direct award")


# The procedures that count as innovation procurement in the reports (all but the open
# procedure and the direct award).
INNOVATION_PROCEDURES = (
    Procedure.INNOVATION_PARTNERSHIP,
    Procedure.COMPETITIVE_DIALOGUE,
    Procedure.PRE_COMMERCIAL,
    Procedure.DESIGN_CONTEST,
    Procedure.NEGOTIATED,
)


@dataclass(frozen=True)
class ProcedureRules:
    """What a procedure implies. Services read these; nothing branches on the procedure."""

    min_tender_days: int  # shortest period from publication to the deadline
    question_cutoff_days: int  # answers must go out at least this many days before it
    accelerated_cutoff_days: int
    standstill_electronic_days: int
    standstill_other_days: int
    negotiation_rounds: int  # 0: no negotiation with bidders
    phases: tuple = ()  # default contract phases (innovation partnership)
    outside_lou: bool = False  # pre-commercial procurement: must record why
    requires_tender: bool = True
    # Two steps: sealed requests to participate first, then only the invited candidates
    # tender (restricted, negotiated, competitive dialogue, innovation partnership).
    selection: bool = False


_PARTNERSHIP_PHASES = (
    _("Research and development"),
    _("Prototype and test"),
    _("Delivery"),
)

PROCEDURE_RULES: dict[str, ProcedureRules] = {
    Procedure.INNOVATION_PARTNERSHIP: ProcedureRules(
        30, 6, 4, 10, 15, 3, _PARTNERSHIP_PHASES, selection=True
    ),
    Procedure.COMPETITIVE_DIALOGUE: ProcedureRules(30, 6, 4, 10, 15, 3, selection=True),
    Procedure.NEGOTIATED: ProcedureRules(30, 6, 4, 10, 15, 2, selection=True),
    Procedure.OPEN: ProcedureRules(30, 6, 4, 10, 15, 0),
    Procedure.PRE_COMMERCIAL: ProcedureRules(
        20, 6, 4, 10, 15, 2, (_("Solution design"), _("Prototype"), _("Test")), True
    ),
    Procedure.DESIGN_CONTEST: ProcedureRules(30, 6, 4, 10, 15, 0),
    Procedure.DIRECT_AWARD: ProcedureRules(0, 0, 0, 10, 15, 0, requires_tender=False),
}
DEFAULT_RULES = PROCEDURE_RULES[Procedure.OPEN]


def rules_for(procedure: str) -> ProcedureRules:
    return PROCEDURE_RULES.get(procedure, DEFAULT_RULES)


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REJECTED = "rejected", _("Rejected by the court")
    UPHELD = "upheld", _("Upheld by the court")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PhaseDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    GO = "go", _("Go")
    NO_GO = "no_go", _("No go")
    # A later phase that will not run: an earlier phase got a no-go.
    ENDED = "ended", _("Ended by an earlier no go")


class RoundKind(models.TextChoices):
    NEGOTIATION = "negotiation", _("Negotiation")
    CLARIFICATION = "clarification", _("Clarification")


class ContractKind(models.TextChoices):
    CONTRACT = "contract", _("Contract")
    FRAMEWORK = "framework", _("Framework agreement")


class EventKind(models.TextChoices):
    CREATED = "created", _("Case opened")
    STAGE = "stage", _("Stage changed")
    DOCUMENT = "document", _("Document")
    AMENDMENT = "amendment", _("Amendment")
    QUESTION = "question", _("Question answered")
    DEADLINE = "deadline", _("Deadline extended")
    PUBLISHED = "published", _("Tender published")
    OPENING = "opening", _("Bids opened")
    EVALUATION = "evaluation", _("Evaluation")
    NEGOTIATION = "negotiation", _("Negotiation round")
    AWARD = "award", _("Award decision")
    REVIEW = "review", _("Review application")
    CONTRACT = "contract", _("Contract")
    FOLLOW_UP = "follow_up", _("Follow-up")
    REPORT = "report", _("Individual report")
    DECISION = "decision", _("Decision")
    SELECTION = "selection", _("Selection of candidates")


class OpeningKind(models.TextChoices):
    """What a two-person opening unseals (one mechanism for all of them)."""

    BIDS = "bids", _("Tenders")
    REQUESTS = "requests", _("Requests to participate")
    ROUND = "round", _("Revised or final tenders")


class OpeningStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the second official")
    CONFIRMED = "confirmed", _("Opened")
    EXPIRED = "expired", _("Expired unconfirmed")
    CANCELLED = "cancelled", _("Cancelled")


# An opening started by one official must be confirmed by a second one, in their own
# session, within this many minutes; after that it lapses and has to be started again.
OPENING_CONFIRMATION_MINUTES = 30


class DecisionKind(models.TextChoices):
    AWARD = "award", _("Award decision")
    CANCELLATION = "cancellation", _("Cancellation")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting decision")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_DECISION_STATUSES = (DecisionStatus.PROPOSED, DecisionStatus.APPROVED)

# Proposal → decision: the authorised person approves or sends back; the officer may
# withdraw a proposal not yet decided. Approved, sent back and withdrawn are final (a
# sent-back proposal is followed by a new one).
DECISION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    DecisionStatus.PROPOSED: (
        DecisionStatus.APPROVED,
        DecisionStatus.SENT_BACK,
        DecisionStatus.WITHDRAWN,
    ),
    DecisionStatus.APPROVED: (),
    DecisionStatus.SENT_BACK: (),
    DecisionStatus.WITHDRAWN: (),
}


# The Växjö criteria: a ready template for innovation procurements.
VAXJO_CRITERIA = (
    (_("Feasibility"), _("Can the solution be realised with the proposed team and plan?"), 40),
    (_("Effect"), _("How much does the solution improve things for the users?"), 40),
    (_("Business viability"), _("Can the solution live on after the project?"), 20),
)
