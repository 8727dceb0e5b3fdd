"""Clear JSON errors: the same messages as the forms, in the caller's language."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    # Services raise Django's ValidationError / PermissionDenied; show them like DRF's.
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        # get_object_or_404 says "No ProcurementCase matches the given query." in English:
        # answer in the caller's language and never name an internal model.
        exc = exceptions.NotFound(_("Not found."))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": response.data["detail"], "status": response.status_code}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data, "status": response.status_code}
    elif response is not None:
        response.data = {"errors": response.data, "status": response.status_code}
    return response
