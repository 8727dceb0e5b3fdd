"""Making and editing a sprint framework agreement from a framework contract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import agreements, selectors
from ..forms import AgreementFromContractForm, AgreementTermsForm


@login_required
def agreement_create(request):
    """An officer turns an awarded framework contract into a sprint agreement."""
    if not request.user.has_perm("sprints.add_agreement"):
        raise PermissionDenied
    contracts = agreements.convertible_contracts(request.user)
    form = AgreementFromContractForm(request.POST or None, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreements.agreement_from_contract(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("The sprint agreement was made. Enter each supplier's prices."),
            )
            return redirect("sprints:agreement-terms", pk=agreement.pk)
    return render(
        request, "sprints/agreement_create.html", {"form": form, "has_contracts": contracts}
    )


@login_required
def agreement_terms(request, pk: int):
    agreement = get_object_or_404(selectors.agreements_for_user(request.user), pk=pk)
    if not request.user.has_perm("sprints.manage_agreement", agreement):
        raise PermissionDenied
    terms = selectors.agreement_terms(agreement)
    prices = {(p.supplier_id, p.format): p.price_sek for p in agreement.prices.all()}
    form = AgreementTermsForm(
        request.POST or None,
        agreement=agreement,
        ranking=terms["ranking"],
        formats=terms["formats"],
        prices=prices,
        initial={
            "title": agreement.title,
            "start_date": agreement.start_date,
            "end_date": agreement.end_date,
            "max_value_sek": agreement.max_value_sek,
            "notice_working_days": agreement.notice_working_days,
            "late_cancellation_percent": agreement.late_cancellation_percent,
            "response_working_days": agreement.response_working_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreements.agreement_terms_update(agreement=agreement, by=request.user, **form.terms())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The agreement's terms were saved."))
            return redirect(agreement)
    return render(
        request,
        "sprints/agreement_terms.html",
        {"form": form, "agreement": agreement, "ranking": terms["ranking"]},
    )
