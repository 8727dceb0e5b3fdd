"""The filter bars use django-filter's forms and Django's own widgets."""

from django import forms
from django.template import Context, Template

from core.filters import add_bootstrap_classes


def test_filter_field_tag_writes_label_widget_and_tied_errors(db):
    class Filter(forms.Form):
        q = forms.CharField(label="Sök & hitta", max_length=3)

    form = Filter({"q": "<för långt>"})
    add_bootstrap_classes(form)
    assert not form.is_valid()
    html = Template("{% load samverka %}{% filter_field form.q %}").render(Context({"form": form}))
    assert html.startswith('<label class="form-label small" for="id_q">Sök &amp; hitta</label>')
    assert str(form["q"]) in html and 'aria-describedby="id_q_error"' in html
    assert '<div class="invalid-feedback d-block" id="id_q_error">' in html
    assert "&lt;för långt&gt;" in html


def test_bootstrap_classes_leave_django_widgets_as_they_are():
    class Filter(forms.Form):
        one = forms.ChoiceField(choices=[("", "All"), ("a", "A")])
        many = forms.MultipleChoiceField(choices=[("a", "A")])
        text = forms.CharField()
        tick = forms.BooleanField()

    form = Filter()
    add_bootstrap_classes(form)
    widgets = {name: field.widget for name, field in form.fields.items()}
    assert [type(w) for w in widgets.values()] == [
        forms.Select,
        forms.SelectMultiple,
        forms.TextInput,
        forms.CheckboxInput,
    ]
    assert [w.attrs["class"] for w in widgets.values()] == [
        "form-select",
        "form-select",
        "form-control",
        "form-check-input",
    ]


def test_cached_select_writes_what_django_writes_for_every_value_and_choice(db):
    """The long facets keep Django's own HTML in the cache (core.fragments): the same as
    Django's widget for each value, choice list and language, never another's."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from core.filters import Select, SelectMultiple

    def pair(choices, value, multiple=False):
        plain = (forms.SelectMultiple if multiple else forms.Select)(choices=choices)
        cached = (SelectMultiple if multiple else Select)(choices=choices)
        attrs = {"id": "id_m", "class": "form-select"}
        return [w.render("m", value, attrs) for w in (plain, cached)]

    towns = [("", gettext_lazy("All")), ("1", "Ystad"), ("2", "Skurup & <Trelleborg>")]
    for value in (None, "", "1", "2"):
        django_html, cached_html = pair(towns, value)
        assert cached_html == django_html
        assert cached_html == pair(towns, value)[1]  # from the cache, still the same
    assert pair(towns, "2")[1].count(" selected") == 1
    assert 'value="2" selected' in pair(towns, "2")[1]
    assert pair(towns[:2], None)[1] == pair(towns[:2], None)[0]  # other choices: other HTML
    assert pair(towns, ["1", "2"], True)[1] == pair(towns, ["1", "2"], True)[0]
    with translation.override("en"):
        assert ">All</option>" in pair(towns, None)[1]
    with translation.override("sv"):
        assert ">Alla</option>" in pair(towns, None)[1]
