"""Pages for challenges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..filters import ChallengeFilter
from ..forms import (
    ChallengeForm,
    JoinForm,
    StartProcurementForm,
)
from .common import (
    PAGE_SIZE,
    _query_string,
)
from .needs import _need_or_404


def _challenge_rows(request, base):
    filterset = ChallengeFilter(request.GET or None, queryset=base, user=request.user)
    return filterset, (filterset.qs if filterset.is_bound and filterset.is_valid() else base)


@login_required
def challenge_list(request):
    base = (
        selectors.challenges_for_user(request.user)
        .annotate(
            need_count=Count("needs", distinct=True),
            participant_count=Count("participations", distinct=True),
        )
        .order_by("-created_at")
    )
    filterset, qs = _challenge_rows(request, base)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "needs/challenge_list.html",
        {"filter": filterset, "page_obj": page, "query_string": _query_string(request)},
    )


@login_required
def challenge_list_csv(request):
    """The challenge list as CSV: the same rows and filters as the page."""
    base = selectors.challenges_for_user(request.user).order_by("-created_at")
    _filterset, qs = _challenge_rows(request, base)
    qs = qs.select_related("owner_organization", "owner").annotate(
        need_count=Count("needs", distinct=True)
    )
    header = [_("Title"), _("Municipality"), _("Owner"), _("Needs"), _("Expected effect"),
              _("Created")]  # fmt: skip
    rows = (
        [
            c.title,
            c.owner_organization.name,
            c.owner or "",
            c.need_count,
            c.expected_effect,
            c.created_at,
        ]
        for c in qs.iterator(chunk_size=500)
    )
    return csv_response(_("challenges"), header, rows, request=request)


@login_required
def challenge_create(request):
    if not request.user.has_perm("needs.add_challenge"):
        raise PermissionDenied
    initial = {"owner_organization": request.user.organization_id}
    if request.GET.get("need"):
        need = _need_or_404(request.user, request.GET["need"])
        initial.update({"needs": [need.pk], "title": need.title, "description": need.problem})
    form = ChallengeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The challenge was created."))
            return redirect(challenge)
    return render(request, "needs/challenge_form.html", {"form": form})


@login_required
def challenge_edit(request, pk: int):
    challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.change_challenge", challenge):
        raise PermissionDenied
    form = ChallengeForm(
        request.POST or None, instance=challenge, user=request.user, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(challenge=challenge, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(challenge)
    return render(request, "needs/challenge_form.html", {"form": form, "challenge": challenge})


@login_required
def challenge_detail(request, pk: int):
    user = request.user
    challenge = get_object_or_404(selectors.challenges_for_user(user), pk=pk)
    participations = list(challenge.participations.select_related("organization", "declared_by"))
    joined = any(p.organization_id == user.organization_id for p in participations)
    context = {
        "challenge": challenge,
        "participations": participations,
        "needs": selectors.needs_for_user(user).filter(challenge=challenge),
        "workshops": selectors.workshops_for_user(user).filter(challenges=challenge),
        "cases": challenge.procurement_cases.all(),
        "rounds": selectors.rounds_for_user(user).filter(challenges=challenge),
        "can_edit": user.has_perm("needs.change_challenge", challenge),
        "can_join": user.has_perm("needs.join_challenge", challenge) and not joined,
        "joined": joined,
        "can_start": user.has_perm("needs.start_procurement", challenge),
        "join_form": JoinForm(),
        "start_form": StartProcurementForm(initial={"title": challenge.title}),
    }
    return render(request, "needs/challenge_detail.html", context)


@login_required
@require_POST
def challenge_join(request, pk: int):
    challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=pk)
    form = JoinForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.challenge_join(challenge=challenge, by=request.user, note=note)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Your municipality now shares this challenge."))
    return redirect(challenge)
