"""Procurement models, one module per part of the case (import from here)."""

from .bids import Bid, BidFile, BidOpening
from .case import CaseEvaluator, CaseEvent, ProcurementCase, ReferenceCounter
from .contract import (
    Contract,
    ContractJoining,
    ContractPhase,
    EffectIndicator,
    EffectMeasurement,
    FollowUpMeeting,
)
from .evaluation import (
    AgreedScore,
    AwardDecision,
    NegotiationRound,
    RequirementCheck,
    ReviewApplication,
    Score,
)
from .ocds import OcdsRelease
from .tender import (
    Criterion,
    DocumentVersion,
    Requirement,
    Tender,
    TenderDocument,
    TenderInterest,
    TenderQuestion,
)

__all__ = [
    "AgreedScore",
    "AwardDecision",
    "Bid",
    "BidFile",
    "BidOpening",
    "CaseEvaluator",
    "CaseEvent",
    "Contract",
    "ContractJoining",
    "ContractPhase",
    "Criterion",
    "DocumentVersion",
    "EffectIndicator",
    "EffectMeasurement",
    "FollowUpMeeting",
    "NegotiationRound",
    "OcdsRelease",
    "ProcurementCase",
    "ReferenceCounter",
    "Requirement",
    "RequirementCheck",
    "ReviewApplication",
    "Score",
    "Tender",
    "TenderDocument",
    "TenderInterest",
    "TenderQuestion",
]
