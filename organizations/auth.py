"""Login helpers."""


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The username django-axes counts failures under: the e-mail address as the login
    matches it (case-insensitively, trimmed), so `X@y.example` and `x@y.example` share one
    counter and one lock-out."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    if value is None:
        return None
    return str(value).strip().lower()
