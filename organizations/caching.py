"""What organizations caches and which changes forget it (core.cache), connected in
apps.py: the people and municipality choice lists (PEOPLE) on any organisation or user
change; a municipality's networks (NETWORKS) on any network, organisation or membership
change."""

from core.cache import invalidate_on_change

from . import selectors
from .models import Network, Organization, User


def connect() -> None:
    invalidate_on_change(selectors.PEOPLE, Organization, User)
    invalidate_on_change(selectors.NETWORKS, Network, Organization, Network.members.through)
