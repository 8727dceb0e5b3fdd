import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.registry import report_kinds

from .enums import ReportState
from .models import Report


def _kind_choices():
    return sorted(((k, str(v.title)) for k, v in report_kinds().items()), key=lambda c: c[1])


class ReportFilter(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of report"), choices=_kind_choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReportState.choices)
    mine = django_filters.BooleanFilter(
        label=_("Only reports I asked for"),
        method="filter_mine",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Report
        fields = ["kind", "state"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(requested_by=self.request.user) if value else queryset
