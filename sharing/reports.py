"""The sharing impact report: items reused, SEK and CO2e saved per municipality and month."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registry import ReportKind
from organizations.selectors import municipalities_in_user_networks

from . import selectors
from .impact import METHOD, impact_series, months_back


class ImpactReportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("The whole network"),
    )
    months = forms.IntegerField(label=gettext_lazy("Months"), min_value=1, max_value=36, initial=12)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["municipality"].queryset = municipalities_in_user_networks(user)

    def to_params(self) -> dict:
        municipality = self.cleaned_data.get("municipality")
        return {
            "municipality": municipality.pk if municipality else None,
            "months": self.cleaned_data.get("months") or 12,
        }


def may_request(user) -> bool:
    return bool(user.is_authenticated and (user.is_municipal or user.is_platform_admin))


def build_context(params: dict, user, progress) -> dict:
    """Reads through the selectors as the requesting user; writes nothing."""
    progress(10, _("Collecting reuses"))
    today = timezone.localdate()
    months = months_back(today, int(params.get("months") or 12))
    municipalities = list(municipalities_in_user_networks(user).order_by("name"))
    chosen = [m for m in municipalities if m.pk == params.get("municipality")]
    if chosen:
        municipalities = chosen
    reuses = selectors.reuses_for_user(user).filter(receiver__in=municipalities)
    from core.charts import bar_chart

    sections = []
    for index, municipality in enumerate(municipalities, start=1):
        series = impact_series(reuses.filter(receiver=municipality), months)
        sections.append(
            {
                "id": f"m-{municipality.pk}",
                "title": municipality.name,
                "totals": selectors.impact_totals(
                    reuses.filter(receiver=municipality, completed_on__gte=months[0])
                ),
                "rows": list(
                    zip(
                        series["labels"],
                        series["items"],
                        series["sek"],
                        series["co2e"],
                        strict=True,
                    )
                ),
                "chart": bar_chart(
                    _("Potential kg CO2e avoided per month"),
                    series["labels"],
                    {_("kg CO2e"): series["co2e"]},
                ),
            }
        )
        progress(10 + int(80 * index / max(1, len(municipalities))), municipality.name)
    network = impact_series(reuses, months)
    toc = [{"id": "summary", "title": _("Summary and method")}] + [
        {"id": s["id"], "title": s["title"]} for s in sections
    ]
    return {
        "title": _("Sharing impact report"),
        "subtitle": _("Items reused, SEK and CO2e saved, %(start)s to %(end)s")
        % {"start": months[0].strftime("%Y-%m"), "end": months[-1].strftime("%Y-%m")},
        "organization_name": user.organization.name if user.organization else "Samverka",
        "generated_at": timezone.now(),
        "requested_by": user.get_full_name(),
        "toc": toc,
        "method": _(METHOD),
        "totals": selectors.impact_totals(reuses.filter(completed_on__gte=months[0])),
        "network_chart": bar_chart(
            _("Items reused per month"), network["labels"], {_("Items"): network["items"]}
        ),
        "sections": sections,
        "period_start": months[0],
        "period_end": date(today.year, today.month, 1),
    }


REPORT_KINDS = [
    ReportKind(
        key="sharing_impact",
        title=gettext_lazy("Sharing impact report"),
        template="sharing/pdf/impact_report.html",
        form_class=ImpactReportForm,
        build_context=build_context,
        may_request=may_request,
        description=gettext_lazy("Items reused, SEK and CO2e saved per municipality and month."),
    )
]
