"""The selection stage: suppliers' sealed requests to participate, their two-person
opening, the officers' assessment and the selection decision."""

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
from ..forms import AssessmentForm, ParticipationRequestForm, SelectionForm
from ..selectors import own_request_for_supplier, published_tenders_for_supplier, requests_for_case
from ..services.opening import OPENING_CONFIRMATION_MINUTES
from ..services.selection import request_content, request_file_name, requests_opened
from .common import get_case
from .opening import opening_page


@login_required
def request_submit(request, pk):
    """A supplier's sealed request to participate (replace until the deadline)."""
    user = request.user
    if not user.is_supplier_user:
        raise PermissionDenied
    tender = get_object_or_404(published_tenders_for_supplier(user), pk=pk)
    if not tender.case.procedure_rules.selection:
        raise Http404
    current = own_request_for_supplier(user, tender)
    initial = request_content(current) if current else None
    form = ParticipationRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.request_submit(
                tender=tender,
                by=user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Your request to participate was received at %(time)s. Receipt: %(code)s")
                % {
                    "time": timezone.localtime(sent.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
                    "code": sent.receipt_code,
                },
            )
            return redirect("procurements:tender-detail", pk=tender.pk)
    return render(
        request,
        "procurements/request_form.html",
        {"tender": tender, "case": tender.case, "form": form, "current": current},
    )


@login_required
def requests_open(request, pk):
    case = get_case(request, pk, perm="procurements.view_case")
    tender = getattr(case, "tender", None)
    if tender is None or not case.procedure_rules.selection:
        raise Http404
    return opening_page(
        request,
        case=case,
        kind=OpeningKind.REQUESTS,
        target=tender,
        title=_("Open the requests to participate"),
        intro=_(
            "Two officials open the requests: one starts the opening, a second confirms it in "
            "their own session within %(minutes)s minutes. Until then nobody can see who "
            "asked to participate, how many or anything of a request."
        )
        % {"minutes": OPENING_CONFIRMATION_MINUTES},
        back_url=case.get_absolute_url() + "#selection",
    )


@login_required
def selection(request, pk):
    """The opened requests with their assessments; officers assess and select here."""
    case = get_case(request, pk, perm="procurements.view_case")
    tender = getattr(case, "tender", None)
    if tender is None or not case.procedure_rules.selection:
        raise Http404
    user = request.user
    can_manage = user.has_perm("procurements.manage_case", case)
    opened = requests_opened(tender)
    rows = list(requests_for_case(user, case)) if opened else []
    if opened and not rows and not can_manage:
        raise PermissionDenied
    selection_form = SelectionForm(
        request.POST if request.POST.get("action") == "select" else None,
        requests=requests_for_case(user, case),
    )
    assess_forms = {}
    for row in rows:
        assessment = getattr(row, "assessment", None)
        data = request.POST if request.POST.get("request") == str(row.pk) else None
        assess_forms[row.pk] = AssessmentForm(
            data,
            prefix=f"r{row.pk}",
            initial={
                "passed": "1" if assessment and assessment.passed else "0",
                "reasons": assessment.reasons if assessment else "",
                "rank": assessment.rank if assessment else None,
            }
            if assessment
            else None,
        )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "assess":
                row = next((r for r in rows if str(r.pk) == request.POST.get("request")), None)
                if row is None:
                    raise Http404
                form = assess_forms[row.pk]
                if form.is_valid():
                    services.request_assess(request=row, by=user, **form.cleaned_data)
                    messages.success(request, _("The assessment was recorded."))
                    return redirect(request.path)
            elif action == "select":
                if selection_form.is_valid():
                    services.selection_decide(
                        tender=tender, by=user, invited=selection_form.cleaned_data["invited"]
                    )
                    messages.success(
                        request, _("The candidates were selected and every candidate is told.")
                    )
                    return redirect(request.path)
            else:
                raise Http404
        except ValidationError as exc:
            target = assess_forms.get(int(request.POST.get("request") or 0)) or selection_form
            apply_validation_error(target, exc)
    return render(
        request,
        "procurements/selection.html",
        {
            "case": case,
            "tender": tender,
            "opened": opened,
            "can_manage": can_manage,
            "rows": [
                (
                    r,
                    request_content(r)["text"],
                    [request_file_name(f) for f in r.files.all() if f.request_version == r.version],
                    assess_forms[r.pk],
                )
                for r in rows
            ],
            "selection_form": selection_form,
        },
    )
