import django_filters
from django.contrib.postgres.search import SearchQuery
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, Select
from organizations.selectors import network_municipality_choices, network_officer_choices

from .enums import Procedure, Stage
from .models import ProcurementCase
from .selectors import case_ids_of_organization


class CaseFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    procedure = django_filters.ChoiceFilter(label=_("Procedure"), choices=Procedure.choices)
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"), choices=[], method="by_municipality", widget=Select
    )
    officer = django_filters.ChoiceFilter(
        label=_("Responsible officer"),
        choices=[],
        field_name="responsible_officer_id",
        widget=Select,
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline before"),
        field_name="tender__deadline",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = ProcurementCase
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Cached choice lists, read when the form renders or validates (core.filters).
        self.set_choices("municipality", lambda: network_municipality_choices(user))
        self.set_choices("officer", lambda: network_officer_choices(user))

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = SearchQuery(value, config="swedish", search_type="websearch")
        return queryset.filter(search_vector=query)

    def by_municipality(self, queryset, name, value):
        return queryset.filter(pk__in=case_ids_of_organization(int(value)))
