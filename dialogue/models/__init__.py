"""Early market dialogue: supplier profiles, RFIs with questions and answers, questions
and answers on RFIs, dialogue activities (meetings, workshops, visits, consultation
rounds) and the log of every message to or from a supplier, cut by aggregate.

Everything except the supplier profile belongs to a procurement case or, before a case
exists, to a challenge: exactly one of the two is set (a check constraint says so).
"""

from .activities import ActivityFile, ConsultationComment, ConsultationSection, DialogueActivity
from .base import AnchoredModel
from .clarifications import Clarification
from .messages import SupplierMessage
from .responses import RfiAnswer, RfiResponse
from .rfis import Rfi, RfiInvitation, RfiQuestion
from .suppliers import SupplierProfile

__all__ = [
    "ActivityFile",
    "AnchoredModel",
    "Clarification",
    "ConsultationComment",
    "ConsultationSection",
    "DialogueActivity",
    "Rfi",
    "RfiAnswer",
    "RfiInvitation",
    "RfiQuestion",
    "RfiResponse",
    "SupplierMessage",
    "SupplierProfile",
]
