"""The base of every list page's filter: Bootstrap classes on the widgets, light markup.

A filter bar is rendered field by field with `{% filter_field %}` (label, widget, errors
tied to the field by Django's aria-describedby), not with crispy's layout templates,
which cost several milliseconds per field on pages that must stay fast.
"""

import django_filters
from django import forms
from django.utils.choices import BaseChoiceIterator

from core.renderers import FastSelect, FastSelectMultiple


def style_widgets(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
            # Same HTML, without a dict per option (see core.renderers).
            if type(widget) is forms.Select:
                widget.__class__ = FastSelect
            elif type(widget) is forms.SelectMultiple:
                widget.__class__ = FastSelectMultiple
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilterSet(django_filters.FilterSet):
    def set_choices(self, name: str, choices) -> None:
        """Give filter `name` its choices for this request. A field already built (the
        API schema builds them on the class's filters, which instances copy) is dropped,
        so the field is made again with these choices."""
        flt = self.filters[name]
        flt.extra["choices"] = choices
        flt.__dict__.pop("_field", None)

    @property
    def form(self):
        new = not hasattr(self, "_form")
        form = super().form
        if new:
            style_widgets(form)
        return form


class SharedChoices(BaseChoiceIterator):
    """Choices from `source(*args)` (a list of (value, label), e.g. from the cache), read
    once per form when first used. Django neither normalises nor deep-copies them, so a
    select of 290 municipalities costs one list, not one per form copy."""

    def __init__(self, source, *args):
        self.source, self.args, self.values = source, args, None

    def __iter__(self):
        if self.values is None:
            self.values = self.source(*self.args)
        yield from self.values

    def __deepcopy__(self, memo):
        return self
