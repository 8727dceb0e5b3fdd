"""The base of every list page's filter: django-filter's own form and Django's own
widgets, with Bootstrap's classes.

Every single-choice facet is a django-filter `ChoiceFilter`/`ModelChoiceFilter`, so its
first option is the empty choice ("Alla", settings.FILTERS_EMPTY_CHOICE_LABEL) and an
untouched form filters nothing; django-filter ignores empty values. A filter bar is
rendered field by field with `{% filter_field %}` (label, Django's widget HTML, errors
tied to the field by Django's aria-describedby).
"""

from collections.abc import Callable

import django_filters
from django import forms

from core.fragments import CachedRenderMixin


class Select(CachedRenderMixin, forms.Select):
    """Django's Select, its HTML kept in the cache (core.fragments): for long choice
    lists (municipalities, people)."""


class SelectMultiple(CachedRenderMixin, forms.SelectMultiple):
    """Django's SelectMultiple, its HTML kept in the cache (core.fragments)."""


def add_bootstrap_classes(form) -> None:
    """Bootstrap's class on each widget (what crispy-bootstrap5 adds when it renders)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):  # SelectMultiple included
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilterSet(django_filters.FilterSet):
    def set_choices(self, name: str, choices: Callable[[], list]) -> None:
        """Give filter `name` its choices for this request: a function without arguments
        returning (value, label) pairs (e.g. a cached selector bound to the user), which
        Django calls when the form renders or validates. A field already built (the API
        schema builds them on the class's filters, which instances copy) is dropped, so
        the field is made again with these choices."""
        flt = self.filters[name]
        flt.extra["choices"] = choices
        flt.__dict__.pop("_field", None)

    @property
    def form(self):
        new = not hasattr(self, "_form")
        form = super().form
        if new:
            add_bootstrap_classes(form)
        return form

    @property
    def active(self) -> int:
        """How many filters have a value (the phone's "Filter" button shows it; any
        shows the "Clear filters" link)."""
        data = self.data or {}
        return sum(
            1
            for name in self.filters
            if any(data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
        )
