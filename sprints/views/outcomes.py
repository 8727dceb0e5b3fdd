"""What a sprint produced: its outcome, prototypes, the follow-through into a need or a
procurement, and participants' evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error

from .. import forms, selectors, services
from ._common import call_off_or_404, form_errors_as_messages, managed_call_off


@login_required
def outcome_edit(request, pk: int):
    call_off = managed_call_off(request, pk)
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
    call_off = managed_call_off(request, pk)
    outcome = getattr(call_off, "outcome", None)
    if outcome is None:
        raise Http404
    form = forms.PrototypeForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(call_off)
    try:
        services.prototype_add(outcome=outcome, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The prototype was added."))
    return redirect(call_off)


@login_required
def prototype_file(request, pk: int):
    prototype = get_object_or_404(selectors.prototypes_for_user(request.user), pk=pk)
    if not prototype.file:
        raise Http404
    return serve_file(prototype.file, download_name=prototype.file_name or "prototype")


@login_required
def prototype_list(request):
    qs = selectors.prototypes_for_user(request.user).order_by("-created_at")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "sprints/prototype_list.html", {"page_obj": page})


@login_required
@require_POST
def outcome_follow_through(request, pk: int, kind: str):
    call_off = managed_call_off(request, pk)
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
    call_off = call_off_or_404(request, pk)
    if not request.user.has_perm("sprints.evaluate_call_off", call_off):
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
