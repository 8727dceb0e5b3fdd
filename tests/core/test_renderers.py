"""The Python-written <select> is the same HTML as Django's own templates."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.filters import style_widgets
from core.renderers import FastSelect, FastSelectMultiple, FastSelectRenderer
from organizations.models import Organization


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "Ä & <b>"), ("b", 'Say "hi"')])
    grouped = forms.ChoiceField(
        choices=[("Frukt", [("1", "Äpple"), ("2", "Päron")]), ("3", "Ingen")],
        widget=forms.Select(attrs={"class": "form-select", "data-x": 'a"b', "disabled": True}),
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", mark_safe("<i>Y</i>"))])
    municipality = forms.ModelChoiceField(queryset=Organization.objects.order_by("name")[:12])


def _render(form, renderer):
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


def test_fast_select_matches_django_templates(db):
    data = {"plain": "b", "grouped": "2", "many": ["x", "y"]}
    fast = _render(Choices(data), FastSelectRenderer())
    slow = _render(Choices(data), DjangoTemplates())
    assert fast == slow
    assert "selected" in fast["grouped"] and "&quot;" in fast["plain"]
    assert fast["municipality"].count("<option") == 13


def test_filter_widgets_write_the_same_html(db):
    data = {"plain": "a", "grouped": "1", "many": ["y"], "municipality": ""}
    fast, slow = Choices(data), Choices(data)
    style_widgets(fast)
    style_widgets(slow)
    assert isinstance(fast.fields["grouped"].widget, FastSelect)
    assert isinstance(fast.fields["many"].widget, FastSelectMultiple)
    django_widgets = {FastSelect: forms.Select, FastSelectMultiple: forms.SelectMultiple}
    for field in slow.fields.values():
        field.widget.__class__ = django_widgets.get(type(field.widget), type(field.widget))
    assert _render(fast, FastSelectRenderer()) == _render(slow, DjangoTemplates())


def test_the_project_renders_selects_in_python():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastSelectRenderer)


class Inputs(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'Sök "stol" & <bord>'}))
    empty = forms.CharField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "required": True}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"disabled": False}))
    email = forms.EmailField()
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    safe = forms.CharField(widget=forms.TextInput(attrs={"title": mark_safe("<b>ok</b>")}))


def test_fast_inputs_match_django_templates(db):
    data = {"text": "<script>", "empty": "", "day": "2026-11-22", "number": "3",
            "email": "a@b.se", "secret": 'p"w', "hidden": "Ä & Ö", "safe": "x"}  # fmt: skip
    for values in (data, None):
        fast = _render(Inputs(values), FastSelectRenderer())
        assert fast == _render(Inputs(values), DjangoTemplates())
    fast = _render(Inputs(data), FastSelectRenderer())
    assert 'value="&lt;script&gt;"' in fast["text"] and "value=" not in fast["empty"]
    assert " required" in fast["day"] and "disabled" not in fast["number"]


def test_filter_field_tag_writes_label_widget_and_tied_errors(db):
    from django.template import Context, Template

    class Filter(forms.Form):
        q = forms.CharField(label="Sök & hitta", max_length=3)

    form = Filter({"q": "<för långt>"})
    style_widgets(form)
    assert not form.is_valid()
    html = Template("{% load samverka %}{% filter_field form.q %}").render(Context({"form": form}))
    assert html.startswith('<label class="form-label small" for="id_q">Sök &amp; hitta</label>')
    assert str(form["q"]) in html and 'aria-describedby="id_q_error"' in html
    assert '<div class="invalid-feedback d-block" id="id_q_error">' in html
    assert "&lt;för långt&gt;" in html
