from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(form, exc: ValidationError, *, default_field: str | None = None):
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        target = default_field if default_field in form.fields else None
        for message in exc.messages:
            form.add_error(target if target else NON_FIELD_ERRORS, message)


def messages_from_error(request, exc: ValidationError) -> None:
    """Show every message of a service's ValidationError as an error message on the page."""
    from django.contrib import messages

    for message in exc.messages:
        messages.error(request, message)
