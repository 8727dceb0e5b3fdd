"""Pages for needs, challenges, workshops and prioritisation. Objects come from selectors;
writes go through services; a foreign object answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error
from core.fragments import cached_fragments

from . import selectors, services
from .enums import NeedStatus, RoundStatus
from .filters import ChallengeFilter, NeedFilter
from .forms import (
    AnswerForm,
    AssessorForm,
    AttachmentForm,
    ChallengeForm,
    CommentForm,
    DecideForm,
    JoinForm,
    NeedForm,
    NoteForm,
    RejectForm,
    RoundForm,
    StartProcurementForm,
    WorkshopForm,
)
from .models import NeedAttachment, PriorityCriterion

PAGE_SIZE = 25


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _need_or_404(user, pk):
    need = get_object_or_404(selectors.needs_for_user(user), pk=pk)
    need._assessor_ids = set(need.assessments.values_list("assessor_id", flat=True))
    return need


# --- Needs ------------------------------------------------------------------------------


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


def _challenge_rows(request, base):
    filterset = ChallengeFilter(request.GET or None, queryset=base, user=request.user)
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


# --- Challenges -------------------------------------------------------------------------


@login_required
def challenge_list(request):
    base = (
        selectors.challenges_for_user(request.user)
        .annotate(
            need_count=Count("needs", distinct=True),
            participant_count=Count("participations", distinct=True),
        )
        .order_by("-created_at")
    )
    filterset, qs = _challenge_rows(request, base)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "needs/challenge_list.html",
        {"filter": filterset, "page_obj": page, "query_string": _query_string(request)},
    )


@login_required
def challenge_list_csv(request):
    """The challenge list as CSV: the same rows and filters as the page."""
    base = selectors.challenges_for_user(request.user).order_by("-created_at")
    _filterset, qs = _challenge_rows(request, base)
    qs = qs.select_related("owner_organization", "owner").annotate(
        need_count=Count("needs", distinct=True)
    )
    header = [_("Title"), _("Municipality"), _("Owner"), _("Needs"), _("Expected effect"),
              _("Created")]  # fmt: skip
    rows = (
        [
            c.title,
            c.owner_organization.name,
            c.owner or "",
            c.need_count,
            c.expected_effect,
            c.created_at,
        ]
        for c in qs.iterator(chunk_size=500)
    )
    return csv_response(_("challenges"), header, rows, request=request)


@login_required
def challenge_create(request):
    if not request.user.has_perm("needs.add_challenge"):
        raise PermissionDenied
    initial = {"owner_organization": request.user.organization_id}
    if request.GET.get("need"):
        need = _need_or_404(request.user, request.GET["need"])
        initial.update({"needs": [need.pk], "title": need.title, "description": need.problem})
    form = ChallengeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The challenge was created."))
            return redirect(challenge)
    return render(request, "needs/challenge_form.html", {"form": form})


@login_required
def challenge_edit(request, pk: int):
    challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.change_challenge", challenge):
        raise PermissionDenied
    form = ChallengeForm(
        request.POST or None, instance=challenge, user=request.user, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(challenge=challenge, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(challenge)
    return render(request, "needs/challenge_form.html", {"form": form, "challenge": challenge})


@login_required
def challenge_detail(request, pk: int):
    user = request.user
    challenge = get_object_or_404(selectors.challenges_for_user(user), pk=pk)
    participations = list(challenge.participations.select_related("organization", "declared_by"))
    joined = any(p.organization_id == user.organization_id for p in participations)
    context = {
        "challenge": challenge,
        "participations": participations,
        "needs": selectors.needs_for_user(user).filter(challenge=challenge),
        "workshops": selectors.workshops_for_user(user).filter(challenges=challenge),
        "cases": challenge.procurement_cases.all(),
        "rounds": selectors.rounds_for_user(user).filter(challenges=challenge),
        "can_edit": user.has_perm("needs.change_challenge", challenge),
        "can_join": user.has_perm("needs.join_challenge", challenge) and not joined,
        "joined": joined,
        "can_start": user.has_perm("needs.start_procurement", challenge),
        "join_form": JoinForm(),
        "start_form": StartProcurementForm(initial={"title": challenge.title}),
    }
    return render(request, "needs/challenge_detail.html", context)


@login_required
@require_POST
def challenge_join(request, pk: int):
    challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=pk)
    form = JoinForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.challenge_join(challenge=challenge, by=request.user, note=note)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Your municipality now shares this challenge."))
    return redirect(challenge)


@login_required
@require_POST
def challenge_start_procurement(request, pk: int):
    challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.start_procurement", challenge):
        raise PermissionDenied
    form = StartProcurementForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else challenge.title
    try:
        case = services.challenge_start_procurement(
            challenge=challenge, by=request.user, title=title
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
        return redirect(challenge)
    messages.success(
        request, _("The procurement case “%(title)s” was started.") % {"title": case.title}
    )
    if hasattr(case, "get_absolute_url"):
        return redirect(case)
    return redirect(challenge)


# --- Workshops --------------------------------------------------------------------------


@login_required
def workshop_list(request):
    qs = (
        selectors.workshops_for_user(request.user)
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("-starts_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/workshop_list.html", {"page_obj": page})


def _workshop_fields(cleaned: dict) -> dict:
    return {
        k: v
        for k, v in cleaned.items()
        if k not in {"network", "participants", "needs", "challenges"}
    }


@login_required
def workshop_create(request):
    if not request.user.has_perm("needs.add_workshop"):
        raise PermissionDenied
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_create(
                by=request.user,
                network=data["network"],
                participants=data["participants"],
                needs=data["needs"],
                challenges=data["challenges"],
                **_workshop_fields(data),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The workshop was planned and the invitations sent."))
            return redirect(workshop)
    return render(request, "needs/workshop_form.html", {"form": form})


@login_required
def workshop_edit(request, pk: int):
    workshop = get_object_or_404(selectors.workshops_for_user(request.user), pk=pk)
    if not request.user.has_perm("needs.change_workshop", workshop):
        raise PermissionDenied
    form = WorkshopForm(request.POST or None, instance=workshop, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.workshop_update(
                workshop=workshop,
                by=request.user,
                participants=data["participants"],
                needs=data["needs"],
                challenges=data["challenges"],
                **_workshop_fields(data),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(workshop)
    return render(request, "needs/workshop_form.html", {"form": form, "workshop": workshop})


@login_required
def workshop_detail(request, pk: int):
    user = request.user
    workshop = get_object_or_404(selectors.workshops_for_user(user), pk=pk)
    context = {
        "workshop": workshop,
        "participations": workshop.participations.select_related(
            "user", "user__organization"
        ).order_by("user__organization__name", "user__full_name"),
        "needs": selectors.needs_for_user(user).filter(workshops=workshop),
        "challenges": selectors.challenges_for_user(user).filter(workshops=workshop),
        "can_edit": user.has_perm("needs.change_workshop", workshop),
    }
    return render(request, "needs/workshop_detail.html", context)


# --- Prioritisation ---------------------------------------------------------------------


@login_required
def round_list(request):
    qs = (
        selectors.rounds_for_user(request.user)
        .annotate(challenge_count=Count("round_challenges", distinct=True))
        .order_by("-created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/round_list.html", {"page_obj": page})


@login_required
def round_create(request):
    if not request.user.has_perm("needs.add_round"):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            priority_round = services.round_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The prioritisation round was created."))
            return redirect(priority_round)
    return render(request, "needs/round_form.html", {"form": form})


def _round_or_404(user, pk):
    return get_object_or_404(
        selectors.rounds_for_user(user).prefetch_related(
            Prefetch("criteria", queryset=PriorityCriterion.objects.order_by("order", "pk"))
        ),
        pk=pk,
    )


@login_required
def round_detail(request, pk: int):
    user = request.user
    priority_round = _round_or_404(user, pk)
    criteria = list(priority_round.criteria.all())
    ranking = selectors.round_ranking(priority_round)
    means = selectors.round_criterion_means(priority_round)
    can_score = user.has_perm("needs.score_round", priority_round)
    mine = selectors.scores_of(priority_round, user) if can_score else {}
    for row in ranking:
        row["criteria"] = [means.get((row["challenge"].pk, c.pk)) for c in criteria]
        row["mine"] = [
            {"criterion": c, "value": mine.get((row["challenge"].pk, c.pk))} for c in criteria
        ]
    can_manage = user.has_perm("needs.manage_round", priority_round)
    context = {
        "round": priority_round,
        "criteria": criteria,
        "ranking": ranking,
        "scale": list(priority_round.scale),
        "can_score": can_score,
        "can_manage": can_manage,
        "participants": priority_round.participants.select_related("organization"),
        "decide_form": DecideForm(priority_round=priority_round)
        if can_manage and priority_round.status == RoundStatus.CLOSED
        else None,
        "statuses": RoundStatus,
    }
    return render(request, "needs/round_detail.html", context)


@login_required
@require_POST
def round_score(request, pk: int):
    user = request.user
    priority_round = _round_or_404(user, pk)
    if not user.has_perm("needs.score_round", priority_round):
        raise PermissionDenied
    criteria = {c.pk: c for c in priority_round.criteria.all()}
    challenges = {c.pk: c for c in priority_round.challenges.all()}
    saved, errors = 0, []
    with transaction.atomic():
        for key, value in request.POST.items():
            if not key.startswith("score-") or value == "":
                continue
            try:
                _prefix, challenge_id, criterion_id = key.split("-")
                challenge = challenges[int(challenge_id)]
                criterion = criteria[int(criterion_id)]
            except (ValueError, KeyError) as exc:
                raise Http404 from exc
            try:
                services.score_set(
                    priority_round=priority_round,
                    participant=user,
                    challenge=challenge,
                    criterion=criterion,
                    value=value,
                )
                saved += 1
            except ValidationError as exc:
                errors.append(f"{challenge} – {criterion}: {' '.join(exc.messages)}")
        if errors:
            transaction.set_rollback(True)
    if errors:
        for error in errors:
            messages.error(request, error)
        messages.error(request, _("Nothing was saved; correct the scores and try again."))
    else:
        messages.success(request, _("Your scores were saved (%(n)s).") % {"n": saved})
    return redirect(priority_round)


@login_required
@require_POST
def round_transition(request, pk: int):
    priority_round = _round_or_404(request.user, pk)
    try:
        services.round_transition(
            priority_round=priority_round, to=request.POST.get("to", ""), by=request.user
        )
    except ValueError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect(priority_round)


@login_required
@require_POST
def round_decide(request, pk: int):
    priority_round = _round_or_404(request.user, pk)
    if not request.user.has_perm("needs.manage_round", priority_round):
        raise PermissionDenied
    form = DecideForm(request.POST, priority_round=priority_round)
    if form.is_valid():
        try:
            services.round_decide(
                priority_round=priority_round,
                by=request.user,
                decision=form.cleaned_data["decision"],
                selected=form.cleaned_data["selected"],
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(priority_round)
