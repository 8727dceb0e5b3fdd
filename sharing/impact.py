"""Impact figures per municipality and for the network: items reused, SEK and CO2e saved
per month. Shared by the dashboard page and the PDF report."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.cache import cached
from core.charts import bar_chart, line_chart
from organizations.selectors import municipalities_in_user_networks

from . import selectors

METHOD = gettext_noop(
    "Potential savings: each completed reuse counts the price of buying the same item new "
    "(the listing's own figure, else its category's) less what was paid internally, and "
    "the CO2e a new item would have caused, from the category's impact factor; both "
    "multiplied by the quantity and frozen with the factor's version and source when the "
    "reuse is completed. They assume a new purchase was avoided."
)


def months_back(today: date, count: int = 12) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def impact_series(reuses, months: list[date]) -> dict:
    rows = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row
        for row in selectors.impact_by_month(reuses.filter(completed_on__gte=months[0]))
    }
    labels = [m.strftime("%Y-%m") for m in months]
    items = [int(rows.get(m, {}).get("items") or 0) for m in months]
    sek = [float(rows.get(m, {}).get("sek") or Decimal(0)) for m in months]
    co2e = [float(rows.get(m, {}).get("co2e") or Decimal(0)) for m in months]
    return {"labels": labels, "items": items, "sek": sek, "co2e": co2e}


def impact_context(user, params, *, today: date | None = None) -> dict:
    from django.utils import timezone

    today = today or timezone.localdate()
    municipalities = municipalities_in_user_networks(user).order_by("name")
    reuses = selectors.reuses_for_user(user)
    chosen = None
    slug = params.get("municipality") if params else None
    if slug:
        chosen = municipalities.filter(slug=slug).first()
        if chosen is not None:
            reuses = reuses.filter(receiver=chosen)
    months = months_back(today)

    def figures() -> dict:
        return {
            "series": impact_series(reuses, months),
            "totals": selectors.impact_totals(reuses),
            "year_totals": selectors.impact_totals(reuses.filter(completed_on__gte=months[0])),
            "by_municipality": list(
                reuses.values("receiver__name")
                .order_by("receiver__name")
                .annotate(items=Sum("quantity"), sek=Sum("sek_saved"), co2e=Sum("co2e_kg"))
            ),
        }

    # Aggregates over every reuse of the network: cached, keyed by what scopes them (the
    # network's municipalities as this user sees them, the one chosen, the first month).
    scope = (*sorted(user.network_organization_ids), "|", chosen.pk if chosen else "", months[0])
    cached_figures = cached(selectors.IMPACT, scope, figures)
    series = cached_figures["series"]
    scope_name = chosen.name if chosen else _("The network")
    return {
        "municipalities": municipalities,
        "chosen": chosen,
        "scope_name": scope_name,
        "totals": cached_figures["totals"],
        "year_totals": cached_figures["year_totals"],
        "method": _(METHOD),
        "charts": [
            bar_chart(_("Items reused per month"), series["labels"], {_("Items"): series["items"]}),
            line_chart(
                _("Potential SEK saved per month"), series["labels"], {_("SEK"): series["sek"]}
            ),
            bar_chart(
                _("Potential kg CO2e avoided per month"),
                series["labels"],
                {_("kg CO2e"): series["co2e"]},
            ),
        ],
        "series": series,
        "by_municipality": cached_figures["by_municipality"],
    }
