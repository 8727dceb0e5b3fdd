"""The agreement pages: the list, the terms and the distribution of call-offs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .. import selectors


@login_required
def agreement_list(request):
    agreements = selectors.agreements_for_user(request.user)
    return render(request, "sprints/agreement_list.html", {"agreements": agreements})


@login_required
def agreement_detail(request, pk: int):
    agreement = get_object_or_404(selectors.agreements_for_user(request.user), pk=pk)
    context = {
        "agreement": agreement,
        "remaining": agreement.max_value_sek - agreement.called_off_sek,
        "may_call_off": request.user.has_perm("sprints.call_off", agreement),
        "is_party": request.user.has_perm("sprints.party_to_agreement", agreement),
        "municipalities": agreement.municipalities.all(),
        **selectors.agreement_terms(agreement),
    }
    return render(request, "sprints/agreement_detail.html", context)


@login_required
def distribution(request, pk: int):
    agreement = get_object_or_404(selectors.agreements_for_user(request.user), pk=pk)
    if not request.user.has_perm("sprints.view_distribution", agreement):
        raise Http404
    return render(
        request,
        "sprints/agreement_distribution.html",
        {"agreement": agreement, **selectors.distribution(agreement)},
    )
