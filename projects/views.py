"""Pages for projects. Thin: every object comes from a selector taking the user (a
foreign project answers 404), every write goes through a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from . import forms, selectors, services
from .ics import meeting_ics


def _project(request, pk: int):
    return selectors.project_get_for_user(request.user, pk)


def _managed(request, pk: int):
    project = _project(request, pk)
    if not request.user.has_perm("projects.manage_project", project):
        raise PermissionDenied
    return project


def _form_page(request, *, title, form, project=None, intro="", submit=None, back=None):
    return render(
        request,
        "projects/form.html",
        {
            "title": title,
            "form": form,
            "project": project,
            "intro": intro,
            "submit": submit or _("Save"),
            "back": back or (project.get_absolute_url() if project else None),
        },
    )


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
    from .models import FunderReport

    report = get_object_or_404(
        FunderReport.objects.select_related("grant__project"), pk=report_pk, grant__project=project
    )
    services.funder_report_submit(user=request.user, report=report)
    return redirect(project.get_absolute_url() + "#funding")


# --- groups and meetings ---------------------------------------------------------------


@login_required
def group_create(request, pk: int):
    project = _managed(request, pk)
    form = forms.GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(group)
    return _form_page(request, title=_("New group"), form=form, project=project)


@login_required
def group_detail(request, pk: int):
    group = get_object_or_404(selectors.groups_for_user(request.user), pk=pk)
    may_manage = request.user.has_perm("projects.manage_project", group.project)
    member_form = None
    if may_manage:
        member_form = forms.GroupMemberForm(
            request.POST or None, user=request.user, project=group.project
        )
        if request.method == "POST" and member_form.is_valid():
            try:
                services.group_member_add(
                    user=request.user,
                    group=group,
                    person=member_form.cleaned_data["person"],
                    role=member_form.cleaned_data["role"],
                )
            except ValidationError as exc:
                apply_validation_error(member_form, exc)
            else:
                messages.success(request, _("The person was added to the group."))
                return redirect(group)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "projects/group_detail.html",
        {
            "group": group,
            "project": group.project,
            "members": group.memberships.select_related("user__organization"),
            "meetings": group.meetings.order_by("-starts_at"),
            "may_manage": may_manage,
            "member_form": member_form,
        },
    )


@login_required
def meeting_create(request, pk: int):
    group = get_object_or_404(selectors.groups_for_user(request.user), pk=pk)
    if not request.user.has_perm("projects.manage_project", group.project):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting was called; the members were notified."))
            return redirect(meeting)
    return _form_page(
        request,
        title=_("Call a meeting"),
        form=form,
        project=group.project,
        intro=group.name,
        back=group.get_absolute_url(),
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(selectors.meetings_for_user(request.user), pk=pk)
    user = request.user
    may_manage = user.has_perm("projects.manage_project", meeting.group.project)
    form = None
    if may_manage:
        form = forms.MinutesForm(
            request.POST or None,
            meeting=meeting,
            initial={
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
                "present": [a.user_id for a in meeting.attendance.all() if a.present],
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.meeting_record(
                    user=user,
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    decisions=form.cleaned_data["decisions"],
                    present_ids=[int(i) for i in form.cleaned_data["present"]],
                )
            except ValidationError as exc:
                messages_from_error(request, exc)
            else:
                messages.success(request, _("The minutes were saved."))
                return redirect(meeting)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "projects/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "project": meeting.group.project,
            "may_see_minutes": user.has_perm("projects.view_minutes", meeting),
            "attendance": meeting.attendance.select_related("user__organization"),
            "form": form,
        },
    )


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = get_object_or_404(selectors.meetings_for_user(request.user), pk=pk)
    try:
        services.meeting_cancel(user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The meeting was cancelled; the members were told."))
    return redirect(meeting)


@login_required
def meeting_ics_download(request, pk: int):
    meeting = get_object_or_404(selectors.meetings_for_user(request.user), pk=pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
