"""The form renderer: Django's templates, except that a <select> and a plain <input> are
written in Python.

Django renders every <option> through two templates; a municipality facet with 290
options then costs more than the rest of the page. `FastSelectRenderer` writes the same
HTML as `django/forms/widgets/select.html` (same escaping, same attributes) directly, for
selects whose options use the standard option template; anything else goes to the
templates as before. Inputs (text, date, number, ...) are two nested templates for one
tag; they are written directly too. tests/core/test_renderers.py compares the outputs.
"""

from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Widget templates that are `{% include "django/forms/widgets/input.html" %}` and no more.
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input", "text", "date", "number", "email", "url", "password", "search", "tel",
        "datetime", "time", "hidden",
    )
}  # fmt: skip


def _escape(value) -> str:
    """Django's conditional_escape (safe strings pass as they are), without its per-call
    laziness checks: a select may have hundreds of options."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{_escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict) -> str:
    groups = widget["optgroups"]
    options = groups.html() if isinstance(groups, OptionGroups) else _options_html(groups)
    return mark_safe(  # every value is escaped
        f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}\n</select>'
    )


def _options_html(groups) -> str:
    out = []
    for group_name, group_choices, _index in groups:
        if group_name:
            out.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            out.append(
                f'\n  <option value="{_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{_escape(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    return "".join(out)


def render_input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_escape(str(value))}"'
    return mark_safe(  # every value is escaped
        f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return render_input(context["widget"])
        groups = context["widget"].get("optgroups") if template_name == SELECT else None
        if isinstance(groups, OptionGroups) or (
            groups is not None
            and all(
                option["template_name"] == OPTION
                for _name, choices, _index in groups
                for option in choices
            )
        ):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)


class OptionGroups:
    """A select's options, written straight from its choices by `html()` (no dict per
    option: a municipality facet has 290); iterated, they are the (group name, options,
    index) triples Django's templates expect, with the few keys `_options_html` reads."""

    def __init__(self, choices, value, multiple: bool):
        self.choices, self.wanted, self.multiple = choices, {str(v) for v in value}, multiple

    def _groups(self):
        for index, (value, label) in enumerate(self.choices):
            if isinstance(label, (list, tuple)):
                yield value, label, index
            else:
                yield None, [(value, label)], index

    def __iter__(self):
        has_selected = False
        for group_name, choices, index in self._groups():
            options = []
            for value, label in choices:
                value = "" if value is None else value
                selected = (self.multiple or not has_selected) and str(value) in self.wanted
                has_selected |= selected
                options.append(
                    {
                        "value": value,
                        "label": label,
                        "attrs": {"selected": True} if selected else {},
                        "template_name": OPTION,
                    }
                )
            yield group_name, options, index

    def html(self) -> str:
        out, wanted, has_selected = [], self.wanted, False
        for group_name, choices, _index in self._groups():
            if group_name:
                out.append(f'\n  <optgroup label="{_escape(group_name)}">')
            for value, label in choices:
                value = "" if value is None else value
                selected = ""
                if (self.multiple or not has_selected) and str(value) in wanted:
                    selected, has_selected = " selected", True
                out.append(
                    f'\n  <option value="{_escape(value)}"{selected}>{_escape(label)}</option>\n'
                )
            if group_name:
                out.append("\n  </optgroup>")
        return "".join(out)


class FastChoicesMixin:
    """A select's options as an OptionGroups, written by `render_select` without a dict
    per option. Only for widgets whose options use the standard option template (Select
    and SelectMultiple: options inherit no attributes)."""

    def optgroups(self, name, value, attrs=None):
        return OptionGroups(self.choices, value, self.allow_multiple_selected)


class FastSelect(FastChoicesMixin, forms.Select):
    pass


class FastSelectMultiple(FastChoicesMixin, forms.SelectMultiple):
    pass
