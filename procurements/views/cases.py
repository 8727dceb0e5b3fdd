from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.csv import csv_response
from core.fragments import cached_fragments
from core.pdf import render_pdf

from .. import services, timeline
from ..enums import ALLOWED_TRANSITIONS, Stage
from ..filters import CaseFilter
from ..forms import CaseForm, TransitionForm
from ..selectors import case_for_page, procurements_for_user
from ..services.cases import gate_problems, signing_problems
from .common import form_page, get_case


@login_required
@require_GET
def case_list(request):
    if not (request.user.is_municipal or request.user.is_platform_admin):
        raise PermissionDenied
    case_filter = _case_filter(request)
    page = Paginator(case_filter.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procurements/case_list.html",
        {
            "filter": case_filter,
            "page_obj": page,
            "cases": page.object_list,
            "rows": cached_fragments(
                "procurements:rows",
                "procurements/_case_row.html",
                page.object_list,
                name="case",
                shown=_case_shown,
            ),
            "query_string": query.urlencode(),
        },
    )


def _case_shown(case) -> tuple:
    """What a row of the case list shows (its cache key: core.fragments)."""
    tender = getattr(case, "tender", None)
    return (
        case.pk,
        case.reference,
        case.title,
        case.lead_organization.name,
        case.stage,
        case.procedure,
        tender.deadline if tender else None,
        str(case.responsible_officer or ""),
    )


def _case_filter(request) -> CaseFilter:
    qs = procurements_for_user(request.user).select_related("tender").order_by("-created_at", "-pk")
    return CaseFilter(request.GET, queryset=qs, user=request.user)


@login_required
def case_list_csv(request):
    """The case list as CSV: the same rows and filters as the page."""
    if not (request.user.is_municipal or request.user.is_platform_admin):
        raise PermissionDenied
    qs = _case_filter(request).qs.select_related("lead_organization", "responsible_officer")
    header = [_("Reference number"), _("Title"), _("Stage"), _("Procedure"),
              _("Lead municipality"), _("Responsible officer"), _("Deadline for bids"),
              _("Estimated value (SEK)"), _("Created")]  # fmt: skip
    rows = (
        [
            c.reference,
            c.title,
            c.get_stage_display(),
            c.get_procedure_display(),
            c.lead_organization.name,
            c.responsible_officer or "",
            getattr(getattr(c, "tender", None), "deadline", None),
            c.estimated_value_sek,
            c.created_at,
        ]
        for c in qs.iterator(chunk_size=500)
    )
    return csv_response(_("procurement-cases"), header, rows, request=request)


@login_required
def case_create(request):
    if not request.user.has_perm("procurements.create_case"):
        raise PermissionDenied
    form = CaseForm(request.POST or None, user=request.user)

    def handler(data):
        return services.procurement_create(
            created_by=request.user,
            title=data["title"],
            lead_organization=data["lead_organization"],
            participating_organizations=list(data["participating_organizations"]),
            description=data["description"],
            procedure=data["procedure"],
            expected_effects=data["expected_effects"],
            estimated_value_sek=data["estimated_value_sek"],
            outside_lou_reason=data["outside_lou_reason"],
            responsible_officer=request.user if request.user.is_municipal else None,
        )

    return form_page(
        request,
        form=form,
        title=_("New procurement case"),
        handler=handler,
        success_url=lambda case: case.get_absolute_url(),
        success_message=_("The case was opened."),
        submit_label=_("Open the case"),
    )


@login_required
def case_edit(request, pk):
    case = get_case(request, pk)
    initial = {
        "title": case.title,
        "description": case.description,
        "procedure": case.procedure,
        "expected_effects": case.expected_effects,
        "estimated_value_sek": case.estimated_value_sek,
        "outside_lou_reason": case.outside_lou_reason,
        "participating_organizations": list(case.participating_organizations.all()),
        "responsible_officer": case.responsible_officer_id,
        "need_owner": case.need_owner_id,
        "team": list(case.team.all()),
    }
    form = CaseForm(request.POST or None, initial=initial, user=request.user, case=case)

    def handler(data):
        data = dict(data)
        data["participating_organizations"] = list(data["participating_organizations"])
        data["team"] = list(data["team"])
        return services.procurement_update(case=case, by=request.user, **data)

    return form_page(
        request,
        case=case,
        form=form,
        title=_("Edit the case"),
        handler=handler,
        success_url=case.get_absolute_url(),
        success_message=_("The case was saved."),
    )


