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
