"""Pages for prioritisation rounds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..enums import RoundStatus
from ..forms import (
    DecideForm,
    RoundForm,
)
from ..models import PriorityCriterion
from .common import (
    PAGE_SIZE,
)


@login_required
def round_list(request):
    qs = (
        selectors.rounds_for_user(request.user)
        .annotate(challenge_count=Count("round_challenges", distinct=True))
        .order_by("-created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/round_list.html", {"page_obj": page})


@login_required
def round_create(request):
    if not request.user.has_perm("needs.add_round"):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            priority_round = services.round_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The prioritisation round was created."))
            return redirect(priority_round)
    return render(request, "needs/round_form.html", {"form": form})


def _round_or_404(user, pk):
    return get_object_or_404(
        selectors.rounds_for_user(user).prefetch_related(
            Prefetch("criteria", queryset=PriorityCriterion.objects.order_by("order", "pk"))
        ),
        pk=pk,
    )


@login_required
def round_detail(request, pk: int):
    user = request.user
    priority_round = _round_or_404(user, pk)
    criteria = list(priority_round.criteria.all())
    ranking = selectors.round_ranking(priority_round)
    means = selectors.round_criterion_means(priority_round)
    can_score = user.has_perm("needs.score_round", priority_round)
    mine = selectors.scores_of(priority_round, user) if can_score else {}
    for row in ranking:
        row["criteria"] = [means.get((row["challenge"].pk, c.pk)) for c in criteria]
        row["mine"] = [
            {"criterion": c, "value": mine.get((row["challenge"].pk, c.pk))} for c in criteria
        ]
    can_manage = user.has_perm("needs.manage_round", priority_round)
    context = {
        "round": priority_round,
        "criteria": criteria,
        "ranking": ranking,
        "scale": list(priority_round.scale),
        "can_score": can_score,
        "can_manage": can_manage,
        "participants": priority_round.participants.select_related("organization"),
        "decide_form": DecideForm(priority_round=priority_round)
        if can_manage and priority_round.status == RoundStatus.CLOSED
        else None,
        "statuses": RoundStatus,
    }
    return render(request, "needs/round_detail.html", context)


@login_required
@require_POST
def round_score(request, pk: int):
    user = request.user
    priority_round = _round_or_404(user, pk)
    if not user.has_perm("needs.score_round", priority_round):
        raise PermissionDenied
    criteria = {c.pk: c for c in priority_round.criteria.all()}
    challenges = {c.pk: c for c in priority_round.challenges.all()}
    saved, errors = 0, []
    with transaction.atomic():
        for key, value in request.POST.items():
            if not key.startswith("score-") or value == "":
                continue
            try:
                _prefix, challenge_id, criterion_id = key.split("-")
                challenge = challenges[int(challenge_id)]
                criterion = criteria[int(criterion_id)]
            except (ValueError, KeyError) as exc:
                raise Http404 from exc
            try:
                services.score_set(
                    priority_round=priority_round,
                    participant=user,
                    challenge=challenge,
                    criterion=criterion,
                    value=value,
                )
                saved += 1
            except ValidationError as exc:
                errors.append(f"{challenge} – {criterion}: {' '.join(exc.messages)}")
        if errors:
            transaction.set_rollback(True)
    if errors:
        for error in errors:
            messages.error(request, error)
        messages.error(request, _("Nothing was saved; correct the scores and try again."))
    else:
        messages.success(request, _("Your scores were saved (%(n)s).") % {"n": saved})
    return redirect(priority_round)


@login_required
@require_POST
def round_transition(request, pk: int):
    priority_round = _round_or_404(request.user, pk)
    try:
        services.round_transition(
            priority_round=priority_round, to=request.POST.get("to", ""), by=request.user
        )
    except ValueError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect(priority_round)


@login_required
@require_POST
def round_decide(request, pk: int):
    priority_round = _round_or_404(request.user, pk)
    if not request.user.has_perm("needs.manage_round", priority_round):
        raise PermissionDenied
    form = DecideForm(request.POST, priority_round=priority_round)
    if form.is_valid():
        try:
            services.round_decide(
                priority_round=priority_round,
                by=request.user,
                decision=form.cleaned_data["decision"],
                selected=form.cleaned_data["selected"],
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(priority_round)
