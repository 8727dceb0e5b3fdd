"""What the need pages share."""

PAGE_SIZE = 25


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
