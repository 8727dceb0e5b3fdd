"""What dialogue caches and which changes forget it (core.cache), connected in apps.py:
the dashboard cards, on any change to an RFI, its invitations, responses, clarifications
or a dialogue activity."""

from core.cache import invalidate_on_change

from . import models


def connect() -> None:
    from . import receivers
    from .dashboard import CARDS

    receivers.connect()  # the registrations of dialogue in procurements (OCDS, demo)

    invalidate_on_change(
        CARDS,
        models.Rfi,
        models.RfiInvitation,
        models.RfiResponse,
        models.Clarification,
        models.DialogueActivity,
    )
