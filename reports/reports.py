"""The network portfolio report: what a network's municipalities procured, in a period.

Everything is aggregated in SQL (counts grouped by municipality and stage, a window
query over the case history for the time spent per stage), so the report builds in
seconds from thousands of cases.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.charts import bar_chart
from core.registry import ReportKind
from dialogue.selectors import activity_counts_by_case
from organizations.selectors import networks_for_user
from procurements.selectors import (
    cases_led_by,
    participations_by_stage,
    participations_count,
    stage_durations,
)

MAX_CASE_ROWS = 500
MAX_DIALOGUE_ROWS = 50


class NetworkPortfolioForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=None, empty_label=None, help_text=_("One of your networks.")
    )
    period_start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Cases opened on or after this day. Leave empty for no limit."),
    )
    period_end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Cases opened on or before this day. Leave empty for no limit."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["network"].queryset = networks_for_user(user).order_by("name")
        if data is None:
            self.initial.setdefault("period_start", date(timezone.localdate().year, 1, 1))
            self.initial.setdefault("period_end", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The end must be on or after the start."))
        return cleaned

    def to_params(self) -> dict:
        data = self.cleaned_data
        return {
            "network": data["network"].pk,
            "period_start": data["period_start"].isoformat() if data["period_start"] else None,
            "period_end": data["period_end"].isoformat() if data["period_end"] else None,
        }


def may_request_portfolio(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_platform_admin or (user.is_municipal and user.has_role("coordinator")))
    )


def dialogue_activity_counts(case_ids: list[int]) -> dict[int, dict[str, int]]:
    """{case_id: {kind label: count}}, from the dialogue app's selectors."""
    return activity_counts_by_case(case_ids)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _dialogue_section(cases, activity: dict, case_count: int) -> dict:
    """The cases with the most dialogue activities, at most MAX_DIALOGUE_ROWS of them;
    totals over every case. A table row costs the PDF ~15 ms, so the listing is bounded
    whatever the size of the network (it used to list up to 500 cases, most with zeros)."""
    from procurements.enums import Stage

    kinds = sorted({label for counts in activity.values() for label in counts})
    totals = {case_id: sum(counts.values()) for case_id, counts in activity.items() if counts}
    top = sorted(totals, key=lambda case_id: (-totals[case_id], case_id))[:MAX_DIALOGUE_ROWS]
    listed = cases.filter(pk__in=top).order_by("lead_organization__name", "reference", "title")
    rows = []
    for case in listed.values("id", "reference", "title", "stage", "lead_organization__name"):
        counts = activity[case["id"]]
        rows.append(
            {
                "case": case,
                "stage_label": Stage(case["stage"]).label
                if case["stage"] in Stage.values
                else case["stage"],
                "counts": [counts.get(kind, 0) for kind in kinds],
                "total": totals[case["id"]],
            }
        )
    return {
        "kinds": kinds,
        "rows": rows,
        "totals": [sum(counts.get(kind, 0) for counts in activity.values()) for kind in kinds],
        "total": sum(totals.values()),
        "without_activity": case_count - len(totals),
        "truncated": len(totals) > len(rows),
    }


