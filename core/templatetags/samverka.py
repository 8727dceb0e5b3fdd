from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """The URL of the history page for any tracked object."""
    return reverse("core:history", kwargs={"label": obj._meta.label_lower, "pk": obj.pk})


@register.simple_tag
def filter_field(field):
    """A filter bar's field: its label, widget and errors, written without a template of
    its own (an included template per field cost more than the widgets)."""
    from django.utils.html import format_html, format_html_join

    errors = ""
    if field.errors:
        errors = format_html(
            '<div class="invalid-feedback d-block" id="{}_error">{}</div>',
            field.auto_id,
            format_html_join(" ", "{}", ((error,) for error in field.errors)),
        )
    return format_html(
        '<label class="form-label small" for="{}">{}</label>\n{}\n{}',
        field.id_for_label,
        field.label,
        str(field),
        errors,
    )
