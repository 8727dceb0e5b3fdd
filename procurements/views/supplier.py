"""The supplier side: published tenders, questions, sealed bids with receipts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.arrival import arrival_time
from core.forms import apply_validation_error

from .. import services
from ..enums import BidStatus
from ..forms import BidForm, QuestionForm
from ..models import AwardDecision
from ..selectors import (
    live_own_bid,
    own_bids_for_supplier,
    published_tenders_for_supplier,
    questions_for_supplier,
    supplier_selection_state,
    tenders_for_user,
)
from ..services.bids import bid_content, bid_file_name


def _supplier(request):
    if not request.user.has_perm("procurements.use_supplier_pages"):
        raise PermissionDenied


@login_required
@require_GET
def tender_list(request):
    _supplier(request)
    tenders = published_tenders_for_supplier(request.user)
    page = Paginator(tenders, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "procurements/tender_list.html",
        {"page_obj": page, "tenders": page.object_list, "now": timezone.now()},
    )


@login_required
def tender_detail(request, pk):
    user = request.user
    if not user.is_supplier_user:
        tender = get_object_or_404(tenders_for_user(user), pk=pk)
        return redirect(tender.case.get_absolute_url() + "#tender")
    tender = get_object_or_404(
        published_tenders_for_supplier(user).prefetch_related(
            "criteria", "requirements", "documents__versions"
        ),
        pk=pk,
    )
    services.tender_interest_register(tender=tender, supplier=user.organization)
    bid = live_own_bid(user, tender)
    open_for_bids = user.has_perm("procurements.bid_on_tender", tender)
    selection = supplier_selection_state(user, tender)
    question_form = QuestionForm(request.POST or None, prefix="q")
    if request.method == "POST" and question_form.is_valid():
        try:
            services.question_ask(tender=tender, by=user, **question_form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(question_form, exc)
        else:
            messages.success(
                request, _("Your question was sent. The answer is published to all suppliers.")
            )
            return redirect(request.path)
    return render(
        request,
        "procurements/tender_detail.html",
        {
            "tender": tender,
            "case": tender.case,
            "bid": bid,
            "open_for_bids": open_for_bids,
            "selection": selection,
            "rounds": tender.rounds.filter(
                participants__supplier_id=user.organization_id, participants__continues=True
            ),
            "questions": questions_for_supplier(user, tender),
            "question_form": question_form,
        },
    )


@login_required
def bid_submit(request, pk):
    _supplier(request)
    user = request.user
    tender = get_object_or_404(published_tenders_for_supplier(user), pk=pk)
    current = live_own_bid(user, tender)
    initial = None
    if current is not None:
        content = bid_content(current)
        initial = {"text": content["text"], "price_sek": content["price_sek"]}
    form = BidForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.bid_submit(
                tender=tender,
                by=user,
                text=form.cleaned_data["text"],
                price_sek=form.cleaned_data["price_sek"],
                files=form.cleaned_data["files"] or [],
                arrived_at=arrival_time(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Your bid was received at %(time)s. Receipt: %(code)s")
                % {
                    "time": timezone.localtime(bid.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
                    "code": bid.receipt_code,
                },
            )
            return redirect("procurements:bid-list")
    return render(
        request,
        "procurements/bid_form.html",
        {"tender": tender, "case": tender.case, "form": form, "current": current},
    )


@login_required
@require_GET
def bid_list(request):
    _supplier(request)
    bids = list(
        own_bids_for_supplier(request.user, withdrawn_after_opening=True).select_related(
            "tender__case__award"
        )
    )
    awarded = set(
        AwardDecision.winning_bids.through.objects.filter(bid__in=bids).values_list(
            "bid_id", flat=True
        )
    )
    rows = [
        {
            "bid": bid,
            "files": [
                (f, bid_file_name(f)) for f in bid.files.all() if f.bid_version == bid.version
            ],
            "can_withdraw": request.user.has_perm("procurements.withdraw_bid", bid),
            "decided": _award_of(bid) is not None and bid.status == BidStatus.SUBMITTED,
            "won": bid.pk in awarded,
        }
        for bid in bids
    ]
    return render(request, "procurements/bid_list.html", {"rows": rows})


def _award_of(bid):
    return getattr(bid.tender.case, "award", None)


@login_required
@require_POST
def bid_withdraw(request, public_id):
    _supplier(request)
    bid = get_object_or_404(own_bids_for_supplier(request.user), public_id=public_id)
    try:
        services.bid_withdraw(bid=bid, by=request.user)
        messages.success(request, _("Your bid was withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("procurements:bid-list")
