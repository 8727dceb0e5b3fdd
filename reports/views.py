"""Report pages: list, request (choose a kind, then its form), detail with live progress,
download, rebuild. Every object comes from `reports_for_user`: a foreign report is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error

from .enums import ReportState
from .filters import ReportFilter
from .forms import ReportLanguageForm
from .permissions import can_use_reports
from .selectors import (
    report_kind_for_user,
    report_kinds_for_user,
    report_viewable,
    reports_for_user,
)
from .services import report_rebuild, report_request


def _require_reports(user) -> None:
    if not can_use_reports(user):
        raise PermissionDenied


@login_required
def report_list(request):
    _require_reports(request.user)
    filterset = ReportFilter(
        request.GET or None, queryset=reports_for_user(request.user), request=request
    )
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/report_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query_string": query.urlencode(),
            "kinds": report_kinds_for_user(request.user),
        },
    )


@login_required
def report_list_csv(request):
    """The report list as CSV: the same rows and filters as the page."""
    _require_reports(request.user)
    filterset = ReportFilter(
        request.GET or None, queryset=reports_for_user(request.user), request=request
    )
    qs = filterset.qs.select_related("requested_by", "organization")
    header = [_("Title"), _("State"), _("Requested by"), _("Organisation"), _("Created")]
    rows = (
        [r.title, r.get_state_display(), r.requested_by, r.organization, r.created_at]
        for r in qs.iterator(chunk_size=500)
    )
    return csv_response(_("reports"), header, rows, request=request)


@login_required
def report_kind_choose(request):
    _require_reports(request.user)
    return render(
        request, "reports/report_kind_choose.html", {"kinds": report_kinds_for_user(request.user)}
    )


@login_required
def report_create(request, kind: str):
    _require_reports(request.user)
    report_kind = report_kind_for_user(request.user, kind)
    if report_kind is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = report_kind.form_class(data, user=request.user)
    language_form = ReportLanguageForm(data, user=request.user)
    if request.method == "POST" and form.is_valid() and language_form.is_valid():
        try:
            report = report_request(
                user=request.user,
                kind_key=report_kind.key,
                params=form.to_params(),
                language=language_form.cleaned_data["language"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The report is being built."))
            return redirect(report)
    return render(
        request,
        "reports/report_form.html",
        {"kind": report_kind, "form": form, "language_form": language_form},
    )


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "may_download": report_viewable(request.user, report)},
    )


@login_required
def report_progress(request, pk: int):
    """The status fragment the detail page polls; it stops polling once finished."""
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    return render(
        request,
        "reports/_report_status.html",
        {"report": report, "may_download": report_viewable(request.user, report)},
    )


@login_required
def report_download(request, pk: int):
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    if report.state != ReportState.DONE or not report.file:
        raise Http404
    if not report_viewable(request.user, report):
        raise Http404  # it holds what this user may not see (e.g. evaluation results)
    return serve_file(report.file, download_name=report.download_name)


@login_required
@require_POST
def report_rebuild_view(request, pk: int):
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    try:
        new = report_rebuild(user=request.user, report=report)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect(report)
    messages.success(request, _("The report is being built again."))
    return redirect(new)
