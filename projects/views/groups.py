"""Groups and their meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error

from .. import forms, selectors, services
from ..ics import meeting_ics
from ._common import _form_page, _managed

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
