"""Suppliers' responses to an RFI: answer, read, compare, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.arrival import arrival_time
from core.csv import Code, csv_response
from core.files import serve_file
from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import (
    ResponseForm,
)


@login_required
def response_edit(request, pk: int):
    """The supplier's answer form: save a draft or submit, before the deadline."""
    user = request.user
    if not user.is_supplier_user:
        raise Http404
    rfi = get_object_or_404(selectors.rfis_for_user(user), pk=pk)
    response = selectors.responses_for_user(user).filter(rfi=rfi).first()
    questions = list(rfi.questions.all())
    existing = {a.question_id: a for a in response.answers.all()} if response else {}
    arrived_at = arrival_time(request)
    # "dialogue.respond_rfi" at the moment the request arrived (an upload may take long).
    if not rfi.open_at(arrived_at):
        messages.error(request, _("The deadline has passed; no answers are accepted."))
        return redirect(response or rfi)
    form = ResponseForm(
        request.POST or None, request.FILES or None, questions=questions, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        answers, files = form.values()
        submit = "submit" in request.POST
        try:
            response = services.rfi_response_save(
                rfi=rfi,
                user=user,
                answers=answers,
                files=files,
                submit=submit,
                arrived_at=arrived_at,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if submit:
                messages.success(
                    request,
                    _("Your answer was submitted; it arrived at %(time)s.")
                    % {
                        "time": timezone.localtime(response.submitted_at).strftime(
                            "%Y-%m-%d %H:%M:%S"
                        )
                    },
                )
                return redirect(response)
            messages.success(
                request, _("Your draft was saved. It is not sent in until you submit it.")
            )
            return redirect("dialogue:response-edit", pk=rfi.pk)
    return render(
        request,
        "dialogue/rfiresponse_form.html",
        {"rfi": rfi, "form": form, "response": response},
        status=400 if form.errors else 200,
    )


@login_required
def response_detail(request, pk: int):
    response = get_object_or_404(selectors.responses_for_user(request.user), pk=pk)
    answers = {a.question_id: a for a in response.answers.select_related("question").all()}
    rows = [(q, answers.get(q.pk)) for q in response.rfi.questions.all()]
    return render(
        request,
        "dialogue/rfiresponse_detail.html",
        {"response": response, "rfi": response.rfi, "rows": rows},
    )


@login_required
def answer_file(request, pk: int):
    answer = get_object_or_404(selectors.answers_for_user(request.user), pk=pk)
    if not answer.file:
        raise Http404
    return serve_file(answer.file, download_name=answer.file_name or "bilaga")


@login_required
def rfi_compare(request, pk: int):
    """Answers question by question, suppliers side by side."""
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.view_rfi_answers", rfi):
        raise Http404
    questions, responses, table = selectors.rfi_comparison(rfi, request.user)
    rows = [(q, [table.get((q.pk, r.pk)) for r in responses]) for q in questions]
    return render(
        request,
        "dialogue/rfi_compare.html",
        {"rfi": rfi, "responses": responses, "rows": rows},
    )


@login_required
def rfi_export(request, pk: int):
    """CSV (UTF-8 with BOM, so Excel reads å, ä and ö): one row per supplier."""
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.view_rfi_answers", rfi):
        raise Http404
    questions, responses, table = selectors.rfi_comparison(rfi, request.user)
    header = [
        _("Supplier"),
        _("Organisation number"),
        _("Submitted"),
        *[f"{i}. {q.text}" for i, q in enumerate(questions, 1)],
    ]
    rows = [
        [
            response.supplier.name,
            Code(response.supplier.org_number or ""),
            response.submitted_at,
            *[a.display_value if (a := table.get((q.pk, response.pk))) else "" for q in questions],
        ]
        for response in responses
    ]
    return csv_response(rfi.title or "rfi", header, rows, stream=False, request=request)
