"""Requests for information: create, edit, list, detail, questions, publish, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..enums import ResponseState, RfiState
from ..forms import (
    CancelForm,
    ClarificationAskForm,
    QuestionForm,
    RfiForm,
)
from ..models import RfiQuestion
from .common import _page

# --- RFIs ----------------------------------------------------------------------------


def _rfi_form(request, *, initial=None):
    return RfiForm(
        request.POST or None,
        initial=initial,
        suppliers=selectors.suppliers_for_user(request.user),
    )


def _rfi_create(request, anchor):
    if not request.user.has_perm("dialogue.add_dialogue", anchor):
        raise PermissionDenied
    form = _rfi_form(request, initial={"invitation_mode": "chosen"})
    if request.method == "POST" and form.is_valid():
        try:
            rfi = services.rfi_create(created_by=request.user, anchor=anchor, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The RFI was saved as a draft. Add its questions."))
            return redirect(rfi)
    return render(request, "dialogue/rfi_form.html", {"form": form, "anchor": anchor})


@login_required
def rfi_create_for_case(request, pk: int):
    return _rfi_create(request, get_object_or_404(selectors.visible_cases(request.user), pk=pk))


@login_required
def rfi_create_for_challenge(request, pk: int):
    return _rfi_create(
        request, get_object_or_404(selectors.visible_challenges(request.user), pk=pk)
    )


@login_required
def rfi_edit(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.change_rfi", rfi):
        raise PermissionDenied
    initial = {
        "title": rfi.title,
        "background": rfi.background,
        "need": rfi.need,
        "deadline": timezone.localtime(rfi.deadline),
        "invitation_mode": rfi.invitation_mode,
        "chosen_suppliers": list(rfi.chosen_suppliers.all()),
        "invited_cpv_codes": list(rfi.invited_cpv_codes.all()),
    }
    form = _rfi_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rfi_update(rfi=rfi, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The RFI was saved."))
            return redirect(rfi)
    return render(
        request, "dialogue/rfi_form.html", {"form": form, "anchor": rfi.anchor, "rfi": rfi}
    )


def _rfi_rows(request):
    user = request.user
    if user.is_supplier_user:
        qs = selectors.rfi_list_for_supplier(user)
    else:
        qs = selectors.rfis_with_counts(user)
    state = request.GET.get("state", "")
    if state in RfiState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-deadline", "-pk"), state


@login_required
def rfi_list_csv(request):
    """The RFI list as CSV: the same rows and filter as the page."""
    qs, _state = _rfi_rows(request)
    supplier = request.user.is_supplier_user
    header = [_("Title"), _("State"), _("Deadline"), _("Published")]
    if not supplier:
        header += [_("Invited"), _("Answers")]

    def rows():
        for rfi in qs.iterator(chunk_size=500):
            row = [rfi.title, rfi.get_state_display(), rfi.deadline, rfi.published_at]
            if not supplier:
                row += [rfi.invitation_count, rfi.submitted_count]
            yield row

    return csv_response(_("requests-for-information"), header, rows(), request=request)


@login_required
def rfi_list(request):
    qs, state = _rfi_rows(request)
    page = _page(request, qs)
    return render(
        request,
        "dialogue/rfi_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": RfiState.choices,
            "query_string": f"state={state}" if state else "",
            "now": timezone.now(),
        },
    )


@login_required
def rfi_detail(request, pk: int):
    user = request.user
    rfi = get_object_or_404(selectors.rfis_for_user(user), pk=pk)
    context = {
        "rfi": rfi,
        "questions": list(rfi.questions.all()),
        "clarifications": selectors.clarifications_for_user(user).filter(rfi=rfi),
        "is_supplier": user.is_supplier_user,
    }
    if user.is_supplier_user:
        context["my_response"] = selectors.responses_for_user(user).filter(rfi=rfi).first()
        context["ask_form"] = ClarificationAskForm()
    else:
        context.update(
            {
                "question_form": QuestionForm(),
                "cancel_form": CancelForm(),
                "invitations": rfi.invitations.select_related("supplier"),
                "submitted_count": rfi.responses.filter(state=ResponseState.SUBMITTED).count(),
                "draft_count": rfi.responses.filter(state=ResponseState.DRAFT).count(),
                "recipients_preview": services.rfi_recipients(rfi)[:100]
                if rfi.state == RfiState.DRAFT
                else None,
                "chosen_suppliers": rfi.chosen_suppliers.all(),
                "invited_cpv_codes": rfi.invited_cpv_codes.all(),
            }
        )
    return render(request, "dialogue/rfi_detail.html", context)


@login_required
@require_POST
def question_add(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.rfi_question_add(rfi=rfi, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The question was added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(rfi)


@login_required
@require_POST
def question_delete(request, pk: int):
    rfis = selectors.rfis_for_user(request.user)
    question = get_object_or_404(RfiQuestion.objects.filter(rfi__in=rfis), pk=pk)
    rfi = question.rfi
    services.rfi_question_delete(question=question, by=request.user)
    messages.success(request, _("The question was removed."))
    return redirect(rfi)


@login_required
@require_POST
def rfi_publish(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.publish_rfi", rfi):
        raise PermissionDenied
    try:
        rfi = services.rfi_publish(rfi=rfi, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            _("The RFI was published and %(n)s suppliers were invited.")
            % {"n": rfi.invitations.count()},
        )
    return redirect(rfi)


@login_required
@require_POST
def rfi_cancel(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.cancel_rfi", rfi):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.rfi_cancel(rfi=rfi, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The RFI was cancelled and the suppliers told."))
    else:
        messages.error(request, _("Say why the RFI is cancelled."))
    return redirect(rfi)
