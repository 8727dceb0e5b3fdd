"""Pages for design sprints. Every object comes from a selector taking the user."""

from calendar import monthrange
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error

from . import forms, selectors, services
from .dates import STOCKHOLM, agenda
from .enums import CallOffState, OfferState, ParticipantRole, Route
from .ics import session_ics
from .models import CompetitionAnswer, Participant


def _forbidden(request, message: str):
    return render(request, "sprints/forbidden.html", {"message": message}, status=403)


def _call_off(request, pk: int):
    return get_object_or_404(selectors.call_offs_for_user(request.user), pk=pk)


def _managed_call_off(request, pk: int):
    call_off = _call_off(request, pk)
    if not request.user.has_perm("sprints.manage_call_off", call_off):
        raise PermissionDenied
    return call_off


# --- agreements -----------------------------------------------------------------------


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
        "is_party": agreement.municipalities.filter(pk=request.user.organization_id).exists(),
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


# --- call-offs ------------------------------------------------------------------------


@login_required
def calloff_create(request, pk: int):
    agreement = get_object_or_404(selectors.agreements_for_user(request.user), pk=pk)
    try:
        services.check_may_call_off(user=request.user, agreement=agreement)
    except PermissionDenied as exc:
        return _forbidden(request, str(exc))
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
        },
    )


@login_required
def calloff_detail(request, pk: int):
    call_off = _call_off(request, pk)
    user = request.user
    detail = selectors.call_off_detail(call_off)
    is_supplier = user.is_supplier_user
    offers = detail["offers"]
    if is_supplier:
        offers = [o for o in offers if o.supplier_id == user.organization_id]
    my_offer = next(
        (
            o
            for o in offers
            if o.state == OfferState.PENDING and o.supplier_id == user.organization_id
        ),
        None,
    )
    sealed = (
        services.competition_is_sealed(call_off) if call_off.route == Route.COMPETITION else True
    )
    answers = []
    if call_off.route == Route.COMPETITION:
        qs = CompetitionAnswer.objects.filter(call_off=call_off).select_related("supplier", "team")
        if is_supplier:
            answers = list(qs.filter(supplier_id=user.organization_id))
        elif not sealed:
            answers = list(qs)
    outcome = getattr(call_off, "outcome", None)
    can_manage = user.has_perm("sprints.manage_call_off", call_off)
    sessions = selectors.sessions_seen_by(user, call_off, detail["sessions"])
    context = {
        "call_off": call_off,
        "offers": offers,
        "my_offer": my_offer,
        "passed_over": selectors.passed_over(user, call_off),
        "sessions": sessions,
        "participants": detail["participants"] if not is_supplier else [],
        "agenda": agenda(call_off.format, sessions),
        "warnings": services.decider_warnings(call_off, detail["participants"], detail["sessions"])
        if call_off.state == CallOffState.BOOKED and can_manage
        else [],
        "can_manage": can_manage,
        "answers": answers,
        "sealed": sealed,
        "outcome": outcome,
        "prototypes": list(outcome.prototypes.all()) if outcome else [],
        "cancellation_cost": services.cancellation_cost(call_off),
        "cutoff": services.cancellation_cutoff(call_off),
        "accept_form": forms.AcceptForm(
            supplier_id=user.organization_id, initial={"team": my_offer.held_team_id}
        )
        if my_offer
        else None,
        "decline_form": forms.DeclineForm() if my_offer else None,
        "participant_form": forms.ParticipantForm() if can_manage else None,
        "cancel_form": forms.CancelForm() if can_manage else None,
        "reschedule_form": forms.RescheduleForm(
            initial={
                "start_date": call_off.start_date,
                "end_date": call_off.end_date,
                "day_part": call_off.day_part,
            }
        )
        if can_manage
        else None,
        "answer_form": forms.CompetitionAnswerForm(supplier_id=user.organization_id)
        if is_supplier and call_off.state == CallOffState.COMPETITION and sealed
        else None,
        "roles": ParticipantRole,
        "now": timezone.now(),
    }
    return render(request, "sprints/calloff_detail.html", context)


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
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
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
    call_off = _call_off(request, pk)
    if not request.user.has_perm("sprints.answer_competition", call_off):
        raise Http404
    form = forms.CompetitionAnswerForm(request.POST, supplier_id=request.user.organization_id)
    if form.is_valid():
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
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(call_off)


@login_required
@require_POST
def competition_award(request, pk: int):
    call_off = _managed_call_off(request, pk)
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


@login_required
@require_POST
def calloff_cancel(request, pk: int):
    call_off = _managed_call_off(request, pk)
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
    call_off = _managed_call_off(request, pk)
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


# --- participants ---------------------------------------------------------------------


