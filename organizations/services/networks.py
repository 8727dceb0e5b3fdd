"""Networks of municipalities: founded, invited to, joined, declined and left."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import notify

from ..enums import (
    NetworkInvitationState,
    Role,
)
from ..models import Network, NetworkInvitation, Organization, User
from ._common import _require


def network_create(*, name: str, members: list[Organization], description: str = "") -> Network:
    with transaction.atomic():
        network = Network.objects.create(
            name=name, slug=_network_slug(name), description=description
        )
        network.members.set(members)
    return network


def _network_slug(name: str) -> str:
    base = slugify(name)[:50] or "network"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Networks -----------------------------------------------------------------------------

register_event("organizations.network_invitation", gettext_lazy("A network invites us"))
register_event("organizations.network_answer", gettext_lazy("A municipality answers our network"))


def network_found(*, by: User, name: str, description: str = "") -> Network:
    """A coordinator starts a network; their municipality is its first member."""
    _require(by, "organizations.found_network")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the network's name.")})
    if Network.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a network with this name.")})
    try:
        with transaction.atomic(), acting_as(by, reason="network founded"):
            network = Network.objects.create(
                name=name, slug=_network_slug(name), description=description.strip()
            )
            network.members.add(by.organization)
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a network with this name.")}) from exc
    return network


def _admins_of(organization: Organization):
    return User.objects.filter(
        organization=organization, is_active=True, roles__contains=[Role.ADMIN.value]
    )


def network_invite(
    *, network: Network, organization: Organization, by: User, message: str = ""
) -> NetworkInvitation:
    """Invite a municipality into a network. Side effects: its administrators are notified."""
    _require(by, "organizations.manage_network", network)
    if not organization.is_municipality:
        raise ValidationError({"organization": _("Only municipalities join networks.")})
    if network.members.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("%(org)s is a member already.") % {"org": organization}}
        )
    with transaction.atomic(), acting_as(by, reason="network invitation"):
        try:
            with transaction.atomic():
                invitation = NetworkInvitation.objects.create(
                    network=network,
                    organization=organization,
                    invited_by=by,
                    message=message.strip(),
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"organization": _("%(org)s has been invited already.") % {"org": organization}}
            ) from exc
        url = reverse("organizations:network-invitations")
        for admin in _admins_of(organization):
            notify(
                recipient=admin,
                event="organizations.network_invitation",
                title=format_lazy(
                    gettext_lazy("{network} invites {org} to join"),
                    network=network.name,
                    org=organization.name,
                ),
                body=message,
                url=url,
                dedupe_key=f"network-invitation:{invitation.pk}",
            )
    return invitation


def network_invitation_answer(
    *, invitation: NetworkInvitation, accept: bool, by: User
) -> NetworkInvitation:
    """The invited municipality's administrator accepts (it becomes a member) or declines.
    Side effects: the inviting coordinator is notified."""
    _require(by, "organizations.answer_network_invitation", invitation)
    with transaction.atomic(), acting_as(by, reason="network invitation answered"):
        invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != NetworkInvitationState.PENDING:
            raise ValidationError(_("This invitation has been answered already."))
        invitation.state = (
            NetworkInvitationState.ACCEPTED if accept else NetworkInvitationState.DECLINED
        )
        invitation.decided_by = by
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
        if accept:
            invitation.network.members.add(invitation.organization)
        notify(
            recipient=invitation.invited_by,
            event="organizations.network_answer",
            title=format_lazy(
                gettext_lazy("{org} joined {network}")
                if accept
                else gettext_lazy("{org} declined to join {network}"),
                org=invitation.organization.name,
                network=invitation.network.name,
            ),
            url=invitation.network.get_absolute_url(),
            dedupe_key=f"network-answer:{invitation.pk}",
        )
    return invitation


def network_invitation_withdraw(*, invitation: NetworkInvitation, by: User) -> NetworkInvitation:
    _require(by, "organizations.manage_network", invitation.network)
    with transaction.atomic(), acting_as(by, reason="network invitation withdrawn"):
        invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != NetworkInvitationState.PENDING:
            raise ValidationError(_("This invitation has been answered already."))
        invitation.state = NetworkInvitationState.WITHDRAWN
        invitation.decided_by = by
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    return invitation


def network_leave(*, network: Network, by: User) -> Network:
    """The user's municipality leaves the network (an administrator or coordinator decides).
    What it shared with the network is no longer visible to the others."""
    _require(by, "organizations.leave_network", network)
    with transaction.atomic(), acting_as(by, reason="left network"):
        network = Network.objects.select_for_update().get(pk=network.pk)
        network.members.remove(by.organization)
    return network