@login_required
def case_transition(request, pk):
    case = get_case(request, pk)
    choices = [(s, Stage(s).label) for s in ALLOWED_TRANSITIONS[case.stage]]
    if not choices:
        raise PermissionDenied
    initial = {"to_stage": request.GET.get("to")} if request.GET.get("to") else None
    form = TransitionForm(request.POST or None, initial=initial, choices=choices)
    gates = {s: gate_problems(case, s) for s, _label in choices if s != Stage.CANCELLED}

    def handler(data):
        return services.procurement_transition(
            case=case,
            to_stage=data["to_stage"],
            by=request.user,
            reason=data["reason"],
            cancellation_reason=data.get("cancellation_reason", ""),
            lessons_learned=data.get("lessons_learned", ""),
        )

    return form_page(
        request,
        case=case,
        form=form,
        title=_("Move the case to another stage"),
        handler=handler,
        success_url=case.get_absolute_url(),
        success_message=_("The case moved to its new stage."),
        extra={"gates": [(Stage(s).label, p) for s, p in gates.items()]},
    )


@login_required
@require_GET
def case_detail(request, pk):
    case = case_for_page(request.user, pk)
    if case is None:
        raise Http404
    user = request.user
    tender = getattr(case, "tender", None)
    opened = tender is not None and hasattr(tender, "opening")
    can_see_bids = opened and user.has_perm("procurements.view_bids", case)
    results = (case.evaluation or []) if can_see_bids else []
    my_evaluator = next((e for e in case.evaluators.all() if e.user_id == user.pk), None)
    context = {
        "case": case,
        "tender": tender,
        "opened": opened,
        "can_manage": user.has_perm("procurements.manage_case", case),
        "can_see_bids": can_see_bids,
        "results": results,
        "my_evaluator": my_evaluator,
        # Evaluators and the case's officers declare before they see any bid.
        "can_declare": tender is not None
        and user.has_perm("procurements.declare", case)
        and not (my_evaluator and my_evaluator.declared_at),
        "next_stages": [
            (s, Stage(s).label) for s in ALLOWED_TRANSITIONS[case.stage] if s != Stage.CANCELLED
        ],
        "signing_problems": signing_problems(case) if case.stage == Stage.AWARD else [],
        "deadline_passed": bool(tender and tender.deadline and tender.deadline < _now()),
        "questions": list(tender.questions.all()) if tender else [],
        "indicators": _indicators(case),
        "stages": [(s.value, s.label) for s in Stage if s != Stage.CANCELLED],
    }
    return render(request, "procurements/case_detail.html", context)


def _now():
    from django.utils import timezone

    return timezone.now()


def _indicators(case):
    rows = []
    for indicator in case.indicators.all():
        measurements = list(indicator.measurements.all())
        latest = measurements[-1] if measurements else None
        rows.append({"indicator": indicator, "measurements": measurements, "latest": latest})
    return rows


@login_required
@require_GET
def case_timeline(request, pk):
    case = get_case(request, pk, perm=None)
    entries = timeline.case_timeline(case, request.user)
    return render(request, "procurements/case_timeline.html", {"case": case, "entries": entries})


@login_required
@require_POST
def individual_report(request, pk):
    """Download the individual report (PDF/A) directly; marks the documentation duty done
    (a change of state, so a POST with CSRF: a link or a prefetch must not do it)."""
    from ..reports import individual_report_context

    case = get_case(request, pk)
    context = individual_report_context(case, request.user)
    pdf = render_pdf(
        "procurements/pdf/individual_report.html",
        context,
        language=request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "sv",
        pdf_variant="pdf/a-3b",
    )
    services.individual_report_mark(case=case, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"individuell-rapport-{case.reference.replace(' ', '-').replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
