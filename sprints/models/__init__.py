"""Design sprints: the framework agreement's terms, call-offs, offers, bookings, outcomes.

No business rules here: they live in services. The database refuses what must never
happen: two active sessions for the same facilitator team or room at the same time
(exclusion constraints), two pending offers for one call-off, duplicate prices and ranks.

One module per aggregate; everything is re-exported here so `from sprints.models import X`
keeps working.
"""

from .agreements import AgreementFormat, AgreementPrice, AgreementSupplier, FrameworkAgreement
from .call_offs import CallOff, CompetitionAnswer, Offer
from .outcomes import Evaluation, Outcome, Prototype
from .resources import ClosureDay, FacilitatorTeam, Room
from .sessions import Participant, Session

__all__ = [
    "AgreementFormat",
    "AgreementPrice",
    "AgreementSupplier",
    "CallOff",
    "ClosureDay",
    "CompetitionAnswer",
    "Evaluation",
    "FacilitatorTeam",
    "FrameworkAgreement",
    "Offer",
    "Outcome",
    "Participant",
    "Prototype",
    "Room",
    "Session",
]
