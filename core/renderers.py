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
    out = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            out.append(
                f'\n  <option value="{_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{_escape(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # every value above is escaped


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
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, choices, _index in context["widget"]["optgroups"]
            for option in choices
        ):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)


class FastChoicesMixin:
    """A select's options as the few keys `render_select` reads, not Django's full dicts.

    Only for widgets whose options use the standard option template (Select and
    SelectMultiple: options inherit no attributes)."""

    def optgroups(self, name, value, attrs=None):
        wanted = set(value)
        groups = []
        has_selected = False
        for index, (option_value, option_label) in enumerate(self.choices):
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, choices = option_value, option_label
            else:
                group_name, choices = None, [(option_value, option_label)]
            options = []
            for subvalue, sublabel in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in wanted
                has_selected |= selected
                options.append(
                    {
                        "value": subvalue,
                        "label": sublabel,
                        "attrs": {"selected": True} if selected else {},
                        "template_name": OPTION,
                    }
                )
            groups.append((group_name, options, index))
        return groups


class FastSelect(FastChoicesMixin, forms.Select):
    pass


class FastSelectMultiple(FastChoicesMixin, forms.SelectMultiple):
    pass
