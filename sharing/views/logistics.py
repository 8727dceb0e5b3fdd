"""Transport tasks and internal invoices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_lines

from .. import selectors, services
from ..enums import InvoiceKind, TransportState
from ..forms import (
    MonthForm,
    TransportDoneForm,
)
from .common import _marketplace_user

# --- Logistics and invoices ------------------------------------------------------------


@login_required
def transport_list(request):
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_transport_queue"):
        raise PermissionDenied
    show_done = request.GET.get("done") == "1"
    tasks = selectors.transport_tasks_for_user(user)
    tasks = (
        tasks.filter(state=TransportState.DONE)
        if show_done
        else tasks.filter(state__in=[TransportState.OPEN, TransportState.ASSIGNED])
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/transport_list.html",
        {
            "page_obj": page,
            "tasks": page.object_list,
            "show_done": show_done,
            "done_form": TransportDoneForm(),
        },
    )


@login_required
@require_POST
def transport_action(request, pk: int, action: str):
    user = _marketplace_user(request)
    task = get_object_or_404(selectors.transport_tasks_for_user(user), pk=pk)
    try:
        if action == "assign":
            services.transport_assign(user=user, task=task)
        elif action == "done":
            form = TransportDoneForm(request.POST)
            price = form.cleaned_data["price_sek"] if form.is_valid() else None
            services.transport_done(user=user, task=task, price_sek=price)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The transport is updated."))
    return redirect("sharing:transport-list")


def _month(request) -> tuple[int, int]:
    form = MonthForm(request.GET or None)
    if form.is_valid():
        return form.cleaned_data["month"]
    today = timezone.localdate()
    return today.year, today.month


@login_required
def invoice_list(request):
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_invoices"):
        raise PermissionDenied
    year, month = _month(request)
    lines = selectors.invoice_lines_for_user(user).filter(date__year=year, date__month=month)[:500]
    return render(
        request,
        "sharing/invoice_list.html",
        {
            "lines": lines,
            "summary": selectors.invoice_summary(user, year=year, month=month),
            "month": f"{year:04d}-{month:02d}",
            "form": MonthForm(initial={"month": f"{year:04d}-{month:02d}"}),
        },
    )


def _sek(value) -> str:
    return f"{value:.2f}".replace(".", ",")


@login_required
def invoice_csv(request):
    """The month's summary per municipality and department, UTF-8 with BOM for Excel."""
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_invoices"):
        raise PermissionDenied
    year, month = _month(request)
    header = [
        _("Seller"),
        _("Seller department"),
        _("Buyer"),
        _("Buyer department"),
        _("Cost centre"),
        _("Kind"),
        _("Lines"),
        _("Amount excl. VAT (SEK)"),
        _("VAT (SEK)"),
        _("Total (SEK)"),
    ]
    kinds = dict(InvoiceKind.choices)
    rows = (
        [
            row["seller__name"],
            row["seller_department"],
            row["buyer__name"],
            row["buyer_department"],
            row["cost_centre"],
            kinds.get(row["kind"], row["kind"]),
            row["lines"],
            _sek(row["amount"]),
            _sek(row["vat"]),
            _sek(row["amount"] + row["vat"]),
        ]
        for row in selectors.invoice_summary(user, year=year, month=month)
    )
    response = HttpResponse(
        "".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="samverka-internfakturor-{year:04d}-{month:02d}.csv"'
    )
    return response
