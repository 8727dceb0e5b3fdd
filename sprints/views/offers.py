"""A supplier's answers: to an offer down the ranking and to a renewed competition; the
municipality's award of the competition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import messages_from_error

from .. import forms, selectors, services
from ._common import call_off_or_404, form_errors_as_messages, managed_call_off


@login_required
@require_POST
def offer_respond(request, pk: int):
    offer = get_object_or_404(selectors.offers_for_supplier(request.user), pk=pk)
    accept = request.POST.get("answer") == "accept"
    form = (
        forms.AcceptForm(request.POST, supplier_id=offer.supplier_id)
        if accept
        else forms.DeclineForm(request.POST)
    )
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(offer.call_off)
    try:
        services.offer_respond(
            offer=offer,
            by=request.user,
            accept=accept,
            team=form.cleaned_data.get("team"),
            decline_reason=form.cleaned_data.get("decline_reason", ""),
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request, _("You accepted the call-off.") if accept else _("You declined the call-off.")
        )
    return redirect(offer.call_off)


@login_required
@require_POST
def competition_answer(request, pk: int):
    call_off = call_off_or_404(request, pk)
    if not request.user.has_perm("sprints.answer_competition", call_off):
        raise Http404
    form = forms.CompetitionAnswerForm(request.POST, supplier_id=request.user.organization_id)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(call_off)
    try:
        services.competition_answer_submit(
            call_off=call_off,
            by=request.user,
            price_sek=form.cleaned_data["price_sek"],
            approach=form.cleaned_data["approach"],
            team=form.cleaned_data["team"],
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request, _("Your answer was submitted. It stays sealed until the deadline.")
        )
    return redirect(call_off)


@login_required
@require_POST
def competition_award(request, pk: int):
    call_off = managed_call_off(request, pk)
    scores = {}
    for answer in call_off.competition_answers.all():
        raw = request.POST.get(f"score-{answer.pk}", "")
        scores[answer.pk] = int(raw) if raw.isdigit() else None
    try:
        winner = services.competition_award(
            call_off=call_off, by=request.user, quality_scores=scores
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request, _("%(supplier)s won the renewed competition.") % {"supplier": winner.supplier}
        )
    return redirect(call_off)
