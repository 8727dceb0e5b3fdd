"""Negotiation rounds: the officers' pages and the candidate's own round page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import services
from ..enums import OpeningKind
from ..forms import RoundAnswerForm, RoundOpenForm, RoundQuestionForm, RoundTenderForm
from ..models import TenderRound
from ..selectors import procurements_for_user
from ..services.bids import bid_content
from ..services.negotiation import _candidates, own_round_tender, round_opened
from ..services.opening import OPENING_CONFIRMATION_MINUTES
from .common import form_page, get_case
from .opening import opening_page


def _tender(case):
    tender = getattr(case, "tender", None)
    if tender is None:
        raise Http404
    return tender


@login_required
def round_list(request, pk):
    case = get_case(request, pk, perm="procurements.manage_case")
    tender = _tender(case)
    rounds = list(tender.rounds.prefetch_related("participants__supplier"))
    return render(
        request,
        "procurements/round_list.html",
        {"case": case, "rounds": [(r, round_opened(r)) for r in rounds]},
    )


@login_required
def round_create(request, pk):
    case = get_case(request, pk)
    tender = _tender(case)
    candidates = [b.supplier for b in _candidates(tender)]
    form = RoundOpenForm(request.POST or None, candidates=candidates)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Open a negotiation round"),
        intro=_(
            "Decide for every candidate, with reasons, whether it continues; every candidate "
            "is told. Questions to a candidate are seen only by that candidate."
        ),
        handler=lambda d: services.round_open(
            tender=tender,
            by=request.user,
            deadline=d["deadline"],
            is_final=d["is_final"],
            notes=d["notes"],
            decisions=form.decisions(),
        ),
        success_url=lambda r: r_url(r),
        success_message=_("The round was opened and the candidates are told."),
    )


def r_url(tender_round):
    from django.urls import reverse

    return reverse("procurements:round-detail", kwargs={"pk": tender_round.pk})


def _case_round(request, pk):
    tender_round = get_object_or_404(
        TenderRound.objects.select_related("tender__case"),
        pk=pk,
        tender__case__in=procurements_for_user(request.user),
    )
    return tender_round, tender_round.tender.case


@login_required
def round_detail(request, pk):
    tender_round, case = _case_round(request, pk)
    user = request.user
    if not user.has_perm("procurements.manage_case", case):
        raise PermissionDenied
    participants = list(tender_round.participants.select_related("supplier"))
    continuing = [p.supplier_id for p in participants if p.continues]
    from organizations.models import Organization

    form = RoundQuestionForm(
        request.POST or None, candidates=Organization.objects.filter(pk__in=continuing)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_question_ask(tender_round=tender_round, by=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The question was sent to the candidate only."))
            return redirect(request.path)
    opened = round_opened(tender_round)
    tenders = []
    if opened and user.has_perm("procurements.view_bids", case):
        tenders = [
            (row, bid_content(row))
            for row in tender_round.tenders.filter(supplier__isnull=False).select_related(
                "supplier"
            )
        ]
    return render(
        request,
        "procurements/round_detail.html",
        {
            "case": case,
            "round": tender_round,
            "participants": participants,
            "questions": tender_round.questions.select_related("supplier", "asked_by"),
            "form": form if not tender_round.is_final and not opened else None,
            "opened": opened,
            "tenders": tenders,
        },
    )


@login_required
def round_open(request, pk):
    tender_round, case = _case_round(request, pk)
    if not request.user.has_perm("procurements.view_case", case):
        raise Http404
    title = _("Open the final tenders") if tender_round.is_final else _("Open the revised tenders")
    return opening_page(
        request,
        case=case,
        kind=OpeningKind.ROUND,
        target=tender_round,
        title=title,
        intro=_(
            "Two officials open the tenders: one starts the opening, a second confirms it in "
            "their own session within %(minutes)s minutes. Until then nobody can see who "
            "tendered, how many or anything of a tender."
        )
        % {"minutes": OPENING_CONFIRMATION_MINUTES},
        back_url=r_url(tender_round),
    )


@login_required
def supplier_round(request, pk):
    """The candidate's own round: its questions and answers, its revised tender."""
    user = request.user
    if not user.is_supplier_user:
        raise PermissionDenied
    tender_round = get_object_or_404(
        TenderRound.objects.select_related("tender__case"),
        pk=pk,
        participants__supplier_id=user.organization_id,
        participants__continues=True,
    )
    questions = list(tender_round.questions.filter(supplier_id=user.organization_id))
    current = own_round_tender(user, tender_round)
    initial = bid_content(current) if current else None
    tender_form = RoundTenderForm(
        request.POST if request.POST.get("action") == "tender" else None, initial=initial
    )
    answer_form = RoundAnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "tender" and tender_form.is_valid():
                row = services.round_tender_submit(
                    tender_round=tender_round, by=user, **tender_form.cleaned_data
                )
                messages.success(
                    request,
                    _("Your tender was received at %(time)s. Receipt: %(code)s")
                    % {
                        "time": timezone.localtime(row.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
                        "code": row.receipt_code,
                    },
                )
                return redirect(request.path)
            if request.POST.get("action") == "answer" and answer_form.is_valid():
                question = next(
                    (q for q in questions if str(q.pk) == request.POST.get("question")), None
                )
                if question is None:
                    raise Http404
                services.round_question_answer(
                    question=question, by=user, answer=answer_form.cleaned_data["answer"]
                )
                messages.success(request, _("Your answer was sent."))
                return redirect(request.path)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "procurements/supplier_round.html",
        {
            "round": tender_round,
            "case": tender_round.tender.case,
            "questions": questions,
            "current": current,
            "tender_form": tender_form,
            "answer_form": answer_form,
            "open": not round_opened(tender_round) and timezone.now() <= tender_round.deadline,
        },
    )
