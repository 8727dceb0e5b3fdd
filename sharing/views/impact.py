"""Climate savings, check-first and wanted ads."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import selectors, services
from ..forms import (
    WantedAdForm,
)
from ..impact import impact_context
from .common import _marketplace_user

# --- Impact, check first, wanted ads -------------------------------------------------------


@login_required
def impact_dashboard(request):
    user = _marketplace_user(request)
    return render(request, "sharing/impact_dashboard.html", impact_context(user, request.GET))


@login_required
def check_first(request):
    """Before buying new: how many matching items already exist in Samverka."""
    user = _marketplace_user(request)
    query = (request.GET.get("q") or "").strip()
    count, examples = 0, []
    if query:
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F, Sum

        search = SearchQuery(query, config="swedish", search_type="websearch")
        matches = selectors.active_listings_for_user(user).filter(search_vector=search)
        count = matches.aggregate(n=Sum("quantity"))["n"] or 0
        examples = matches.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
            "-rank", "-created_at"
        )[:10]
    return render(
        request,
        "sharing/check_first.html",
        {"query": query, "count": count, "examples": examples},
    )


@login_required
def wanted_list(request):
    user = _marketplace_user(request)
    form = WantedAdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.wanted_ad_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Your wanted ad is saved; we tell you when something matches.")
            )
            return redirect("sharing:wanted-list")
    ads = list(selectors.wanted_ads_for_user(user).filter(is_active=True)[:100])
    closable = {ad.pk for ad in ads if user.has_perm("sharing.close_wanted_ad", ad)}
    return render(
        request, "sharing/wanted_list.html", {"ads": ads, "form": form, "closable": closable}
    )


def month_start(value: date) -> date:
    return value.replace(day=1)
