"""The tender from the municipality's side: settings, criteria, documents, Q&A, opening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import serve_file

from .. import services
from ..forms import (
    AnswerForm,
    CriterionForm,
    DocumentForm,
    ExtendForm,
    RequirementForm,
    TenderForm,
)
from ..models import Criterion, DocumentVersion, Requirement, TenderQuestion
from ..selectors import procurements_for_user, published_tenders_for_supplier
from ..services.tender import answer_cutoff
from .common import form_page, get_case


def _tender(case):
    tender = getattr(case, "tender", None)
    if tender is None:
        raise Http404
    return tender


@login_required
def tender_edit(request, pk):
    case = get_case(request, pk)
    tender = getattr(case, "tender", None)
    initial = (
        {
            "summary": tender.summary,
            "deadline": tender.deadline,
            "accelerated": tender.accelerated,
            "requests_deadline": tender.requests_deadline,
            "max_candidates": tender.max_candidates,
            "scale_min": tender.scale_min,
            "scale_max": tender.scale_max,
        }
        if tender
        else None
    )
    form = TenderForm(request.POST or None, initial=initial)
    if tender is not None and tender.is_published:
        # After publication the deadline moves only by "Extend the deadline" and the
        # scale is fixed: the fields are not offered.
        for name in ("deadline", "scale_min", "scale_max", "requests_deadline", "max_candidates"):
            del form.fields[name]
    if not case.procedure_rules.selection:
        for name in ("requests_deadline", "max_candidates"):
            form.fields.pop(name, None)

    def handler(data):
        return services.tender_save(case=case, by=request.user, **data)

    return form_page(
        request,
        case=case,
        form=form,
        title=_("Tender settings"),
        intro=_("Deadlines are in Swedish time (Europe/Stockholm)."),
        handler=handler,
        success_url=case.get_absolute_url() + "#tender",
        success_message=_("The tender was saved."),
    )


@login_required
def criterion_add(request, pk):
    case = get_case(request, pk)
    tender = _tender(case)
    form = CriterionForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Add an evaluation criterion"),
        intro=_("The weights of all criteria must add up to 100 before publication."),
        handler=lambda d: services.criterion_add(tender=tender, by=request.user, **d),
        success_url=case.get_absolute_url() + "#tender",
        success_message=_("The criterion was added."),
    )


@login_required
@require_POST
def criteria_vaxjo(request, pk):
    case = get_case(request, pk)
    try:
        services.criteria_apply_vaxjo_template(tender=_tender(case), by=request.user)
        messages.success(request, _("The Växjö criteria were applied."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(case.get_absolute_url() + "#tender")


def _remove_tender_item(request, model, pk, *, remove, done: str):
    """POST-only removal of a criterion or requirement of a tender: the item through the
    user's cases (404), the permission to manage the case (403), the service's refusal
    shown as a message. Returns the case."""
    item = get_object_or_404(
        model.objects.select_related("tender__case"),
        pk=pk,
        tender__case__in=procurements_for_user(request.user),
    )
    case = item.tender.case
    if not request.user.has_perm("procurements.manage_case", case):
        raise PermissionDenied
    try:
        remove(item, request.user)
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return case


@login_required
@require_POST
def criterion_delete(request, pk):
    case = _remove_tender_item(
        request,
        Criterion,
        pk,
        remove=lambda item, by: services.criterion_remove(criterion=item, by=by),
        done=_("The criterion was removed."),
    )
    return redirect(case.get_absolute_url() + "#tender")


@login_required
def requirement_add(request, pk):
    case = get_case(request, pk)
    tender = _tender(case)
    form = RequirementForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Add a mandatory requirement"),
        handler=lambda d: services.requirement_add(tender=tender, by=request.user, **d),
        success_url=case.get_absolute_url() + "#tender",
        success_message=_("The requirement was added."),
    )


@login_required
@require_GET
def requirement_list(request, pk):
    """The tender's requirements, each removable until publication."""
    case = get_case(request, pk)
    tender = _tender(case)
    return render(
        request,
        "procurements/requirement_list.html",
        {"case": case, "tender": tender, "requirements": list(tender.requirements.all())},
    )


@login_required
@require_POST
def requirement_delete(request, pk):
    """Remove a requirement before publication (the service refuses after it)."""
    case = _remove_tender_item(
        request,
        Requirement,
        pk,
        remove=lambda item, by: services.requirement_remove(requirement=item, by=by),
        done=_("The requirement was removed."),
    )
    return redirect("procurements:requirement-list", pk=case.pk)


@login_required
def document_upload(request, pk):
    case = get_case(request, pk)
    tender = _tender(case)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Upload a tender document"),
        intro=_(
            "A new version never replaces the old one. After publication every change "
            "is an amendment and every supplier following the tender is told."
        ),
        handler=lambda d: services.document_upload(tender=tender, by=request.user, **d),
        success_url=case.get_absolute_url() + "#tender",
        success_message=_("The document was uploaded."),
        multipart=True,
    )


@login_required
@require_GET
def document_download(request, pk):
    """For the case's municipalities, and for suppliers once the tender is published."""
    version = get_object_or_404(DocumentVersion.objects.select_related("document__tender"), pk=pk)
    tender = version.document.tender
    user = request.user
    if user.is_supplier_user:
        if not published_tenders_for_supplier(user).filter(pk=tender.pk).exists():
            raise Http404
    elif not procurements_for_user(user).filter(pk=tender.case_id).exists():
        raise Http404
    return serve_file(version.file, download_name=version.original_name)


@login_required
def question_answer(request, pk):
    question = get_object_or_404(
        TenderQuestion.objects.select_related("tender__case"),
        pk=pk,
        tender__case__in=procurements_for_user(request.user),
    )
    case = question.tender.case
    if not request.user.has_perm("procurements.manage_case", case):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    cutoff, days = answer_cutoff(question.tender)
    from django.utils import timezone

    late = timezone.now() > cutoff
    intro = _("The answer is published to all suppliers of the tender, without the asker's name.")
    if late:
        intro += " " + _(
            "Answers must go out at least %(days)s days before the deadline: extend the "
            "deadline below to answer (every supplier is told)."
        ) % {"days": days}
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Answer a question"),
        intro=intro,
        handler=lambda d: services.question_answer(question=question, by=request.user, **d),
        success_url=case.get_absolute_url() + "#questions",
        success_message=_("The answer was published to all suppliers."),
        extra={"quote": question.question, "late": late},
    )


@login_required
def tender_extend(request, pk):
    case = get_case(request, pk)
    tender = _tender(case)
    form = ExtendForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Extend the deadline"),
        intro=_("Every supplier following the tender is told."),
        handler=lambda d: services.tender_deadline_extend(tender=tender, by=request.user, **d),
        success_url=case.get_absolute_url() + "#tender",
        success_message=_("The deadline was extended."),
    )
