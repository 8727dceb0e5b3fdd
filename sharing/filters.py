"""Search facets. Every choice is scoped: municipalities the user can see listings of."""

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SelectMultiple

from .enums import Condition, Mode, UnitStatus
from .models import BookingUnit, Listing, ListingUnit
from .selectors import category_choices, category_subtree_ids, municipality_choices


class ListingFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    # Several categories or municipalities at once: real multiple selects.
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"),
        choices=[],
        method="filter_category",
        widget=SelectMultiple(attrs={"size": 6}),
    )
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=Mode.choices)
    condition = django_filters.ChoiceFilter(label=_("Condition"), choices=Condition.choices)
    municipality = django_filters.MultipleChoiceFilter(
        label=_("Municipality"),
        choices=[],
        method="filter_municipality",
        widget=SelectMultiple(attrs={"size": 6}),
    )
    available_from = django_filters.DateFilter(
        label=_("Available from"),
        method="filter_available",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    available_to = django_filters.DateFilter(
        label=_("Available to"),
        method="filter_noop",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("newest", _("Newest first")),
            ("nearest", _("Nearest first")),
            ("relevance", _("Best match")),
        ],
        method="filter_noop",
        # Empty: best match when searching for words, newest first otherwise.
        empty_label=_("Best match, else newest"),
    )

    class Meta:
        model = Listing
        fields = ["q", "category", "mode", "condition", "municipality"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Cached lists, read when the form renders or validates (core.filters).
        self.set_choices("category", category_choices)
        if user is not None and user.is_authenticated:
            self.set_choices("municipality", lambda: municipality_choices(user))

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = SearchQuery(value, config="swedish", search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )

    def filter_category(self, queryset, name, value: list[int]):
        ids = {pk for category in value for pk in category_subtree_ids(int(category))}
        return queryset.filter(category_id__in=sorted(ids))

    def filter_municipality(self, queryset, name, value: list[int]):
        return queryset.filter(organization_id__in=sorted({int(pk) for pk in value}))

    def filter_available(self, queryset, name, value):
        """At least one unit is free on every day of the range."""
        end = self.form.cleaned_data.get("available_to") or value
        if end < value:
            end = value
        wanted = DateRange(value, end, "[]")
        busy = BookingUnit.objects.filter(active=True, blocked__overlap=wanted).values("unit_id")
        free_units = ListingUnit.objects.filter(status=UnitStatus.AVAILABLE).exclude(pk__in=busy)
        return queryset.filter(
            Q(available_from__lte=value),
            Q(available_to__isnull=True) | Q(available_to__gte=end),
            pk__in=free_units.values("listing_id"),
        )
