"""Writes for challenges and the municipalities that join them."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.services import notify

from ..enums import (
    OPEN_STATUSES,
    NeedStatus,
)
from ..models import (
    Challenge,
    ChallengeParticipation,
    Need,
)
from .common import (
    _lazy,
    _option_for,
    _require,
)
from .needs import need_transition


def challenge_create(
    *,
    by,
    title: str,
    description: str = "",
    expected_effect: str = "",
    owner_organization=None,
    network=None,
    owner=None,
    needs: Iterable[Need] = (),
) -> Challenge:
    """Create a challenge; the given needs are taken into it (and their authors told)."""
    _require(by, "needs.add_challenge")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the challenge a title.")})
    owner_organization = owner_organization or by.organization
    if not owner_organization.is_municipality or (
        not by.is_platform_admin and owner_organization.pk not in by.network_organization_ids
    ):
        raise ValidationError(
            {"owner_organization": _("The need owner must be a municipality in your network.")}
        )
    if network is None:
        network = owner_organization.networks.order_by("pk").first()
    elif not network.members.filter(pk=owner_organization.pk).exists():
        raise ValidationError(
            {"network": _("The need owner's municipality is not a member of that network.")}
        )
    with transaction.atomic(), acting_as(by, reason="challenge created"):
        challenge = Challenge.objects.create(
            title=title,
            description=(description or "").strip(),
            expected_effect=(expected_effect or "").strip(),
            owner_organization=owner_organization,
            network=network,
            owner=owner,
            created_by=by,
        )
        option = _option_for(NeedStatus.IN_CHALLENGE)
        for need in needs:
            if need.status in OPEN_STATUSES:
                need_transition(
                    need=need,
                    to=NeedStatus.IN_CHALLENGE,
                    by=by,
                    reason=_("Taken into the challenge “%(title)s”.") % {"title": title},
                    challenge=challenge,
                    answer=option,
                )
    return challenge


def challenge_update(*, challenge: Challenge, by, **fields) -> Challenge:
    _require(by, "needs.change_challenge", challenge)
    allowed = {"title", "description", "expected_effect", "owner"}
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValidationError({"title": _("Give the challenge a title.")})
    with transaction.atomic(), acting_as(by, reason="challenge edited"):
        changed = []
        for key, value in fields.items():
            if key in allowed:
                setattr(challenge, key, value.strip() if isinstance(value, str) else value)
                changed.append(key)
        challenge.save(update_fields=[*changed, "updated_at"])
    return challenge


def challenge_join(*, challenge: Challenge, by, note: str = "") -> ChallengeParticipation:
    """The user's municipality declares "we have this need too" (once per municipality)."""
    _require(by, "needs.join_challenge", challenge)
    try:
        with transaction.atomic(), acting_as(by, reason="we have this need too"):
            row = ChallengeParticipation.objects.create(
                challenge=challenge,
                organization_id=by.organization_id,
                note=(note or "").strip()[:500],
                declared_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(org)s has already said it has this need.") % {"org": by.organization}
        ) from exc
    if challenge.owner_id and challenge.owner_id != by.pk:
        notify(
            recipient=challenge.owner,
            event="needs.challenge_joined",
            title=_lazy(
                gettext_lazy("%(org)s has the need “%(title)s” too"),
                {"org": by.organization.name, "title": challenge.title},
            ),
            body=row.note,
            url=challenge.get_absolute_url(),
            email=False,
            dedupe_key=f"needs.participation:{row.pk}",
        )
    return row


def challenge_leave(*, challenge: Challenge, by) -> None:
    ChallengeParticipation.objects.filter(
        challenge=challenge, organization_id=by.organization_id
    ).delete()
