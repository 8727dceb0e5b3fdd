"""Exchange pages: offer a swap from a listing, the list of one's exchanges, an
exchange with its answers. Objects come from selectors; rules from permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..enums import OPEN_EXCHANGE_STATES
from ..forms import ExchangeAnswerForm, ExchangeOfferForm
from .common import _marketplace_user


@login_required
def exchange_create(request, pk: int):
    user = _marketplace_user(request)
    wanted = get_object_or_404(
        selectors.listings_for_user(user).select_related("organization"), pk=pk
    )
    if not user.has_perm("sharing.offer_exchange", wanted):
        raise PermissionDenied
    listings = selectors.offerable_listings(user)
    form = ExchangeOfferForm(request.POST or None, listings=listings)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.exchange_offer(
                user=user,
                wanted=wanted,
                offered=form.cleaned_data["offered"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your exchange offer was sent."))
            return redirect(offer)
    return render(
        request,
        "sharing/exchange_form.html",
        {"wanted": wanted, "form": form, "has_listings": listings.exists()},
    )


@login_required
def exchange_list(request):
    user = _marketplace_user(request)
    exchanges = list(selectors.exchanges_for_user(user)[:200])
    return render(
        request,
        "sharing/exchange_list.html",
        {
            "open": [e for e in exchanges if e.state in OPEN_EXCHANGE_STATES],
            "closed": [e for e in exchanges if e.state not in OPEN_EXCHANGE_STATES],
        },
    )


@login_required
def exchange_detail(request, pk: int):
    user = _marketplace_user(request)
    offer = get_object_or_404(
        selectors.exchanges_for_user(user).select_related(
            "offered_listing__created_by", "wanted_listing__created_by", "answered_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "sharing/exchange_detail.html",
        {
            "offer": offer,
            "form": ExchangeAnswerForm(),
            "can_answer": user.has_perm("sharing.answer_exchange", offer),
            "can_withdraw": user.has_perm("sharing.withdraw_exchange", offer),
            "can_complete": user.has_perm("sharing.complete_exchange", offer),
        },
    )


ACTIONS = {
    "accept": services.exchange_accept,
    "decline": services.exchange_decline,
    "withdraw": services.exchange_withdraw,
    "complete": services.exchange_complete,
}
DONE = {
    "accept": gettext_lazy("The exchange was accepted: both listings are reserved."),
    "decline": gettext_lazy("The exchange was declined."),
    "withdraw": gettext_lazy("The exchange offer was withdrawn."),
    "complete": gettext_lazy("The exchange is completed: both listings were handed over."),
}


@login_required
@require_POST
def exchange_action(request, pk: int, action: str):
    user = _marketplace_user(request)
    offer = get_object_or_404(selectors.exchanges_for_user(user), pk=pk)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    extra = {}
    if action in ("accept", "decline"):
        form = ExchangeAnswerForm(request.POST)
        form.is_valid()
        extra["reply"] = form.cleaned_data.get("reply", "")
    try:
        service(user=user, offer=offer, **extra)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, DONE[action])
    return redirect(offer)
