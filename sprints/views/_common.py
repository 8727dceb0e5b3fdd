"""What every sprint page shares: the call-off from its selector, the refusal page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from .. import selectors


def forbidden(request, message: str):
    return render(request, "sprints/forbidden.html", {"message": message}, status=403)


def call_off_or_404(request, pk: int):
    return get_object_or_404(selectors.call_offs_for_user(request.user), pk=pk)


def managed_call_off(request, pk: int):
    """The call-off, if the user may manage it (404 when unseen, 403 when only seen)."""
    call_off = call_off_or_404(request, pk)
    if not request.user.has_perm("sprints.manage_call_off", call_off):
        raise PermissionDenied
    return call_off


def form_errors_as_messages(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
