"""The project pages: list, create, detail, close, goals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import forms, selectors, services
from ._common import _form_page, _managed, _project, _saved


@login_required
def project_list(request):
    projects = selectors.projects_for_user(request.user).order_by("-start_date", "title")
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {"page_obj": page, "may_create": request.user.has_perm("projects.create_project")},
    )


@login_required
def project_create(request):
    if not request.user.has_perm("projects.create_project"):
        raise PermissionDenied
    form = forms.ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                user=request.user,
                title=data["title"],
                description=data["description"],
                network=data["network"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                project_manager=data["project_manager"],
                goals=data["goals"].splitlines(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The project was created."))
            return redirect(project)
    return _form_page(request, title=_("New project"), form=form, submit=_("Create the project"))


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    user = request.user
    internal = user.has_perm("projects.view_internal", project)
    context = {
        "project": project,
        "may_manage": user.has_perm("projects.manage_project", project),
        "internal": internal,
        "goals": project.goals.all(),
        "subprojects": project.subprojects.prefetch_related(
            "challenges", "cases", "call_offs", "listings"
        ),
        "milestones": project.milestones.select_related("subproject"),
        "groups": selectors.project_groups_for(user, project),
    }
    if internal:
        context["log_entries"] = selectors.log_entries_for(project)
        context["funding"] = selectors.funding_summary(project)
    return render(request, "projects/project_detail.html", context)


@login_required
def project_close(request, pk: int):
    project = _managed(request, pk)
    form = forms.CloseForm(request.POST or None, initial={"handed_on": project.handed_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_transition(
                user=request.user,
                project=project,
                to="closed",
                handed_on=form.cleaned_data["handed_on"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The project was closed."))
            return redirect(project)
    return _form_page(
        request,
        title=_("Close the project"),
        form=form,
        project=project,
        submit=_("Close the project"),
    )


@login_required
def goal_add(request, pk: int):
    project = _managed(request, pk)
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.goal_add(user=request.user, project=project, **form.cleaned_data)
        return redirect(project.get_absolute_url() + "#goals")
    return _form_page(request, title=_("Add a goal"), form=form, project=project)


@login_required
def goal_assess(request, pk: int, goal_pk: int):
    project = _managed(request, pk)
    goal = get_object_or_404(project.goals, pk=goal_pk)
    form = forms.GoalAssessForm(
        request.POST or None,
        initial={"achievement": goal.achievement, "note": goal.achievement_note},
    )
    if request.method == "POST" and form.is_valid():
        services.goal_assess(
            user=request.user,
            goal=goal,
            achievement=form.cleaned_data["achievement"],
            note=form.cleaned_data["note"],
        )
        return redirect(project.get_absolute_url() + "#goals")
    return _form_page(
        request, title=_("How far was the goal met?"), form=form, project=project, intro=goal.text
    )


@login_required
def project_edit(request, pk: int):
    project = _managed(request, pk)
    form = forms.ProjectEditForm(request.POST or None, user=request.user, project=project)
    if _saved(
        request,
        form,
        lambda data: services.project_update(user=request.user, project=project, **data),
        message=_("The project was saved."),
    ):
        return redirect(project)
    return _form_page(request, title=_("Edit the project"), form=form, project=project)


@login_required
def goal_edit(request, pk: int, goal_pk: int):
    project = _managed(request, pk)
    goal = get_object_or_404(project.goals, pk=goal_pk)
    form = forms.GoalForm(
        request.POST or None, initial={"text": goal.text, "indicator": goal.indicator}
    )
    if _saved(
        request, form, lambda data: services.goal_update(user=request.user, goal=goal, **data)
    ):
        return redirect(project.get_absolute_url() + "#goals")
    return _form_page(request, title=_("Edit the goal"), form=form, project=project)
