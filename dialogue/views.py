"""Pages of the market dialogue. Every object comes from a selector that takes the user
(a foreign object answers 404); writes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.arrival import arrival_time
from core.csv import Code, csv_response
from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error
from core.models import CpvCode

from . import selectors, services, timeline
from .enums import ResponseState, RfiState
from .forms import (
    ActivityFileForm,
    ActivityForm,
    CancelForm,
    ClarificationAnswerForm,
    ClarificationAskForm,
    CommentForm,
    QuestionForm,
    ResponseForm,
    RfiForm,
    SectionForm,
    SupplierProfileForm,
    SupplierRegistrationForm,
)
from .models import ConsultationSection, RfiQuestion

PAGE_SIZE = 25


def _page(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


# --- Supplier registration and profile -----------------------------------------------


def supplier_register(request):
    """Public: a company registers and its first user gets an account."""
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SupplierRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.supplier_register(
                company_name=data["company_name"],
                org_number=data["org_number"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                phone=data["phone"],
                language=getattr(request, "LANGUAGE_CODE", "sv"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you! %(company)s is registered. The platform operator checks the "
                    "registration; you get an e-mail when you can sign in."
                )
                % {"company": user.organization.name},
            )
            return redirect("login")
    return render(request, "dialogue/supplier_register.html", {"form": form})


@login_required
def profile_edit(request):
    if not request.user.has_perm("dialogue.edit_profile"):
        raise PermissionDenied
    profile = services.supplier_profile_get_or_create(request.user.organization)
    initial = {"description": profile.description, "cpv_codes": list(profile.cpv_codes.all())}
    form = SupplierProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_profile_update(
                user=request.user,
                description=form.cleaned_data["description"],
                cpv_codes=form.cleaned_data["cpv_codes"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your supplier profile was saved."))
            return redirect("dialogue:profile-edit")
    return render(request, "dialogue/supplierprofile_edit.html", {"form": form, "profile": profile})


CPV_FIELDS = {"cpv_codes", "invited_cpv_codes"}


@login_required
@require_GET
def cpv_search(request):
    """htmx: up to 20 CPV codes matching a code prefix or words of the label."""
    field = request.GET.get("field", "cpv_codes")
    if field not in CPV_FIELDS:
        raise Http404
    query = request.GET.get("q", "").strip()
    codes = []
    if len(query) >= 2:
        digits = query.replace("-", "")
        if digits.isdigit():
            codes = CpvCode.objects.filter(code__startswith=digits[:8])
        else:
            codes = CpvCode.objects.filter(
                Q(label_sv__icontains=query) | Q(label_en__icontains=query)
            )
        codes = list(codes.order_by("code")[:20])
    return render(
        request, "dialogue/_cpv_results.html", {"codes": codes, "field": field, "query": query}
    )


# --- Overview ------------------------------------------------------------------------


@login_required
def index(request):
    """Municipal: the RFIs and activities of the cases and challenges they see. Supplier:
    the portal of its RFIs, answers, questions and meetings."""
    user = request.user
    if user.is_supplier_user:
        return render(
            request,
            "dialogue/supplier_portal.html",
            {
                "rfis": selectors.rfi_list_for_supplier(user).filter(state=RfiState.PUBLISHED)[:50],
                "activities": selectors.activities_for_user(user).order_by("-starts_at")[:20],
                "clarifications": selectors.clarifications_for_user(user)
                .filter(published_at__isnull=False)
                .order_by("-published_at")[:20],
                "now": timezone.now(),
            },
        )
    if not (user.is_municipal or user.is_platform_admin):
        raise PermissionDenied
    cases = (
        selectors.visible_cases(user)
        .select_related("lead_organization")
        .order_by("-created_at")[:50]
    )
    challenges = (
        selectors.visible_challenges(user)
        .select_related("owner_organization")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "dialogue/index.html",
        {
            "rfis": selectors.rfis_with_counts(user).order_by("-deadline")[:10],
            "activities": selectors.activities_for_user(user).order_by("-starts_at")[:10],
            "cases": cases,
            "challenges": challenges,
        },
    )


def _anchor_page(request, anchor, template="dialogue/anchor_dialogue.html"):
    user = request.user
    where = selectors.anchor_filter(anchor)
    return render(
        request,
        template,
        {
            "anchor": anchor,
            "is_case": "case" in where,
            "rfis": selectors.rfis_with_counts(user).filter(**where),
            "activities": selectors.activities_for_user(user).filter(**where).order_by("starts_at"),
            "clarifications": selectors.clarifications_for_user(user)
            .filter(**{f"rfi__{k}": v for k, v in where.items()})
            .order_by("-created_at")[:50],
            "message_page": _page(
                request, selectors.messages_for_user(user).filter(**where), size=50
            ),
            "can_add": user.has_perm("dialogue.add_dialogue", anchor),
            "timeline": timeline.entries_for_anchor(where, user)[:30],
        },
    )


@login_required
def case_dialogue(request, pk: int):
    case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
    return _anchor_page(request, case)


@login_required
def challenge_dialogue(request, pk: int):
    challenge = get_object_or_404(selectors.visible_challenges(request.user), pk=pk)
    return _anchor_page(request, challenge)


# --- RFIs ----------------------------------------------------------------------------


def _rfi_form(request, *, initial=None):
    return RfiForm(
        request.POST or None,
        initial=initial,
        suppliers=selectors.suppliers_for_user(request.user),
    )


def _rfi_create(request, anchor):
    if not request.user.has_perm("dialogue.add_dialogue", anchor):
        raise PermissionDenied
    form = _rfi_form(request, initial={"invitation_mode": "chosen"})
    if request.method == "POST" and form.is_valid():
        try:
            rfi = services.rfi_create(created_by=request.user, anchor=anchor, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The RFI was saved as a draft. Add its questions."))
            return redirect(rfi)
    return render(request, "dialogue/rfi_form.html", {"form": form, "anchor": anchor})


@login_required
def rfi_create_for_case(request, pk: int):
    return _rfi_create(request, get_object_or_404(selectors.visible_cases(request.user), pk=pk))


@login_required
def rfi_create_for_challenge(request, pk: int):
    return _rfi_create(
        request, get_object_or_404(selectors.visible_challenges(request.user), pk=pk)
    )


@login_required
def rfi_edit(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.change_rfi", rfi):
        raise PermissionDenied
    initial = {
        "title": rfi.title,
        "background": rfi.background,
        "need": rfi.need,
        "deadline": timezone.localtime(rfi.deadline),
        "invitation_mode": rfi.invitation_mode,
        "chosen_suppliers": list(rfi.chosen_suppliers.all()),
        "invited_cpv_codes": list(rfi.invited_cpv_codes.all()),
    }
    form = _rfi_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rfi_update(rfi=rfi, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The RFI was saved."))
            return redirect(rfi)
    return render(
        request, "dialogue/rfi_form.html", {"form": form, "anchor": rfi.anchor, "rfi": rfi}
    )


def _rfi_rows(request):
    user = request.user
    if user.is_supplier_user:
        qs = selectors.rfi_list_for_supplier(user)
    else:
        qs = selectors.rfis_with_counts(user)
    state = request.GET.get("state", "")
    if state in RfiState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-deadline", "-pk"), state


@login_required
def rfi_list_csv(request):
    """The RFI list as CSV: the same rows and filter as the page."""
    qs, _state = _rfi_rows(request)
    supplier = request.user.is_supplier_user
    header = [_("Title"), _("State"), _("Deadline"), _("Published")]
    if not supplier:
        header += [_("Invited"), _("Answers")]

    def rows():
        for rfi in qs.iterator(chunk_size=500):
            row = [rfi.title, rfi.get_state_display(), rfi.deadline, rfi.published_at]
            if not supplier:
                row += [rfi.invitation_count, rfi.submitted_count]
            yield row

    return csv_response(_("requests-for-information"), header, rows(), request=request)


@login_required
def rfi_list(request):
    qs, state = _rfi_rows(request)
    page = _page(request, qs)
    return render(
        request,
        "dialogue/rfi_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": RfiState.choices,
            "query_string": f"state={state}" if state else "",
            "now": timezone.now(),
        },
    )


@login_required
def rfi_detail(request, pk: int):
    user = request.user
    rfi = get_object_or_404(selectors.rfis_for_user(user), pk=pk)
    context = {
        "rfi": rfi,
        "questions": list(rfi.questions.all()),
        "clarifications": selectors.clarifications_for_user(user).filter(rfi=rfi),
        "is_supplier": user.is_supplier_user,
    }
    if user.is_supplier_user:
        context["my_response"] = selectors.responses_for_user(user).filter(rfi=rfi).first()
        context["ask_form"] = ClarificationAskForm()
    else:
        context.update(
            {
                "question_form": QuestionForm(),
                "cancel_form": CancelForm(),
                "invitations": rfi.invitations.select_related("supplier"),
                "submitted_count": rfi.responses.filter(state=ResponseState.SUBMITTED).count(),
                "draft_count": rfi.responses.filter(state=ResponseState.DRAFT).count(),
                "recipients_preview": services.rfi_recipients(rfi)[:100]
                if rfi.state == RfiState.DRAFT
                else None,
                "chosen_suppliers": rfi.chosen_suppliers.all(),
                "invited_cpv_codes": rfi.invited_cpv_codes.all(),
            }
        )
    return render(request, "dialogue/rfi_detail.html", context)


@login_required
@require_POST
def question_add(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.rfi_question_add(rfi=rfi, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The question was added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(rfi)


@login_required
@require_POST
def question_delete(request, pk: int):
    rfis = selectors.rfis_for_user(request.user)
    question = get_object_or_404(RfiQuestion.objects.filter(rfi__in=rfis), pk=pk)
    rfi = question.rfi
    services.rfi_question_delete(question=question, by=request.user)
    messages.success(request, _("The question was removed."))
    return redirect(rfi)


@login_required
@require_POST
def rfi_publish(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.publish_rfi", rfi):
        raise PermissionDenied
    try:
        rfi = services.rfi_publish(rfi=rfi, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            _("The RFI was published and %(n)s suppliers were invited.")
            % {"n": rfi.invitations.count()},
        )
    return redirect(rfi)


@login_required
@require_POST
def rfi_cancel(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.cancel_rfi", rfi):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.rfi_cancel(rfi=rfi, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The RFI was cancelled and the suppliers told."))
    else:
        messages.error(request, _("Say why the RFI is cancelled."))
    return redirect(rfi)


@login_required
def response_edit(request, pk: int):
    """The supplier's answer form: save a draft or submit, before the deadline."""
    user = request.user
    if not user.is_supplier_user:
        raise Http404
    rfi = get_object_or_404(selectors.rfis_for_user(user), pk=pk)
    response = selectors.responses_for_user(user).filter(rfi=rfi).first()
    questions = list(rfi.questions.all())
    existing = {a.question_id: a for a in response.answers.all()} if response else {}
    arrived_at = arrival_time(request)
    # "dialogue.respond_rfi" at the moment the request arrived (an upload may take long).
    if not rfi.open_at(arrived_at):
        messages.error(request, _("The deadline has passed; no answers are accepted."))
        return redirect(response or rfi)
    form = ResponseForm(
        request.POST or None, request.FILES or None, questions=questions, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        answers, files = form.values()
        submit = "submit" in request.POST
        try:
            response = services.rfi_response_save(
                rfi=rfi,
                user=user,
                answers=answers,
                files=files,
                submit=submit,
                arrived_at=arrived_at,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if submit:
                messages.success(
                    request,
                    _("Your answer was submitted; it arrived at %(time)s.")
                    % {
                        "time": timezone.localtime(response.submitted_at).strftime(
                            "%Y-%m-%d %H:%M:%S"
                        )
                    },
                )
                return redirect(response)
            messages.success(
                request, _("Your draft was saved. It is not sent in until you submit it.")
            )
            return redirect("dialogue:response-edit", pk=rfi.pk)
    return render(
        request,
        "dialogue/rfiresponse_form.html",
        {"rfi": rfi, "form": form, "response": response},
        status=400 if form.errors else 200,
    )


@login_required
def response_detail(request, pk: int):
    response = get_object_or_404(selectors.responses_for_user(request.user), pk=pk)
    answers = {a.question_id: a for a in response.answers.select_related("question").all()}
    rows = [(q, answers.get(q.pk)) for q in response.rfi.questions.all()]
    return render(
        request,
        "dialogue/rfiresponse_detail.html",
        {"response": response, "rfi": response.rfi, "rows": rows},
    )


@login_required
def answer_file(request, pk: int):
    answer = get_object_or_404(selectors.answers_for_user(request.user), pk=pk)
    if not answer.file:
        raise Http404
    return serve_file(answer.file, download_name=answer.file_name or "bilaga")


@login_required
def rfi_compare(request, pk: int):
    """Answers question by question, suppliers side by side."""
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.view_rfi_answers", rfi):
        raise Http404
    questions, responses, table = selectors.rfi_comparison(rfi, request.user)
    rows = [(q, [table.get((q.pk, r.pk)) for r in responses]) for q in questions]
    return render(
        request,
        "dialogue/rfi_compare.html",
        {"rfi": rfi, "responses": responses, "rows": rows},
    )


@login_required
def rfi_export(request, pk: int):
    """CSV (UTF-8 with BOM, so Excel reads å, ä and ö): one row per supplier."""
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.view_rfi_answers", rfi):
        raise Http404
    questions, responses, table = selectors.rfi_comparison(rfi, request.user)
    header = [
        _("Supplier"),
        _("Organisation number"),
        _("Submitted"),
        *[f"{i}. {q.text}" for i, q in enumerate(questions, 1)],
    ]
    rows = [
        [
            response.supplier.name,
            Code(response.supplier.org_number or ""),
            response.submitted_at,
            *[a.display_value if (a := table.get((q.pk, response.pk))) else "" for q in questions],
        ]
        for response in responses
    ]
    return csv_response(rfi.title or "rfi", header, rows, stream=False, request=request)


# --- Questions and answers ---------------------------------------------------------------


@login_required
@require_POST
def clarification_ask(request, pk: int):
    rfi = get_object_or_404(selectors.rfis_for_user(request.user), pk=pk)
    if not request.user.is_supplier_user:
        raise PermissionDenied
    form = ClarificationAskForm(request.POST)
    if form.is_valid():
        try:
            services.clarification_ask(
                rfi=rfi, user=request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(
                request,
                _("Your question was sent. The answer will be published to all invited suppliers."),
            )
    else:
        messages.error(request, _("Write your question."))
    return redirect(rfi)


@login_required
@require_POST
def clarification_answer(request, pk: int):
    clarification = get_object_or_404(selectors.clarifications_for_user(request.user), pk=pk)
    if not request.user.has_perm("dialogue.answer_clarification", clarification.rfi):
        raise PermissionDenied
    form = ClarificationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.clarification_answer(
                clarification=clarification, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("The answer was published to all invited suppliers."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect(clarification)


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
    from .enums import ActivityKind

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
    from .enums import ActivityKind

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

    from .ics import activity_ics, has_calendar_file

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
