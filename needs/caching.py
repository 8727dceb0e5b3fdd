"""Cached needs figures (the dashboard cards) are invalidated whenever a need, an
assessment assignment, a prioritisation round or a workshop of a municipality changes.

The namespaces are per municipality (`selectors.org_namespace`); a card depends on those
of every municipality in the user's networks, so a need submitted anywhere in them shows
at once. See core.cache."""

from core.cache import invalidate_on_change
from organizations.models import Network

from .models import Need, NeedAssessor, PriorityRound, Workshop
from .selectors import org_namespace


def _namespaces(instance) -> list[str]:
    if isinstance(instance, Need):
        orgs = [instance.organization_id]
    elif isinstance(instance, NeedAssessor):
        orgs = Need.objects.filter(pk=instance.need_id).values_list("organization_id", flat=True)
    else:  # PriorityRound, Workshop: every municipality of the network
        orgs = Network.members.through.objects.filter(network_id=instance.network_id).values_list(
            "organization_id", flat=True
        )
    return [org_namespace(org) for org in orgs if org]


def connect() -> None:
    invalidate_on_change(_namespaces, Need, NeedAssessor, PriorityRound, Workshop)
