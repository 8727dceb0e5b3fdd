"""What the dialogue's pages share."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def _page(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))
