"""Filters for the API: the app's own FilterSets, given the user like on the list pages."""

import inspect

from django_filters.rest_framework import DjangoFilterBackend


class UserFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that passes `user=` to FilterSets that take it (their choice
    querysets are scoped to the user, so a foreign id is refused with a clear 400)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and "user" in inspect.signature(filterset_class.__init__).parameters
        ):
            kwargs["user"] = request.user
        return kwargs


# The pages' FilterSets, with type hints on their method filters so the OpenAPI schema
# knows these take an id (drf-spectacular reads the hint; the behaviour is the page's).
from needs.filters import NeedFilter  # noqa: E402
from procurements.filters import CaseFilter  # noqa: E402


class ApiCaseFilter(CaseFilter):
    def by_municipality(self, queryset, name, value: int):
        return super().by_municipality(queryset, name, value)


class ApiNeedFilter(NeedFilter):
    def filter_assessor(self, queryset, name, value: int):
        return super().filter_assessor(queryset, name, value)
