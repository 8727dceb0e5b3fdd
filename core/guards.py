"""Input no page should ever see: a NUL character in the path or the query string.

PostgreSQL refuses NUL in text, so `/sharing/u/%00/` would reach the database and end
as a server error. No real address or search holds one: the path answers 404 (nothing
lives there), the query string 400; under /api/ as JSON, like the rest of the API.
"""

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return self._refuse(request, 404, _("Not found."))
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return self._refuse(request, 400, _("A NUL character is not allowed."))
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, detail: str):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": detail, "status": status}, status=status)
        if status == 404:
            raise Http404(detail)
        raise BadRequest(detail)
