"""Who may do what in the market dialogue. Small predicates, tested as tables.

Objects are already scoped by the selectors (a foreign object answers 404); these
predicates decide what a user who may see an object may do with it.
"""

import rules
from django.utils import timezone

from organizations.permissions import (
    is_coordinator,
    is_municipal_user,
    is_officer,
    is_platform_admin,
    is_supplier_user,
)

from .enums import RfiState

ANCHOR_LABELS = {"procurements.procurementcase", "needs.challenge"}


def _anchor_of(obj):
    """The case or challenge an object (or the anchor itself) belongs to."""
    if obj is None:
        return None
    if obj._meta.label_lower in ANCHOR_LABELS:
        return obj
    if obj._meta.label_lower in {"dialogue.rfiresponse", "dialogue.clarification"}:
        obj = obj.rfi
    elif obj._meta.label_lower in {"dialogue.activityfile", "dialogue.consultationsection"}:
        obj = obj.activity
    return obj.case if obj.case_id else obj.challenge


@rules.predicate
def works_on_anchor(user, obj) -> bool:
    """The user's municipality leads or takes part in the case, or (for a challenge) the
    challenge's owner is in a network with it."""
    anchor = _anchor_of(obj)
    if anchor is None or not user.is_authenticated or not user.organization_id:
        return False
    if hasattr(anchor, "lead_organization_id"):
        if anchor.lead_organization_id == user.organization_id:
            return True
        return anchor.participating_organizations.filter(pk=user.organization_id).exists()
    return anchor.owner_organization_id in user.network_organization_ids


@rules.predicate
def rfi_is_draft(user, rfi) -> bool:
    return rfi is not None and rfi.state == RfiState.DRAFT


@rules.predicate
def rfi_is_open(user, rfi) -> bool:
    return rfi is not None and rfi.is_open


@rules.predicate
def rfi_is_published(user, rfi) -> bool:
    return rfi is not None and rfi.state == RfiState.PUBLISHED


@rules.predicate
def consultation_open(user, activity) -> bool:
    return bool(
        activity is not None
        and activity.is_consultation
        and activity.comments_until
        and timezone.now() < activity.comments_until
    )


@rules.predicate
def is_internal_reviewer(user, activity) -> bool:
    return activity.internal_participants.filter(pk=user.pk).exists()


@rules.predicate
def supplier_takes_part(user, activity) -> bool:
    return activity.supplier_organizations.filter(pk=user.organization_id).exists()


@rules.predicate
def is_supplier_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_supplier_user and user.has_role("admin"))


can_run_dialogue = is_platform_admin | ((is_officer | is_coordinator) & works_on_anchor)

# Creating RFIs and activities on a case or challenge (the object is the anchor).
rules.add_perm("dialogue.add_dialogue", can_run_dialogue)
# An RFI: edit questions while a draft, publish, answer suppliers' questions, compare.
rules.add_perm("dialogue.change_rfi", can_run_dialogue & rfi_is_draft)
rules.add_perm("dialogue.publish_rfi", can_run_dialogue & rfi_is_draft)
rules.add_perm("dialogue.cancel_rfi", can_run_dialogue & ~rfi_is_draft & rfi_is_published)
rules.add_perm(
    "dialogue.view_rfi_answers", is_platform_admin | (is_municipal_user & works_on_anchor)
)
rules.add_perm("dialogue.answer_clarification", can_run_dialogue & rfi_is_published)
# Suppliers (the RFI is already scoped to those invited or open ones).
rules.add_perm("dialogue.respond_rfi", is_supplier_user & rfi_is_open)
rules.add_perm("dialogue.ask_clarification", is_supplier_user & rfi_is_open)
# Activities.
rules.add_perm("dialogue.change_activity", can_run_dialogue)
rules.add_perm(
    "dialogue.comment_consultation",
    consultation_open
    & (
        (is_supplier_user & supplier_takes_part)
        | (is_municipal_user & (is_internal_reviewer | can_run_dialogue))
    ),
)
rules.add_perm("dialogue.edit_profile", is_supplier_user)
rules.add_perm("dialogue.view_messages", is_platform_admin | (is_municipal_user & works_on_anchor))
