"""Evaluation and award from the municipality's side (only after the opening)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    DeclarationForm,
    EvaluatorForm,
    RequirementCheckForm,
    ReviewDecideForm,
    ReviewForm,
    RoundForm,
    ScoreForm,
)
from ..models import Bid, BidFile, ReviewApplication
from ..selectors import bids_for_case, procurements_for_user
from ..services.bids import bid_content, bid_file_bytes, bid_file_name
from .common import form_page, get_case


def _case_bid(request, public_id):
    """A bid of a case the user may see, only once opened and only for those allowed."""
    bid = get_object_or_404(Bid.objects.select_related("tender__case"), public_id=public_id)
    case = bid.tender.case
    if not procurements_for_user(request.user).filter(pk=case.pk).exists():
        raise Http404
    if not bids_for_case(request.user, case).filter(pk=bid.pk).exists():
        raise Http404
    return bid, case


@login_required
def evaluator_add(request, pk):
    case = get_case(request, pk)
    form = EvaluatorForm(request.POST or None, case=case)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Assign an evaluator"),
        handler=lambda d: services.evaluator_assign(case=case, user=d["user"], by=request.user),
        success_url=case.get_absolute_url() + "#evaluation",
        success_message=_("The evaluator was assigned."),
    )


@login_required
def evaluator_declare(request, pk):
    case = get_case(request, pk, perm="procurements.declare")
    form = DeclarationForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Declare no conflict of interest"),
        intro=_("You see the bids only after this declaration."),
        handler=lambda d: services.evaluator_declare(
            case=case, user=request.user, declaration=d["declaration"]
        ),
        success_url=case.get_absolute_url() + "#evaluation",
        success_message=_("Your declaration was recorded."),
    )


@login_required
def bid_detail(request, public_id):
    bid, case = _case_bid(request, public_id)
    tender = bid.tender
    user = request.user
    can_manage = user.has_perm("procurements.manage_evaluation", case)
    can_score = user.has_perm("procurements.score_bids", case)
    forms = {
        "score": ScoreForm(prefix="score", tender=tender),
        "check": RequirementCheckForm(prefix="check", tender=tender),
        "agree": ScoreForm(prefix="agree", tender=tender),
        "round": RoundForm(prefix="round"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        allowed = {
            "score": can_score,
            "check": can_manage,
            "agree": can_manage,
            "round": can_manage,
        }
        if not allowed.get(action):
            raise PermissionDenied
        form_class = {
            "score": ScoreForm,
            "check": RequirementCheckForm,
            "agree": ScoreForm,
            "round": RoundForm,
        }[action]
        kwargs = {} if action == "round" else {"tender": tender}
        form = form_class(request.POST, prefix=action, **kwargs)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "score":
                    services.score_record(bid=bid, evaluator=user, **data)
                elif action == "agree":
                    services.agreed_score_record(bid=bid, by=user, **data)
                elif action == "check":
                    services.requirement_check_record(bid=bid, by=user, **data)
                else:
                    services.negotiation_round_log(case=case, bid=bid, by=user, **data)
            except ValidationError as exc:
                from core.forms import apply_validation_error

                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
    context = {
        "case": case,
        "bid": bid,
        "content": bid_content(bid),
        "files": [(f, bid_file_name(f)) for f in bid.files.filter(bid_version=bid.version)],
        "scores": bid.scores.select_related("criterion", "evaluator"),
        "agreed": bid.agreed_scores.select_related("criterion"),
        "checks": bid.requirement_checks.select_related("requirement"),
        "rounds": bid.rounds.all(),
        "forms": forms,
        "can_manage": can_manage,
        "can_score": can_score,
    }
    return render(request, "procurements/bid_detail.html", context)


@login_required
def bid_file_download(request, public_id):
    """Decrypt and stream a bid file: to its own supplier, or on the case side after the
    opening to those allowed. Everyone else gets 404."""
    from django.http import HttpResponse

    from .. import crypto
    from ..selectors import own_bids_for_supplier

    bid_file = get_object_or_404(
        BidFile.objects.select_related("bid__tender__case"), public_id=public_id
    )
    bid = bid_file.bid
    user = request.user
    if user.is_supplier_user:
        if crypto.supplier_token(bid.tender_id, user.organization_id) != bid.supplier_token:
            raise Http404
        if not own_bids_for_supplier(user, tenders=[bid.tender]).filter(pk=bid.pk).exists():
            raise Http404
    else:
        _case_bid(request, bid.public_id)
    name = bid_file_name(bid_file)
    response = HttpResponse(bid_file_bytes(bid_file), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name.replace(chr(34), "")}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evaluation_complete(request, pk):
    case = get_case(request, pk)
    try:
        services.evaluation_complete(case=case, by=request.user)
        messages.success(request, _("The evaluation is completed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(case.get_absolute_url() + "#evaluation")


@login_required
def review_create(request, pk):
    case = get_case(request, pk)
    form = ReviewForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Register a review application"),
        handler=lambda d: services.review_register(case=case, by=request.user, **d),
        success_url=case.get_absolute_url() + "#award",
        success_message=_("The review application was registered."),
    )


@login_required
def review_decide(request, pk):
    review = get_object_or_404(
        ReviewApplication.objects.select_related("case"),
        pk=pk,
        case__in=procurements_for_user(request.user),
    )
    case = review.case
    if not request.user.has_perm("procurements.manage_case", case):
        raise PermissionDenied
    form = ReviewDecideForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Record the court's decision"),
        handler=lambda d: services.review_decide(review=review, by=request.user, **d),
        success_url=case.get_absolute_url() + "#award",
        success_message=_("The decision was recorded."),
    )