@login_required
def participant_add(request, pk: int):
    call_off = _managed_call_off(request, pk)
    form = forms.ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_add(call_off=call_off, by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": data["name"]})
            return redirect(call_off)
    return render(request, "sprints/participant_form.html", {"form": form, "call_off": call_off})


@login_required
@require_POST
def participant_remove(request, pk: int, participant_pk: int):
    call_off = _managed_call_off(request, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, call_off=call_off)
    services.participant_remove(participant=participant, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": participant.name})
    return redirect(call_off)


@login_required
def participant_absence(request, pk: int, participant_pk: int):
    call_off = _managed_call_off(request, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, call_off=call_off)
    form = forms.AbsenceForm(
        request.POST or None,
        call_off=call_off,
        initial={"sessions": participant.absent_from.all()},
    )
    if request.method == "POST" and form.is_valid():
        services.participant_set_absence(
            participant=participant, by=request.user, sessions=form.cleaned_data["sessions"]
        )
        messages.success(request, _("The absence was saved."))
        return redirect(call_off)
    return render(
        request,
        "sprints/participant_absence.html",
        {"form": form, "call_off": call_off, "participant": participant},
    )


@login_required
@require_POST
def invitations_send(request, pk: int):
    call_off = _managed_call_off(request, pk)
    try:
        services.invitations_send(call_off=call_off, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Invitations are on their way to the participants."))
    return redirect(call_off)


# --- outcome --------------------------------------------------------------------------


@login_required
def outcome_edit(request, pk: int):
    call_off = _managed_call_off(request, pk)
    outcome = getattr(call_off, "outcome", None)
    initial = (
        {
            "sprint_questions": outcome.sprint_questions,
            "test_findings": outcome.test_findings,
            "next_steps": outcome.next_steps,
        }
        if outcome
        else {}
    )
    form = forms.OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                call_off=call_off,
                by=request.user,
                need=outcome.need if outcome else None,
                challenge=outcome.challenge if outcome else None,
                procurement_case=outcome.procurement_case if outcome else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect(call_off)
    return render(
        request,
        "sprints/outcome_form.html",
        {
            "form": form,
            "call_off": call_off,
            "prototype_form": forms.PrototypeForm() if outcome else None,
        },
    )


@login_required
@require_POST
def prototype_add(request, pk: int):
    call_off = _managed_call_off(request, pk)
    outcome = getattr(call_off, "outcome", None)
    if outcome is None:
        raise Http404
    form = forms.PrototypeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.prototype_add(outcome=outcome, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The prototype was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(call_off)


@login_required
def prototype_file(request, pk: int):
    prototype = get_object_or_404(selectors.prototypes_for_user(request.user), pk=pk)
    if not prototype.file:
        raise Http404
    return serve_file(prototype.file, download_name=prototype.file_name or "prototype")


@login_required
@require_POST
def outcome_follow_through(request, pk: int, kind: str):
    call_off = _managed_call_off(request, pk)
    outcome = getattr(call_off, "outcome", None)
    if outcome is None or kind not in {"need", "procurement"}:
        raise Http404
    try:
        if kind == "need":
            services.outcome_start_need(outcome=outcome, by=request.user)
            messages.success(request, _("A draft need was started from the outcome."))
        else:
            services.outcome_start_procurement(outcome=outcome, by=request.user)
            messages.success(request, _("A procurement case was started from the outcome."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(call_off)


@login_required
def evaluation(request, pk: int):
    call_off = _call_off(request, pk)
    if request.user.is_supplier_user:
        raise Http404
    form = forms.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(call_off=call_off, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect(call_off)
    return render(request, "sprints/evaluation_form.html", {"form": form, "call_off": call_off})


# --- calendar, ICS, prototypes, closure days ----------------------------------------------


@login_required
def session_ics_download(request, pk: int):
    session = selectors.session_for_user(request.user, pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{session.call_off.reference}-{session.day_number}.ics"'
    )
    return response


@login_required
def calendar(request):
    today = timezone.now().astimezone(STOCKHOLM).date()
    try:
        year, number = (int(part) for part in request.GET.get("month", "").split("-"))
        month = date(year, number, 1)
    except (ValueError, TypeError):
        month = today.replace(day=1)
    last = month.replace(day=monthrange(month.year, month.month)[1])
    start = datetime.combine(month, datetime.min.time(), STOCKHOLM)
    end = datetime.combine(last, datetime.max.time(), STOCKHOLM)
    sessions = selectors.sessions_for_user(request.user, start=start, end=end).order_by("period")
    previous = (month.replace(day=1) - timedelta_days(1)).replace(day=1)
    following = last + timedelta_days(1)
    return render(
        request,
        "sprints/calendar.html",
        {"sessions": sessions, "month": month, "previous": previous, "following": following},
    )


def timedelta_days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


@login_required
def prototype_list(request):
    qs = selectors.prototypes_for_user(request.user).order_by("-created_at")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "sprints/prototype_list.html", {"page_obj": page})


@login_required
def closure_days(request):
    if not (request.user.is_municipal and request.user.has_perm("sprints.manage_closure_days")):
        raise PermissionDenied
    form = forms.ClosureDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_day_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The closure day was saved."))
            return redirect("sprints:closure-days")
    days = request.user.organization.closure_days.filter(
        date__gte=timezone.now().astimezone(STOCKHOLM).date()
    )
    return render(request, "sprints/closureday_list.html", {"form": form, "days": days})
