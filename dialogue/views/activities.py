"""Dialogue activities: create, edit, list, detail, calendar file, files, consultation
sections and comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error

from .. import selectors, services
from ..forms import (
    ActivityFileForm,
    ActivityForm,
    CommentForm,
    SectionForm,
)
from ..models import ConsultationSection
from .common import _page

# --- Activities --------------------------------------------------------------------------


def _activity_form(request, *, initial=None):
    user = request.user
    return ActivityForm(
        request.POST or None,
        initial=initial,
        colleagues=selectors.colleagues_for_user(user),
        suppliers=selectors.suppliers_for_user(user),
        supplier_people=selectors.supplier_people_for_user(user),
    )


def _activity_create(request, anchor):
    if not request.user.has_perm("dialogue.add_dialogue", anchor):
        raise PermissionDenied
    form = _activity_form(request, initial={"internal_participants": [request.user]})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                created_by=request.user, anchor=anchor, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(request, "dialogue/activity_form.html", {"form": form, "anchor": anchor})


@login_required
def activity_create_for_case(request, pk: int):
    return _activity_create(
        request, get_object_or_404(selectors.visible_cases(request.user), pk=pk)
    )


@login_required
def activity_create_for_challenge(request, pk: int):
    return _activity_create(
        request, get_object_or_404(selectors.visible_challenges(request.user), pk=pk)
    )


def _activity_rows(request):
    from ..enums import ActivityKind

    qs = selectors.activities_for_user(request.user).annotate(
        supplier_count=Count("supplier_organizations", distinct=True)
    )
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-starts_at", "-pk"), kind


@login_required
def activity_list_csv(request):
    """The dialogue activities as CSV: the same rows and filter as the page."""
    qs, _kind = _activity_rows(request)
    header = [_("Title"), _("Kind"), _("Starts"), _("Ends"), _("Place"), _("Suppliers")]
    rows = (
        [a.title, a.get_kind_display(), a.starts_at, a.ends_at, a.location, a.supplier_count]
        for a in qs.iterator(chunk_size=500)
    )
    return csv_response(_("dialogue-activities"), header, rows, request=request)


@login_required
def activity_list(request):
    from ..enums import ActivityKind

    qs, kind = _activity_rows(request)
    page = _page(request, qs)
    return render(
        request,
        "dialogue/activity_list.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": ActivityKind.choices,
            "query_string": f"kind={kind}" if kind else "",
        },
    )


@login_required
def activity_ics_download(request, pk: int):
    """A dialogue meeting as a calendar file (same scope as the activity page)."""
    from django.http import HttpResponse

    from ..ics import activity_ics, has_calendar_file

    activity = get_object_or_404(
        selectors.activities_for_user(request.user).select_related("created_by"), pk=pk
    )
    if not has_calendar_file(activity):
        raise Http404
    response = HttpResponse(activity_ics(activity), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dialogue-{activity.pk}.ics"'
    return response


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = get_object_or_404(selectors.activities_for_user(user), pk=pk)
    comments = selectors.comments_for_user(user).filter(section__activity=activity)
    sections = activity.sections.prefetch_related(
        Prefetch("comments", queryset=comments, to_attr="visible_comments")
    )
    return render(
        request,
        "dialogue/activity_detail.html",
        {
            "activity": activity,
            "is_supplier": user.is_supplier_user,
            "files": selectors.activity_files_for_user(user).filter(activity=activity),
            "sections": sections,
            "internal": activity.internal_participants.select_related("organization"),
            "supplier_orgs": activity.supplier_organizations.all(),
            "supplier_people": activity.supplier_participants.select_related("organization"),
            "file_form": ActivityFileForm(),
            "section_form": SectionForm(),
            "comment_form": CommentForm(),
            "can_change": user.has_perm("dialogue.change_activity", activity),
            "can_comment": user.has_perm("dialogue.comment_consultation", activity),
        },
    )


@login_required
def activity_edit(request, pk: int):
    activity = get_object_or_404(selectors.activities_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.change_activity", activity):
        raise PermissionDenied
    initial = {
        name: getattr(activity, name)
        for name in (
            "kind",
            "title",
            "location",
            "purpose",
            "notes",
            "other_participants",
        )
    }
    for name in ("starts_at", "ends_at", "comments_until"):
        value = getattr(activity, name)
        initial[name] = timezone.localtime(value) if value else None
    initial["internal_participants"] = list(activity.internal_participants.all())
    initial["supplier_organizations"] = list(activity.supplier_organizations.all())
    initial["supplier_participants"] = list(activity.supplier_participants.all())
    form = _activity_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(
        request,
        "dialogue/activity_form.html",
        {"form": form, "anchor": activity.anchor, "activity": activity},
    )


@login_required
@require_POST
def activity_file_add(request, pk: int):
    activity = get_object_or_404(selectors.activities_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.change_activity", activity):
        raise PermissionDenied
    form = ActivityFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_file_add(
                activity=activity,
                by=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                shared_with_suppliers=form.cleaned_data["shared_with_suppliers"],
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The file was added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(activity)


@login_required
def activity_file(request, pk: int):
    attachment = get_object_or_404(selectors.activity_files_for_user(request.user), pk=pk)
    return serve_file(attachment.file, download_name=attachment.name)


@login_required
@require_POST
def section_add(request, pk: int):
    activity = get_object_or_404(selectors.activities_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.change_activity", activity):
        raise PermissionDenied
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_section_add(
                activity=activity, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The section was added."))
    else:
        messages.error(request, _("Name the section."))
    return redirect(activity)


@login_required
@require_POST
def comment_add(request, pk: int):
    activities = selectors.activities_for_user(request.user)
    section = get_object_or_404(
        ConsultationSection.objects.filter(activity__in=activities).select_related("activity"),
        pk=pk,
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_comment_add(
                section=section, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("Your comment was saved."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect(section.activity.get_absolute_url() + f"#section-{section.pk}")
