"""Procurement models, one module per part of the case (import from here)."""

from .bids import Bid, BidFile, BidOpening
from .case import CaseEvaluator, CaseEvent, ProcurementCase, ReferenceCounter
from .contract import (
    Contract,
    ContractDocument,
    ContractExtension,
    ContractJoining,
    ContractPhase,
    EffectIndicator,
    EffectMeasurement,
    FollowUpMeeting,
)
from .decisions import DecisionProposal, DelegationEntry
from .evaluation import (
    AgreedScore,
    AwardDecision,
    NegotiationRound,
    RequirementCheck,
    ReviewApplication,
    Score,
)
from .negotiation import RoundParticipant, RoundQuestion, RoundTender, TenderRound
from .ocds import OcdsRelease
from .opening import OpeningSession
from .selection import ParticipationRequest, ParticipationRequestFile, SelectionAssessment
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
    "ContractDocument",
    "ContractExtension",
    "ContractJoining",
    "ContractPhase",
    "Criterion",
    "DecisionProposal",
    "DelegationEntry",
    "DocumentVersion",
    "EffectIndicator",
    "EffectMeasurement",
    "FollowUpMeeting",
    "NegotiationRound",
    "OcdsRelease",
    "OpeningSession",
    "ParticipationRequest",
    "ParticipationRequestFile",
    "ProcurementCase",
    "ReferenceCounter",
    "Requirement",
    "RequirementCheck",
    "ReviewApplication",
    "RoundParticipant",
    "RoundQuestion",
    "RoundTender",
    "Score",
    "SelectionAssessment",
    "Tender",
    "TenderDocument",
    "TenderInterest",
    "TenderQuestion",
    "TenderRound",
]
