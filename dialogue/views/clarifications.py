"""Questions and answers on an RFI."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import messages_from_error

from .. import selectors, services
from ..forms import (
    ClarificationAnswerForm,
    ClarificationAskForm,
)

# --- Questions and answers ---------------------------------------------------------------


@login_required
@require_POST
def clarification_ask(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.is_supplier_user:
        raise PermissionDenied
    form = ClarificationAskForm(request.POST)
    if form.is_valid():
        try:
            services.clarification_ask(
                rfi=rfi, user=request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(
                request,
                _("Your question was sent. The answer will be published to all invited suppliers."),
            )
    else:
        messages.error(request, _("Write your question."))
    return redirect(rfi)


@login_required
@require_POST
def clarification_answer(request, pk: int):
    clarification = get_object_or_404(selectors.clarifications_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.answer_clarification", clarification.rfi):
        raise PermissionDenied
    form = ClarificationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.clarification_answer(
                clarification=clarification, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The answer was published to all invited suppliers."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect(clarification)
