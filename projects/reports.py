"""The close-out report (PDF, built by reports/ in Celery with progress): per project,
its goals and how far they were met, the subprojects and their outcome (contracts,
cancellations with lessons, prototypes still in use, reuse and climate figures of the
sharing pilots), the funding (granted, used, co-financing), events and how many took
part, and what was handed on.

Everything is read through selectors as the requesting user, so the report shows
nothing its requester may not see. `close_out_figures` holds the numbers (tested
against the data).
"""

from decimal import Decimal

from django import forms
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.charts import bar_chart
from core.registry import ReportKind
from organizations.selectors import networks_for_user

from .enums import GoalAchievement, SubprojectState
from .registry import project_events
from .selectors import funding_summary, projects_for_user


class CloseOutForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["project"].queryset = projects_for_user(user).order_by("title")

    def to_params(self) -> dict:
        project = self.cleaned_data["project"]
        params = {"project": project.pk}
        if (
            project.network_id
            and networks_for_user(self.user).filter(pk=project.network_id).exists()
        ):
            params["network"] = project.network_id
        return params


def may_request(user) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_platform_admin
            or (user.is_municipal and user.has_role("coordinator", "officer"))
        )
    )


def _subproject_rows(project, user) -> list[dict]:
    from procurements.selectors import contracts_for_user, procurements_for_user
    from sharing.selectors import reuses_for_user
    from sprints.models import Prototype
    from sprints.selectors import call_offs_for_user

    subprojects = list(project.subprojects.order_by("pk"))
    rows = []
    for sub in subprojects:
        cases = list(procurements_for_user(user).filter(subprojects=sub).order_by("pk"))
        contracts = list(
            contracts_for_user(user).filter(case__in=[c.pk for c in cases]).order_by("pk")
        )
        call_offs = list(call_offs_for_user(user).filter(subprojects=sub).order_by("pk"))
        prototypes = list(
            Prototype.objects.filter(outcome__call_off__in=[c.pk for c in call_offs]).order_by("pk")
        )
        reuse = (
            reuses_for_user(user)
            .filter(listing__subprojects=sub)
            .aggregate(
                items=Sum("quantity"), sek=Sum("sek_saved"), co2e=Sum("co2e_kg"), n=Count("pk")
            )
        )
        rows.append(
            {
                "subproject": sub,
                "challenges": list(sub.challenges.order_by("title")),
                "cases": cases,
                "contracts": contracts,
                "call_offs": call_offs,
                "prototypes": prototypes,
                "prototypes_in_use": [p for p in prototypes if p.still_in_use],
                "reuse": {
                    "count": reuse["n"] or 0,
                    "items": reuse["items"] or 0,
                    "sek": reuse["sek"] or Decimal("0"),
                    "co2e": reuse["co2e"] or Decimal("0"),
                },
            }
        )
    return rows


def close_out_figures(project, user) -> dict:
    goals = list(project.goals.all())
    subprojects = _subproject_rows(project, user)
    funding = funding_summary(project)
    events = project_events(user, project)
    by_achievement = dict.fromkeys(GoalAchievement.values, 0)
    for goal in goals:
        by_achievement[goal.achievement] += 1
    return {
        "goals": goals,
        "goals_by_achievement": by_achievement,
        "subprojects": subprojects,
        "funding": funding,
        "events": events,
        "totals": {
            "goals": len(goals),
            "goals_met": by_achievement[GoalAchievement.MET],
            "goals_partly": by_achievement[GoalAchievement.PARTLY],
            "subprojects": len(subprojects),
            "completed": sum(
                1 for r in subprojects if r["subproject"].state == SubprojectState.COMPLETED
            ),
            "cancelled": sum(
                1 for r in subprojects if r["subproject"].state == SubprojectState.CANCELLED
            ),
            "contracts": sum(len(r["contracts"]) for r in subprojects),
            "prototypes_in_use": sum(len(r["prototypes_in_use"]) for r in subprojects),
            "reuse_items": sum(r["reuse"]["items"] for r in subprojects),
            "sek_saved": sum((r["reuse"]["sek"] for r in subprojects), Decimal("0")),
            "co2e_kg": sum((r["reuse"]["co2e"] for r in subprojects), Decimal("0")),
            "granted": funding["granted"],
            "co_financing": funding["co_financing"],
            "used": funding["used"],
            "events": len(events),
            "participants": sum(e.attended_count or e.registered_count for e in events),
        },
    }


def build_context(params: dict, user, progress) -> dict:
    project = projects_for_user(user).get(pk=params["project"])
    progress(20, gettext("Collecting goals and subprojects"))
    figures = close_out_figures(project, user)
    progress(70, gettext("Drawing the charts"))
    charts = []
    periods = [p for row in figures["funding"]["grants"] for p in row["periods"]]
    if periods:
        charts.append(
            bar_chart(
                gettext("Budget and costs per period (SEK)"),
                [f"{p['period'].start_date:%Y-%m}" for p in periods],
                {
                    gettext("Budget"): [float(p["budget"]) for p in periods],
                    gettext("Costs"): [float(p["cost"]) for p in periods],
                },
            )
        )
    if figures["goals"]:
        counts = figures["goals_by_achievement"]
        charts.append(
            bar_chart(
                gettext("Goals by achievement"),
                [str(label) for label in GoalAchievement.labels],
                {gettext("Goals"): [counts[v] for v in GoalAchievement.values]},
            )
        )
    if figures["events"]:
        charts.append(
            bar_chart(
                gettext("Participants per event"),
                [e.title[:30] for e in figures["events"]],
                {
                    gettext("Participants"): [
                        e.attended_count or e.registered_count for e in figures["events"]
                    ]
                },
            )
        )
    return {
        "title": gettext("Close-out report"),
        "subtitle": project.title,
        "organization_name": project.organization.name,
        "generated_at": timezone.now(),
        "requested_by": user.get_full_name(),
        "toc": [
            {"id": "summary", "title": gettext("Summary")},
            {"id": "goals", "title": gettext("Goals")},
            {"id": "subprojects", "title": gettext("Subprojects")},
            {"id": "funding", "title": gettext("Funding")},
            {"id": "events", "title": gettext("Events")},
            {"id": "handed-on", "title": gettext("What was handed on")},
        ],
        "project": project,
        "charts": charts,
        **figures,
    }


REPORT_KINDS = [
    ReportKind(
        key="projects.close_out",
        title=_("Close-out report"),
        template="projects/pdf/close_out.html",
        form_class=CloseOutForm,
        build_context=build_context,
        may_request=may_request,
        description=_(
            "A project's goals and how far they were met, subprojects and their outcome, "
            "funding, events and what was handed on."
        ),
    )
]
