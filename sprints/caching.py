"""What sprints caches and which changes forget it (core.cache), connected in apps.py:
the dashboard cards, on any change to a call-off, an offer or a session. Bulk updates of
offers and sessions (services) call core.cache.bulk_updated with these declarations."""

from core.cache import invalidate_on_change

from . import models


def connect() -> None:
    from .dashboard import CARDS

    invalidate_on_change(CARDS, models.CallOff, models.Offer, models.Session)
