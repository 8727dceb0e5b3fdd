"""Who may do what with needs, challenges, workshops and rounds (rules predicates).

Objects reach these predicates only after a selector has let the user see them; the
predicates add what the user may *do*.
"""

import rules
from django.utils import timezone

from organizations.permissions import (
    has_role,
    is_coordinator,
    is_municipal_user,
    is_platform_admin,
)

from .enums import OPEN_STATUSES, NeedStatus, RoundStatus


@rules.predicate
def is_need_author(user, need) -> bool:
    return bool(need is not None and need.author_id == user.pk)


@rules.predicate
def need_is_draft(user, need) -> bool:
    return bool(need is not None and need.status == NeedStatus.DRAFT)


@rules.predicate
def need_is_open(user, need) -> bool:
    return bool(need is not None and need.status in OPEN_STATUSES)


@rules.predicate
def is_need_assessor(user, need) -> bool:
    if need is None or need.pk is None:
        return False
    cached = getattr(need, "_assessor_ids", None)
    if cached is not None:
        return user.pk in cached
    return need.assessments.filter(assessor_id=user.pk).exists()


@rules.predicate
def coordinates_need(user, need) -> bool:
    """A coordinator of a municipality in a network with the need's municipality."""
    return bool(
        need is not None
        and user.has_role("coordinator")
        and need.organization_id in user.network_organization_ids
    )


@rules.predicate
def manages_challenge(user, challenge) -> bool:
    if challenge is None:
        return False
    if challenge.owner_id == user.pk:
        return True
    if user.has_role("coordinator") and challenge.owner_organization_id in (
        user.network_organization_ids
    ):
        return True
    return bool(
        user.organization_id == challenge.owner_organization_id and user.has_role("officer")
    )


@rules.predicate
def is_other_municipality(user, challenge) -> bool:
    return bool(
        challenge is not None
        and user.organization_id
        and user.organization_id != challenge.owner_organization_id
    )


@rules.predicate
def takes_part_in_challenge(user, challenge) -> bool:
    if challenge is None or not user.organization_id:
        return False
    if user.organization_id == challenge.owner_organization_id:
        return True
    return challenge.participations.filter(organization_id=user.organization_id).exists()


def _member_of_network(user, network_id) -> bool:
    from organizations.models import Network

    return Network.members.through.objects.filter(
        network_id=network_id, organization_id=user.organization_id
    ).exists()


@rules.predicate
def coordinates_network_of(user, obj) -> bool:
    """A coordinator in the network of a workshop or a prioritisation round."""
    return bool(
        obj is not None
        and user.is_authenticated
        and user.has_role("coordinator")
        and _member_of_network(user, obj.network_id)
    )


@rules.predicate
def workshop_is_coming(user, workshop) -> bool:
    """Not cancelled and not over: guests can still be invited (or withdrawn)."""
    return bool(
        workshop is not None and workshop.cancelled_at is None and workshop.ends_at > timezone.now()
    )


@rules.predicate
def workshop_has_begun(user, workshop) -> bool:
    """Not cancelled and begun: the attendance can be recorded."""
    return bool(
        workshop is not None
        and workshop.cancelled_at is None
        and workshop.starts_at <= timezone.now()
    )


@rules.predicate
def round_is_open(user, priority_round) -> bool:
    return bool(priority_round is not None and priority_round.status == RoundStatus.OPEN)


@rules.predicate
def is_round_participant(user, priority_round) -> bool:
    if priority_round is None:
        return False
    return priority_round.participants.filter(pk=user.pk).exists()


officer_or_coordinator = has_role("officer", "coordinator")

rules.add_perm("needs.add_need", is_municipal_user)
rules.add_perm("needs.change_need", is_need_author & need_is_draft)
rules.add_perm("needs.submit_need", is_need_author & need_is_draft)
rules.add_perm("needs.comment_need", is_municipal_user & ~need_is_draft)
rules.add_perm("needs.attach_need", is_need_author & (need_is_draft | need_is_open))
rules.add_perm("needs.assign_assessors", need_is_open & (coordinates_need | is_platform_admin))
rules.add_perm("needs.view_assessment", is_need_assessor | coordinates_need | is_platform_admin)
rules.add_perm("needs.note_need", ~need_is_draft & (is_need_assessor | coordinates_need))
rules.add_perm("needs.assess_need", need_is_open & (is_need_assessor | coordinates_need))
rules.add_perm("needs.add_challenge", is_municipal_user & officer_or_coordinator)
rules.add_perm("needs.change_challenge", manages_challenge | is_platform_admin)
rules.add_perm("needs.join_challenge", is_municipal_user & is_other_municipality)
rules.add_perm(
    "needs.start_procurement",
    is_municipal_user & officer_or_coordinator & takes_part_in_challenge,
)
rules.add_perm("needs.add_workshop", is_municipal_user & is_coordinator)
rules.add_perm("needs.change_workshop", coordinates_network_of | is_platform_admin)
rules.add_perm(
    "needs.invite_guest", (coordinates_network_of | is_platform_admin) & workshop_is_coming
)
rules.add_perm(
    "needs.record_attendance", (coordinates_network_of | is_platform_admin) & workshop_has_begun
)
rules.add_perm("needs.add_round", is_municipal_user & is_coordinator)
rules.add_perm("needs.manage_round", coordinates_network_of | is_platform_admin)
rules.add_perm("needs.score_round", round_is_open & is_round_participant)
