"""PDF reports of a case: the procurement case report and the individual report.

Both re-fetch the case through the requesting user's selectors; anything of the bids
appears only after the recorded opening, and then only for users who may see the bids.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registry import ReportKind

from .enums import Stage
from .selectors import bids_for_case, procurements_for_user
from .timeline import case_timeline


class CaseReportForm(forms.Form):
    case = forms.ModelChoiceField(label=gettext_lazy("Procurement case"), queryset=None)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["case"].queryset = procurements_for_user(user).order_by("-created_at")

    def to_params(self) -> dict:
        return {"case": self.cleaned_data["case"].pk}


def may_request(user) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_platform_admin
            or (user.is_municipal and user.has_role("officer", "coordinator"))
        )
    )


def _case(params, user):
    return (
        procurements_for_user(user)
        .select_related("need_owner", "tender", "award")
        .prefetch_related(
            "participating_organizations",
            "cpv_codes",
            "needs",
            "challenges",
            "tender__criteria",
            "tender__requirements",
            "tender__documents__versions",
            "tender__questions",
            "contracts__suppliers",
            "contracts__signing_organizations",
            "indicators__measurements",
            "follow_up_meetings",
            "reviews",
            "award__winning_bids__supplier",
        )
        .get(pk=params["case"])
    )


def _bid_rows(case, user):
    """Tenderers with totals and reasons for rejection — empty while the bids are sealed."""
    from .services.evaluation import evaluation_results

    tender = getattr(case, "tender", None)
    if tender is None or not hasattr(tender, "opening"):
        return [], False
    if not bids_for_case(user, case).exists() and tender.opening.bid_count:
        return [], True
    winners = set()
    award = getattr(case, "award", None)
    if award is not None:
        winners = {b.pk for b in award.winning_bids.all()}
    rows = [
        {
            "supplier": r.bid.supplier.name,
            "total": r.total,
            "rank": r.rank,
            "rejected_reason": r.bid.rejected_reason,
            "winner": r.bid.pk in winners,
        }
        for r in evaluation_results(tender)
    ]
    return rows, True


def _requires(case, bids) -> list:
    """Who may download the built file: those who see the case, and when it shows
    evaluation results (ranks, totals, rejections) those who may see the bids."""
    label = case._meta.label_lower
    requires = [["procurements.view_case", label, case.pk]]
    if bids:
        requires.append(["procurements.view_bids", label, case.pk])
    return requires


def _base(case, user, title):
    return {
        "case": case,
        "title": title,
        "subtitle": f"{case.reference} {case.title}",
        "organization_name": case.lead_organization.name,
        "generated_at": timezone.localtime(),
        "requested_by": str(user),
    }


def case_report_context(params, user, progress=lambda *a: None) -> dict:
    from core.charts import bar_chart

    case = _case(params, user)
    progress(20, _("Reading the case"))
    bids, opened = _bid_rows(case, user)
    progress(50, _("Reading the evaluation"))
    indicators = list(case.indicators.all())
    chart = None
    if indicators:
        chart = bar_chart(
            _("Expected and measured effects"),
            [i.name for i in indicators],
            {
                _("Baseline"): [float(i.baseline) for i in indicators],
                _("Target"): [float(i.target) for i in indicators],
                _("Latest measured"): [
                    float(list(i.measurements.all())[-1].value) if i.measurements.all() else 0
                    for i in indicators
                ],
            },
        )
    entries = case_timeline(case, user)
    progress(80, _("Writing the report"))
    context = _base(case, user, _("Procurement case report"))
    context.update(
        {
            "tender": getattr(case, "tender", None),
            "award": getattr(case, "award", None),
            "bids": bids,
            "opened": opened,
            "chart": chart,
            "indicators": indicators,
            "entries": entries,
            "report_requires": _requires(case, bids),
            "toc": [
                {"id": "need", "title": _("The need")},
                {"id": "tender", "title": _("Tender")},
                {"id": "evaluation", "title": _("Evaluation and award")},
                {"id": "contracts", "title": _("Contracts")},
                {"id": "follow-up", "title": _("Follow-up")},
                {"id": "timeline", "title": _("Timeline")},
            ],
        }
    )
    return context


def individual_report_context(case_or_params, user, progress=lambda *a: None) -> dict:
    params = case_or_params if isinstance(case_or_params, dict) else {"case": case_or_params.pk}
    case = _case(params, user)
    bids, opened = _bid_rows(case, user)
    context = _base(case, user, _("Individual report"))
    from .enums import DecisionStatus, OpeningStatus
    from .selectors import decision_proposals_for_case, openings_for_case, requests_for_case

    context.update(
        {
            # Each selector keeps what is sealed sealed and shows only what `user` may see.
            "candidates": list(requests_for_case(user, case)),
            "openings": list(openings_for_case(user, case).filter(status=OpeningStatus.CONFIRMED)),
            "decisions": list(
                decision_proposals_for_case(user, case).filter(status=DecisionStatus.APPROVED)
            ),
            "tender": getattr(case, "tender", None),
            "award": getattr(case, "award", None),
            "bids": bids,
            "opened": opened,
            "cancelled": case.stage == Stage.CANCELLED,
            "report_requires": _requires(case, bids),
            # The other participants, filtered before the template joins them (no
            # trailing comma when the lead comes last in the loop).
            "partner_names": [
                o.name
                for o in case.participating_organizations.all()
                if o.pk != case.lead_organization_id
            ],
            "toc": [
                {"id": "buyer", "title": _("Buyer, object and value")},
                {"id": "tenderers", "title": _("Candidates and tenderers")},
                {"id": "outcome", "title": _("Outcome")},
            ],
        }
    )
    return context


REPORT_KINDS = [
    ReportKind(
        key="procurement_case",
        title=gettext_lazy("Procurement case report"),
        description=gettext_lazy("The whole case from need to follow-up."),
        template="procurements/pdf/case_report.html",
        form_class=CaseReportForm,
        build_context=case_report_context,
        may_request=may_request,
        pdf_variant="pdf/a-3b",  # a record of the case: archived like the decisions
    ),
    ReportKind(
        key="procurement_individual",
        title=gettext_lazy("Individual report (individuell rapport)"),
        description=gettext_lazy(
            "The documentation required for every procurement: buyer, object, value, "
            "tenderers, rejections, winner and reasons (PDF/A)."
        ),
        template="procurements/pdf/individual_report.html",
        form_class=CaseReportForm,
        build_context=individual_report_context,
        may_request=may_request,
        pdf_variant="pdf/a-3b",
    ),
]
