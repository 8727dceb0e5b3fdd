"""Pages for a workshop's guests from outside the network and for its attendance.

The guest's own page is reached by the secret link alone (no login) and shows that one
workshop: time, place, agenda, a calendar file and the reply; nothing else of the
network, and no referrer leaves the site.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..forms import AttendanceForm, GuestForm, GuestReplyForm
from ..ics import workshop_ics
from ..models import WorkshopGuest


def _organised_workshop(request, pk: int, perm: str):
    workshop = get_object_or_404(selectors.workshops_for_user(request.user), pk=pk)
    if not request.user.has_perm(perm, workshop):
        raise PermissionDenied
    return workshop


@login_required
def guest_invite(request, pk: int):
    workshop = _organised_workshop(request, pk, "needs.invite_guest")
    form = GuestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            guest, _token = services.guest_invite(
                workshop=workshop, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s is invited by e-mail.") % {"name": guest.name})
            return redirect(workshop)
    return render(request, "needs/guest_form.html", {"form": form, "workshop": workshop})


@login_required
@require_POST
def guest_withdraw(request, pk: int):
    guest = get_object_or_404(selectors.guests_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.invite_guest", guest.workshop):
        raise PermissionDenied
    try:
        services.guest_withdraw(guest=guest, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The invitation is withdrawn; the guest is told."))
    return redirect(guest.workshop)


@login_required
def workshop_attendance(request, pk: int):
    workshop = _organised_workshop(request, pk, "needs.record_attendance")
    participations = list(
        workshop.participations.select_related("user", "user__organization").order_by(
            "user__full_name"
        )
    )
    guests = list(selectors.guests_of(workshop).filter(withdrawn_at__isnull=True))
    form = AttendanceForm(request.POST or None, participations=participations, guests=guests)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                workshop=workshop,
                by=request.user,
                participant_ids=form.cleaned_data["participants"],
                guest_ids=form.cleaned_data.get("guests", []),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect(workshop)
    return render(request, "needs/attendance_form.html", {"form": form, "workshop": workshop})


def _guest_or_404(token: str) -> WorkshopGuest:
    guest = selectors.guest_for_token(token)
    if guest is None:
        raise Http404
    return guest


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def guest_page(request, token: str):
    """The guest's page for one workshop: read it, download it, answer it."""
    guest = _guest_or_404(token)
    form = GuestReplyForm(request.POST or None, initial={"reply": guest.reply})
    if request.method == "POST" and form.is_valid():
        try:
            services.guest_reply(guest=guest, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you, your answer is saved."))
            return _private(redirect(request.path))
    workshop = guest.workshop
    can_reply = workshop.cancelled_at is None and workshop.ends_at > timezone.now()
    context = {
        "guest": guest,
        "workshop": workshop,
        "form": form,
        "token": token,
        "can_reply": can_reply,
    }
    return _private(render(request, "needs/guest_page.html", context))


def guest_ics(request, token: str):
    guest = _guest_or_404(token)
    response = HttpResponse(
        workshop_ics(guest.workshop, guest=guest), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{guest.workshop_id}.ics"'
    return _private(response)
