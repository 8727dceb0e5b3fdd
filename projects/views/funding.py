"""Grants, co-financing, budget periods and reports to funders."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error

from .. import forms, services
from ._common import _form_page, _managed


@login_required
def grant_add(request, pk: int):
    project = _managed(request, pk)
    form = forms.GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(project.get_absolute_url() + "#funding")
    return _form_page(request, title=_("Add a grant"), form=form, project=project)


def _grant(request, pk: int, grant_pk: int):
    project = _managed(request, pk)
    return project, get_object_or_404(project.grants.select_related("project"), pk=grant_pk)


@login_required
def cofinancing_add(request, pk: int, grant_pk: int):
    project, grant = _grant(request, pk, grant_pk)
    form = forms.CoFinancingForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            services.cofinancing_set(user=request.user, grant=grant, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(project.get_absolute_url() + "#funding")
    return _form_page(
        request, title=_("Co-financing"), form=form, project=project, intro=str(grant)
    )


@login_required
def period_add(request, pk: int, grant_pk: int):
    project, grant = _grant(request, pk, grant_pk)
    form = forms.BudgetPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_period_set(user=request.user, grant=grant, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(project.get_absolute_url() + "#funding")
    return _form_page(
        request,
        title=_("Budget and costs for a period"),
        form=form,
        project=project,
        intro=_("A period with the same start replaces the earlier figures."),
    )


@login_required
def funder_report_add(request, pk: int, grant_pk: int):
    project, grant = _grant(request, pk, grant_pk)
    form = forms.FunderReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.funder_report_add(user=request.user, grant=grant, **form.cleaned_data)
        return redirect(project.get_absolute_url() + "#funding")
    return _form_page(
        request,
        title=_("A report to the funder"),
        form=form,
        project=project,
        intro=_("The project manager is reminded 14 days before it is due."),
    )


@login_required
@require_POST
def funder_report_submit(request, pk: int, report_pk: int):
    project = _managed(request, pk)
    from ..models import FunderReport

    report = get_object_or_404(
        FunderReport.objects.select_related("grant__project"), pk=report_pk, grant__project=project
    )
    services.funder_report_submit(user=request.user, report=report)
    return redirect(project.get_absolute_url() + "#funding")
