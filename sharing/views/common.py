"""What every marketplace page shares: who may use it, paging over capped ids."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

PAGE_SIZE = 24
COUNT_CAP = 1000


class CappedIdPaginator(Paginator):
    """Pages over the ids of the first COUNT_CAP + 1 rows of an ordered queryset: one
    query both orders (a ranked search must rank every match anyway) and counts, at most
    COUNT_CAP rows, so a deep search never scans every listing; then only the page's
    rows are loaded by primary key, by `rows(ids)` (a dict by id)."""

    def __init__(self, queryset, per_page, rows):
        self.rows = rows
        super().__init__(list(queryset.values_list("pk", flat=True)[: COUNT_CAP + 1]), per_page)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def _get_page(self, ids, number, paginator):
        rows = self.rows(ids)
        return super()._get_page([rows[pk] for pk in ids if pk in rows], number, paginator)


def _marketplace_user(request):
    if not request.user.has_perm("sharing.use_marketplace"):
        raise PermissionDenied
    return request.user


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
