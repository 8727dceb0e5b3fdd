from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """The URL of the history page for any tracked object."""
    return reverse("core:history", kwargs={"label": obj._meta.label_lower, "pk": obj.pk})


@register.filter
def active_if(request_path: str, prefix: str) -> str:
    return "active" if prefix and request_path.startswith(prefix) else ""
