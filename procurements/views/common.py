from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from core.forms import apply_validation_error

from ..selectors import procurements_for_user


def get_case(request, pk, perm: str | None = "procurements.manage_case"):
    """The case through the user's selector (404 for outsiders), then the permission (403)."""
    case = get_object_or_404(procurements_for_user(request.user), pk=pk)
    if perm and not request.user.has_perm(perm, case):
        raise PermissionDenied
    return case


def form_page(
    request,
    *,
    form,
    title,
    handler,
    success_url,
    success_message,
    case=None,
    submit_label=None,
    intro="",
    multipart=False,
    extra=None,
    back_url=None,
):
    """GET shows the form; a valid POST calls `handler(cleaned_data)` (a service call);
    a service ValidationError is shown on the form and nothing changes."""
    if request.method == "POST" and form.is_valid():
        try:
            result = handler(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    context = {
        "form": form,
        "title": title,
        "case": case,
        "submit_label": submit_label,
        "intro": intro,
        "multipart": multipart,
        "back_url": back_url or (case.get_absolute_url() if case else None),
        **(extra or {}),
    }
    return render(request, "procurements/case_form.html", context, status=200)
