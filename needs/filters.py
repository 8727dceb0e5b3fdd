import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, Select
from organizations.selectors import (
    municipalities_in_user_networks,
    network_municipality_choices,
)

from .enums import Department, NeedStatus
from .models import NeedAssessor
from .selectors import assessor_choices


def search(queryset, value: str):
    """Swedish full-text search, best match first."""
    value = (value or "").strip()
    if not value:
        return queryset
    query = SearchQuery(value, config="swedish", search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-created_at")
    )


class NeedFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedStatus.choices)
    organization = django_filters.ChoiceFilter(
        label=_("Municipality"), field_name="organization_id", choices=[], widget=Select
    )
    department = django_filters.ChoiceFilter(label=_("Department"), choices=Department.choices)
    assessed = django_filters.ChoiceFilter(
        label=_("Assessed"),
        choices=[("yes", _("Assessed")), ("no", _("Not yet assessed"))],
        method="filter_assessed",
    )
    assessor = django_filters.ChoiceFilter(
        label=_("Assessor"), choices=[], method="filter_assessor", widget=Select
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Cached choice lists, read when the form renders or validates (core.filters).
        self.set_choices("organization", lambda: network_municipality_choices(user))
        self.set_choices("assessor", lambda: assessor_choices(user))

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_assessed(self, queryset, name, value):
        assessed = queryset.filter(answered_at__isnull=False) | queryset.filter(
            status=NeedStatus.REJECTED
        )
        if value == "yes":
            return assessed
        if value == "no":
            return queryset.filter(
                answered_at__isnull=True,
                status__in=[NeedStatus.SUBMITTED],
            )
        return queryset

    def filter_assessor(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(NeedAssessor.objects.filter(need=OuterRef("pk"), assessor_id=int(value)))
        )


class ChallengeFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    owner_organization = django_filters.ModelChoiceFilter(label=_("Need owner"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner_organization"].queryset = municipalities_in_user_networks(user)

    def filter_q(self, queryset, name, value):
        return search(queryset, value)
