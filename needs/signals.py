"""Cached needs figures (the dashboard cards) are invalidated whenever a need, an
assessment assignment, a prioritisation round or a workshop of a municipality changes.

The namespaces are per municipality (`selectors.org_namespace`); a card depends on those
of every municipality in the user's networks, so a need submitted anywhere in them shows
at once. See core.cache."""

from django.db.models.signals import post_delete, post_save

from core.cache import invalidate
from organizations.models import Network

from .models import Need, NeedAssessor, PriorityRound, Workshop
from .selectors import org_namespace


def _network_orgs(network_id) -> list[int]:
    return list(
        Network.members.through.objects.filter(network_id=network_id).values_list(
            "organization_id", flat=True
        )
    )


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender is Need:
        orgs = [instance.organization_id]
    elif sender is NeedAssessor:
        need = Need.objects.filter(pk=instance.need_id).values_list("organization_id", flat=True)
        orgs = list(need)
    else:  # PriorityRound, Workshop
        orgs = _network_orgs(instance.network_id)
    invalidate(*(org_namespace(org) for org in orgs if org))


def connect() -> None:
    for model in (Need, NeedAssessor, PriorityRound, Workshop):
        uid = f"needs-cache-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-deleted")
