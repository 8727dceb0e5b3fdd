"""The page action that starts a procurement case from a challenge (the form sits on
the challenge's page in needs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import messages_from_error
from needs.forms import StartProcurementForm
from needs.selectors import challenges_for_user

from ..services.from_needs import procurement_start_from_challenge


@login_required
@require_POST
def case_from_challenge(request, pk: int):
    challenge = get_object_or_404(challenges_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.start_procurement", challenge):
        raise PermissionDenied
    form = StartProcurementForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else challenge.title
    try:
        case = procurement_start_from_challenge(challenge=challenge, by=request.user, title=title)
    except ValidationError as exc:
        messages_from_error(request, exc)
        return redirect(challenge)
    messages.success(
        request, _("The procurement case “%(title)s” was started.") % {"title": case.title}
    )
    return redirect(case)
