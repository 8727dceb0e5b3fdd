"""The dialogue overview and the dialogue page of a case or a challenge."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import selectors, timeline
from ..enums import RfiState
from .common import _page

# --- Overview ------------------------------------------------------------------------


@login_required
def index(request):
    """Municipal: the RFIs and activities of the cases and challenges they see. Supplier:
    the portal of its RFIs, answers, questions and meetings."""
    user = request.user
    if user.is_supplier_user:
        return render(
            request,
            "dialogue/supplier_portal.html",
            {
                "rfis": selectors.rfi_list_for_supplier(user).filter(state=RfiState.PUBLISHED)[:50],
                "activities": selectors.activities_for_user(user).order_by("-starts_at")[:20],
                "clarifications": selectors.clarifications_for_user(user)
                .filter(published_at__isnull=False)
                .order_by("-published_at")[:20],
                "now": timezone.now(),
            },
        )
    if not (user.is_municipal or user.is_platform_admin):
        raise PermissionDenied
    cases = (
        selectors.visible_cases(user)
        .select_related("lead_organization")
        .order_by("-created_at")[:50]
    )
    challenges = (
        selectors.visible_challenges(user)
        .select_related("owner_organization")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "dialogue/index.html",
        {
            "rfis": selectors.rfis_with_counts(user).order_by("-deadline")[:10],
            "activities": selectors.activities_for_user(user).order_by("-starts_at")[:10],
            "cases": cases,
            "challenges": challenges,
        },
    )


def _anchor_page(request, anchor, template="dialogue/anchor_dialogue.html"):
    user = request.user
    where = selectors.anchor_filter(anchor)
    return render(
        request,
        template,
        {
            "anchor": anchor,
            "is_case": "case" in where,
            "rfis": selectors.rfis_with_counts(user).filter(**where),
            "activities": selectors.activities_for_user(user).filter(**where).order_by("starts_at"),
            "clarifications": selectors.clarifications_for_user(user)
            .filter(**{f"rfi__{k}": v for k, v in where.items()})
            .order_by("-created_at")[:50],
            "message_page": _page(
                request, selectors.messages_for_user(user).filter(**where), size=50
            ),
            "can_add": user.has_perm("dialogue.add_dialogue", anchor),
            "timeline": timeline.entries_for_anchor(where, user)[:30],
        },
    )


@login_required
def case_dialogue(request, pk: int):
    case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
    return _anchor_page(request, case)


@login_required
def challenge_dialogue(request, pk: int):
    challenge = get_object_or_404(selectors.visible_challenges(request.user), pk=pk)
    return _anchor_page(request, challenge)
