"""Pages for needs: list, form, detail and the assessor's actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error
from core.fragments import cached_fragments

from .. import selectors, services
from ..enums import NeedStatus
from ..filters import NeedFilter
from ..forms import (
    AnswerForm,
    AssessorForm,
    AttachmentForm,
    CommentForm,
    NeedForm,
    NoteForm,
    RejectForm,
)
from ..models import NeedAttachment
from .common import (
    PAGE_SIZE,
    _query_string,
)


def _need_or_404(user, pk):
    need = get_object_or_404(selectors.needs_for_user(user), pk=pk)
    need._assessor_ids = set(need.assessments.values_list("assessor_id", flat=True))
    return need


@login_required
def need_list(request):
    base = selectors.needs_for_list(request.user)
    filterset, qs = _need_rows(request, base)
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = selectors.need_list_count(request.user, qs, _query_string(request))
    page = paginator.get_page(request.GET.get("page"))
    rows = cached_fragments(
        "needs:rows", "needs/_need_row.html", page.object_list, name="need", shown=_need_shown
    )
    return render(
        request,
        "needs/need_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "query_string": _query_string(request),
        },
    )


def _need_shown(need) -> tuple:
    """What a row of the need list shows (its cache key: core.fragments)."""
    return (
        need.pk,
        need.title,
        need.organization.name,
        need.department,
        need.status,
        need.assessor_count,
        need.submitted_at,
    )


def _need_rows(request, base):
    filterset = NeedFilter(request.GET or None, queryset=base, user=request.user)
    return filterset, (filterset.qs if filterset.is_bound and filterset.is_valid() else base)


@login_required
def need_list_csv(request):
    """The need list as CSV: the same rows and filters as the page."""
    base = selectors.needs_for_user(request.user).order_by("-created_at")
    _filterset, qs = _need_rows(request, base)
    qs = qs.select_related("organization", "author")
    header = [_("Title"), _("Status"), _("Municipality"), _("Department"), _("Author"),
              _("The problem"), _("Submitted"), _("Created")]  # fmt: skip
    rows = (
        [
            n.title,
            n.get_status_display(),
            n.organization.name,
            n.department,
            n.author,
            n.problem,
            n.submitted_at,
            n.created_at,
        ]
        for n in qs.iterator(chunk_size=500)
    )
    return csv_response(_("needs"), header, rows, request=request)


@login_required
def need_create(request):
    if not request.user.has_perm("needs.add_need"):
        raise PermissionDenied
    form = NeedForm(
        request.POST or None, request.FILES or None, duplicates_url=reverse("needs:need-duplicates")
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        try:
            with transaction.atomic():
                need = services.need_create(
                    author=request.user, submit="submit" in request.POST, **data
                )
                if form.cleaned_data.get("attachment"):
                    services.need_attachment_add(
                        need=need, by=request.user, upload=form.cleaned_data["attachment"]
                    )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="attachment")
        else:
            if need.status == NeedStatus.SUBMITTED:
                messages.success(request, _("Your need was submitted to the network."))
            else:
                messages.success(request, _("Your need was saved as a draft."))
            return redirect(need)
    return render(request, "needs/need_form.html", {"form": form})


@login_required
def need_edit(request, pk: int):
    need = _need_or_404(request.user, pk)
    if not request.user.has_perm("needs.change_need", need):
        raise PermissionDenied
    form = NeedForm(
        request.POST or None,
        request.FILES or None,
        instance=need,
        duplicates_url=reverse("needs:need-duplicates") + f"?exclude={need.pk}",
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        try:
            with transaction.atomic():
                services.need_update(need=need, by=request.user, **data)
                if form.cleaned_data.get("attachment"):
                    services.need_attachment_add(
                        need=need, by=request.user, upload=form.cleaned_data["attachment"]
                    )
                if "submit" in request.POST:
                    services.need_submit(need=need, by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="attachment")
        else:
            messages.success(request, _("The need was saved."))
            return redirect(need)
    return render(request, "needs/need_form.html", {"form": form, "need": need})


@login_required
def need_duplicates(request):
    """htmx: submitted needs in the network that look like what is being written."""
    text = " ".join([request.GET.get("title", ""), request.GET.get("problem", "")])
    exclude = request.GET.get("exclude")
    found = selectors.need_duplicates(
        request.user, text=text, exclude_pk=int(exclude) if exclude and exclude.isdigit() else None
    )
    return render(request, "needs/_duplicates.html", {"duplicates": found})


@login_required
def need_detail(request, pk: int):
    need = _need_or_404(request.user, pk)
    user = request.user
    notes = list(selectors.assessment_notes_for(need, user))
    context = {
        "need": need,
        "attachments": need.attachments.all(),
        "comments": need.comments.select_related("author", "author__organization"),
        "assessors": need.assessments.select_related("assessor", "assessor__organization"),
        "notes": _threaded(notes),
        "merged_needs": selectors.needs_for_user(user).filter(merged_into=need),
        "workshops": selectors.workshops_for_user(user).filter(needs=need),
        "can": {
            "edit": user.has_perm("needs.change_need", need),
            "submit": user.has_perm("needs.submit_need", need),
            "comment": user.has_perm("needs.comment_need", need),
            "attach": user.has_perm("needs.attach_need", need),
            "assign": user.has_perm("needs.assign_assessors", need),
            "view_assessment": user.has_perm("needs.view_assessment", need),
            "note": user.has_perm("needs.note_need", need),
            "assess": user.has_perm("needs.assess_need", need),
        },
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "note_form": NoteForm(need=need),
    }
    if context["can"]["assign"]:
        context["assessor_form"] = AssessorForm(user=user)
    if context["can"]["assess"]:
        context["answer_form"] = AnswerForm(user=user, need=need)
        context["reject_form"] = RejectForm()
    return render(request, "needs/need_detail.html", context)


def _threaded(notes: list) -> list:
    top = [n for n in notes if n.parent_id is None]
    for note in top:
        note.reply_list = [r for r in notes if r.parent_id == note.pk]
    return top


def _back(request, need, exc: ValidationError | None = None):
    if exc is not None:
        messages_from_error(request, exc)
    return redirect(need)


@login_required
@require_POST
def need_submit(request, pk: int):
    need = _need_or_404(request.user, pk)
    if not request.user.has_perm("needs.submit_need", need):
        raise PermissionDenied
    try:
        services.need_submit(need=need, by=request.user)
    except ValidationError as exc:
        return _back(request, need, exc)
    messages.success(request, _("Your need was submitted to the network."))
    return redirect(need)


@login_required
@require_POST
def need_comment(request, pk: int):
    need = _need_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _back(request, need, ValidationError(_("Write a comment.")))
    try:
        services.need_comment_add(need=need, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as exc:
        return _back(request, need, exc)
    messages.success(request, _("Your comment was added."))
    return redirect(need)


@login_required
@require_POST
def need_attach(request, pk: int):
    need = _need_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _back(request, need, ValidationError(_("Choose a file.")))
    try:
        services.need_attachment_add(need=need, by=request.user, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        return _back(request, need, exc)
    messages.success(request, _("The file was attached."))
    return redirect(need)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        NeedAttachment.objects.filter(need__in=selectors.needs_for_user(request.user)), pk=pk
    )
    return serve_file(attachment.file, download_name=attachment.name)


@login_required
@require_POST
def need_assign(request, pk: int):
    need = _need_or_404(request.user, pk)
    form = AssessorForm(request.POST, user=request.user)
    if not form.is_valid():
        return _back(request, need, ValidationError(_("Choose an assessor in the network.")))
    try:
        services.assessor_assign(need=need, assessor=form.cleaned_data["assessor"], by=request.user)
    except ValidationError as exc:
        return _back(request, need, exc)
    messages.success(request, _("The assessor was asked to assess the need."))
    return redirect(need)


@login_required
@require_POST
def need_note(request, pk: int):
    need = _need_or_404(request.user, pk)
    form = NoteForm(request.POST, need=need)
    if not form.is_valid():
        return _back(request, need, ValidationError(_("Write a note.")))
    try:
        services.assessment_note_add(
            need=need,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data.get("parent"),
        )
    except ValidationError as exc:
        return _back(request, need, exc)
    return redirect(reverse("needs:need-detail", kwargs={"pk": need.pk}) + "#assessment")


@login_required
@require_POST
def need_answer(request, pk: int):
    need = _need_or_404(request.user, pk)
    if not request.user.has_perm("needs.assess_need", need):
        raise PermissionDenied
    form = AnswerForm(request.POST, user=request.user, need=need)
    if form.is_valid():
        try:
            services.need_answer(
                need=need,
                by=request.user,
                option=form.cleaned_data["option"],
                reason=form.cleaned_data["reason"],
                challenge=form.cleaned_data.get("challenge"),
                merged_into=form.cleaned_data.get("merged_into"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The answer was sent to the submitter."))
            return redirect(need)
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(need)


@login_required
@require_POST
def need_reject(request, pk: int):
    need = _need_or_404(request.user, pk)
    if not request.user.has_perm("needs.assess_need", need):
        raise PermissionDenied
    try:
        services.need_reject(need=need, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return _back(request, need, exc)
    messages.success(request, _("The need was rejected and the submitter told why."))
    return redirect(need)