def _municipality_section(cases, members, stages) -> dict:
    """Totals, procurements per municipality and stage (with the chart) and per procedure."""
    from procurements.enums import INNOVATION_PROCEDURES, Procedure, Stage

    member_ids = [m.pk for m in members]
    totals = cases.aggregate(
        total=Count("id"),
        with_procedure=Count("id", filter=~Q(procedure="")),
        innovation=Count("id", filter=Q(procedure__in=INNOVATION_PROCEDURES)),
        cancelled=Count("id", filter=Q(stage=Stage.CANCELLED)),
    )
    by_stage = dict(cases.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    by_procedure = dict(
        cases.exclude(procedure="")
        .values_list("procedure")
        .annotate(n=Count("id"))
        .values_list("procedure", "n")
    )
    grid = participations_by_stage(cases, member_ids)
    led = dict(
        cases.values_list("lead_organization_id")
        .annotate(n=Count("id"))
        .values_list("lead_organization_id", "n")
    )
    innovation_by_org = participations_count(
        cases.filter(procedure__in=INNOVATION_PROCEDURES), member_ids
    )
    used_stages = [s for s in stages if by_stage.get(s.value)]
    rows = []
    for member in members:
        counts = grid[member.pk]
        total = sum(counts.values())
        rows.append(
            {
                "name": member.name,
                "counts": [counts.get(s.value, 0) for s in used_stages],
                "total": total,
                "led": led.get(member.pk, 0),
                "innovation": innovation_by_org.get(member.pk, 0),
                "innovation_share": _percent(innovation_by_org.get(member.pk, 0), total),
            }
        )
    stage_chart = None
    if used_stages:
        stage_chart = bar_chart(
            gettext("Procurements per municipality and stage"),
            [m.name for m in members],
            {str(s.label): [row["counts"][i] for row in rows] for i, s in enumerate(used_stages)},
            stacked=True,
        )
    return {
        "totals": totals,
        "innovation_share": _percent(totals["innovation"], totals["total"]),
        "innovation_share_of_chosen": _percent(totals["innovation"], totals["with_procedure"]),
        "stage_columns": [str(s.label) for s in used_stages],
        "stage_totals": [by_stage.get(s.value, 0) for s in used_stages],
        "municipality_rows": rows,
        "stage_chart": stage_chart,
        "procedure_rows": [
            {
                "label": str(p.label),
                "count": by_procedure.get(p.value, 0),
                "innovation": p.value in INNOVATION_PROCEDURES,
            }
            for p in Procedure
            if by_procedure.get(p.value)
        ],
        "innovation_labels": [
            str(Procedure(p).label) for p in INNOVATION_PROCEDURES if p in Procedure.values
        ],
    }


def _duration_section(case_ids: list[int], stages) -> dict:
    """Time spent per stage (completed stays), with its chart."""
    from procurements.enums import TERMINAL_STAGES

    durations = stage_durations(case_ids)
    rows = [
        {"label": str(s.label), **durations[s.value]}
        for s in stages
        if s.value in durations and s.value not in TERMINAL_STAGES
    ]
    chart = None
    if any(row["avg_days"] is not None for row in rows):
        chart = bar_chart(
            gettext("Average days per stage (completed stays)"),
            [row["label"] for row in rows],
            {gettext("Days"): [row["avg_days"] or 0 for row in rows]},
        )
    return {"duration_rows": rows, "duration_chart": chart}


def _cancelled_rows(cases) -> list[dict]:
    from procurements.enums import Stage

    return [
        {
            "reference": case.reference,
            "title": case.title,
            "lead": case.lead_organization.name,
            "reason": case.cancellation_reason,
            "lessons": case.lessons_learned,
        }
        for case in cases.filter(stage=Stage.CANCELLED)
        .select_related("lead_organization")
        .order_by("-created_at")[:MAX_CASE_ROWS]
    ]


def _period_label(start, end) -> str:
    if start and end:
        return gettext("%(start)s – %(end)s") % {"start": start, "end": end}
    if start:
        return gettext("from %(start)s") % {"start": start}
    if end:
        return gettext("until %(end)s") % {"end": end}
    return gettext("all time")


def build_portfolio_context(params: dict, user, progress) -> dict:
    from procurements.enums import Stage

    progress(5, gettext("Reading the network"))
    network = networks_for_user(user).filter(pk=params.get("network")).first()
    if network is None:
        raise ValidationError(gettext("The network is not one of yours."))
    members = list(network.members.order_by("name").only("pk", "name"))
    start = date.fromisoformat(params["period_start"]) if params.get("period_start") else None
    end = date.fromisoformat(params["period_end"]) if params.get("period_end") else None
    cases = cases_led_by([m.pk for m in members], created_from=start, created_until=end)
    stages = list(Stage)

    progress(15, gettext("Counting procurements per municipality and stage"))
    municipalities = _municipality_section(cases, members, stages)

    progress(35, gettext("Counting dialogue activities"))
    case_ids = list(cases.values_list("id", flat=True))
    dialogue = _dialogue_section(cases, dialogue_activity_counts(case_ids), len(case_ids))

    progress(55, gettext("Measuring the time spent per stage"))
    durations = _duration_section(case_ids, stages)

    progress(70, gettext("Collecting cancelled cases and their lessons"))
    cancelled = _cancelled_rows(cases)

    period = _period_label(start, end)
    toc = [
        {"id": "summary", "title": gettext("Summary")},
        {"id": "municipalities", "title": gettext("Procurements per municipality and stage")},
        {"id": "innovation", "title": gettext("Innovation procurements")},
        {"id": "dialogue", "title": gettext("Dialogue activities per procurement")},
        {"id": "stages", "title": gettext("Time spent per stage")},
        {"id": "cancelled", "title": gettext("Cancelled cases and lessons learned")},
    ]
    return {
        "title": gettext("Network portfolio report"),
        "subtitle": f"{network.name}, {period}",
        "organization_name": network.name,
        "toc": toc,
        "network": network,
        "members": members,
        "period": period,
        **municipalities,
        "dialogue": dialogue,
        **durations,
        "cancelled": cancelled,
    }


NETWORK_PORTFOLIO = ReportKind(
    key="reports.network_portfolio",
    title=_("Network portfolio report"),
    template="reports/pdf/network_portfolio.html",
    form_class=NetworkPortfolioForm,
    build_context=build_portfolio_context,
    may_request=may_request_portfolio,
    pdf_variant="pdf/a-3b",  # the same PDF/A claim and output intent as the case reports
    description=_(
        "For a network and a period: procurements per municipality and stage, the share of "
        "innovation procurements, dialogue activities, time per stage and cancelled cases."
    ),
)

REPORT_KINDS = [NETWORK_PORTFOLIO]
