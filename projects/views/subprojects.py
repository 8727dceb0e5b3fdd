"""Subprojects, milestones and the risk and decision log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import forms, services
from ._common import _form_page, _managed, _saved


@login_required
def subproject_create(request, pk: int):
    project = _managed(request, pk)
    form = forms.SubprojectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sub = services.subproject_create(
                user=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The subproject was added."))
            return redirect(sub)
    return _form_page(request, title=_("Add a subproject"), form=form, project=project)


@login_required
def subproject_end(request, pk: int, sub_pk: int):
    project = _managed(request, pk)
    sub = get_object_or_404(project.subprojects, pk=sub_pk)
    form = forms.SubprojectEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subproject_transition(
                user=request.user,
                subproject=sub,
                to=data["state"],
                outcome=data["outcome"],
                reason=data["reason"],
                lessons=data["lessons"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The subproject was ended."))
            return redirect(sub)
    return _form_page(
        request, title=_("End the subproject"), form=form, project=project, intro=sub.title
    )


@login_required
def milestone_add(request, pk: int):
    project = _managed(request, pk)
    form = forms.MilestoneForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        services.milestone_add(user=request.user, project=project, **form.cleaned_data)
        return redirect(project.get_absolute_url() + "#milestones")
    return _form_page(request, title=_("Add a milestone"), form=form, project=project)


@login_required
@require_POST
def milestone_reach(request, pk: int, milestone_pk: int):
    project = _managed(request, pk)
    milestone = get_object_or_404(project.milestones, pk=milestone_pk)
    services.milestone_reach(user=request.user, milestone=milestone)
    return redirect(project.get_absolute_url() + "#milestones")


@login_required
def log_add(request, pk: int):
    project = _managed(request, pk)
    form = forms.LogEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_entry_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(project.get_absolute_url() + "#log")
    return _form_page(request, title=_("Add a risk or decision"), form=form, project=project)


@login_required
def subproject_edit(request, pk: int, sub_pk: int):
    project = _managed(request, pk)
    sub = get_object_or_404(project.subprojects, pk=sub_pk)
    form = forms.SubprojectEditForm(request.POST or None, user=request.user, subproject=sub)
    if _saved(
        request,
        form,
        lambda data: services.subproject_update(user=request.user, subproject=sub, **data),
        message=_("The subproject was saved."),
    ):
        return redirect(sub)
    return _form_page(
        request, title=_("Edit the subproject"), form=form, project=project, intro=sub.title
    )


@login_required
def milestone_edit(request, pk: int, milestone_pk: int):
    project = _managed(request, pk)
    milestone = get_object_or_404(project.milestones, pk=milestone_pk)
    form = forms.MilestoneForm(
        request.POST or None,
        project=project,
        initial={
            "title": milestone.title,
            "due_date": milestone.due_date,
            "subproject": milestone.subproject_id,
        },
    )
    if _saved(
        request,
        form,
        lambda data: services.milestone_update(user=request.user, milestone=milestone, **data),
    ):
        return redirect(project.get_absolute_url() + "#milestones")
    return _form_page(request, title=_("Edit the milestone"), form=form, project=project)


@login_required
def log_edit(request, pk: int, entry_pk: int):
    project = _managed(request, pk)
    entry = get_object_or_404(project.log_entries, pk=entry_pk, is_closed=False)
    form = forms.LogEntryEditForm(request.POST or None, entry=entry)
    if _saved(
        request,
        form,
        lambda data: services.log_entry_update(user=request.user, entry=entry, **data),
    ):
        return redirect(project.get_absolute_url() + "#log")
    return _form_page(
        request, title=_("Edit the risk or decision"), form=form, project=project, intro=entry
    )


@login_required
@require_POST
def log_close(request, pk: int, entry_pk: int):
    project = _managed(request, pk)
    entry = get_object_or_404(project.log_entries, pk=entry_pk)
    try:
        services.log_entry_close(user=request.user, entry=entry)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The entry was closed."))
    return redirect(project.get_absolute_url() + "#log")
