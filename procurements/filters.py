import django_filters
from django.contrib.postgres.search import SearchQuery
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from organizations.enums import OrganizationKind
from organizations.models import Organization, User

from .enums import Procedure, Stage
from .models import ProcurementCase
from .selectors import case_ids_of_organization


class CaseFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    procedure = django_filters.ChoiceFilter(label=_("Procedure"), choices=Procedure.choices)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Organization.objects.none(), method="by_municipality"
    )
    officer = django_filters.ModelChoiceFilter(
        label=_("Responsible officer"),
        queryset=User.objects.none(),
        field_name="responsible_officer",
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
        if user.is_platform_admin:
            orgs = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY)
        else:
            orgs = Organization.objects.filter(pk__in=user.network_organization_ids)
        self.filters["municipality"].queryset = orgs
        self.filters["officer"].queryset = User.objects.filter(
            organization__in=orgs, roles__overlap=["officer", "coordinator"]
        )

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = SearchQuery(value, config="swedish", search_type="websearch")
        return queryset.filter(search_vector=query)

    def by_municipality(self, queryset, name, value):
        return queryset.filter(pk__in=case_ids_of_organization(value.pk))
