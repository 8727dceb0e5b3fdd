"""The call-off pages: calling off, the list (and its CSV), the call-off itself, cancelling
and moving it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.forms import apply_validation_error, messages_from_error

from .. import forms, selectors, services
from ..dates import agenda
from ..enums import CallOffState, ParticipantRole
from ._common import call_off_or_404, forbidden, managed_call_off


@login_required
def calloff_create(request, pk: int):
    agreement = get_object_or_404(selectors.agreements_for_user(request.user), pk=pk)
    try:
        services.check_may_call_off(user=request.user, agreement=agreement)
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    form = forms.CallOffForm(request.POST or None, agreement=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call_off = services.call_off_create(
                created_by=request.user,
                agreement=agreement,
                title=data["title"],
                challenge=data["challenge"],
                sprint_format=data["sprint_format"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                day_part=data["day_part"],
                room=data["room"],
                route=data["route"],
                competition_deadline=data["competition_deadline"],
                criteria=data["criteria"],
                price_weight=data["price_weight"] if data["price_weight"] is not None else 40,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The call-off was sent."))
            return redirect(call_off)
    return render(request, "sprints/calloff_form.html", {"form": form, "agreement": agreement})


def _calloff_rows(request):
    qs = selectors.call_offs_for_user(request.user)
    state = request.GET.get("state", "")
    if state in CallOffState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at"), state


@login_required
def calloff_list_csv(request):
    """The call-offs as CSV: the same rows and filter as the page."""
    qs, _state = _calloff_rows(request)
    qs = qs.select_related("organization")
    header = [_("Reference number"), _("Title"), _("State"), _("Municipality"), _("Format"),
              _("First day"), _("Last day"), _("Created")]  # fmt: skip
    rows = (
        [
            c.reference,
            c.title,
            c.get_state_display(),
            c.organization.name,
            c.get_format_display(),
            c.start_date,
            c.end_date,
            c.created_at,
        ]
        for c in qs.iterator(chunk_size=500)
    )
    return csv_response(_("design-sprints"), header, rows, request=request)


@login_required
def calloff_list(request):
    qs, state = _calloff_rows(request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sprints/calloff_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": CallOffState.choices,
            "query_string": f"state={state}&" if state else "",
            "may_call_off": request.user.is_municipal,
        },
    )


def _detail_forms(user, call_off, page: dict, *, can_manage: bool) -> dict:
    """The forms the call-off page offers this user (None where the user may not act)."""
    my_offer = page["my_offer"]
    answering = (
        user.is_supplier_user and call_off.state == CallOffState.COMPETITION and page["sealed"]
    )
    reschedule_initial = {
        "start_date": call_off.start_date,
        "end_date": call_off.end_date,
        "day_part": call_off.day_part,
    }
    return {
        "accept_form": forms.AcceptForm(
            supplier_id=user.organization_id, initial={"team": my_offer.held_team_id}
        )
        if my_offer
        else None,
        "decline_form": forms.DeclineForm() if my_offer else None,
        "participant_form": forms.ParticipantForm() if can_manage else None,
        "cancel_form": forms.CancelForm() if can_manage else None,
        "reschedule_form": forms.RescheduleForm(initial=reschedule_initial) if can_manage else None,
        "answer_form": forms.CompetitionAnswerForm(supplier_id=user.organization_id)
        if answering
        else None,
    }


@login_required
def calloff_detail(request, pk: int):
    call_off = call_off_or_404(request, pk)
    user = request.user
    page = selectors.call_off_page(user, call_off)
    can_manage = user.has_perm("sprints.manage_call_off", call_off)
    warn = call_off.state == CallOffState.BOOKED and can_manage
    context = {
        "call_off": call_off,
        **{key: page[key] for key in ("offers", "my_offer", "passed_over", "sessions")},
        **{key: page[key] for key in ("participants", "answers", "sealed", "outcome")},
        "prototypes": page["prototypes"],
        "agenda": agenda(call_off.format, page["sessions"]),
        "warnings": services.decider_warnings(
            call_off, page["all_participants"], page["all_sessions"]
        )
        if warn
        else [],
        "can_manage": can_manage,
        "cancellation_cost": services.cancellation_cost(call_off),
        "cutoff": services.cancellation_cutoff(call_off),
        **_detail_forms(user, call_off, page, can_manage=can_manage),
        "roles": ParticipantRole,
        "now": timezone.now(),
    }
    return render(request, "sprints/calloff_detail.html", context)


@login_required
@require_POST
def calloff_cancel(request, pk: int):
    call_off = managed_call_off(request, pk)
    form = forms.CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a reason for cancelling."))
        services.call_off_cancel(
            call_off=call_off, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The call-off was cancelled."))
    return redirect(call_off)


@login_required
def calloff_reschedule(request, pk: int):
    call_off = managed_call_off(request, pk)
    form = forms.RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_off_reschedule(
                call_off=call_off,
                by=request.user,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                day_part=form.cleaned_data["day_part"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The sprint was moved."))
            return redirect(call_off)
    return render(request, "sprints/calloff_reschedule.html", {"form": form, "call_off": call_off})
