from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import cached
from core.registry import DashboardSection

from .enums import BidStatus

SUPPLIER_CARDS = "procurements:supplier-cards"


def sections(request) -> list[DashboardSection]:
    from .selectors import (
        cases_waiting_for_user,
        own_bids_for_supplier,
        published_tenders_for_supplier,
    )

    user = request.user
    if user.is_supplier_user:

        def supplier_cards():
            now = timezone.now()
            return (
                list(published_tenders_for_supplier(user).filter(deadline__gte=now)[:5]),
                list(own_bids_for_supplier(user).filter(status=BidStatus.SUBMITTED)[:5]),
            )

        # Any bid, tender or case change invalidates the supplier cards (apps.py); a
        # tender's deadline passes while cached: short entries.
        tenders, bids = cached(SUPPLIER_CARDS, (user.pk,), supplier_cards, timeout=60)
        return [
            DashboardSection(
                title=_("Open tenders"),
                template="procurements/dashboard/supplier_tenders.html",
                context={"tenders": tenders},
                order=10,
            ),
            DashboardSection(
                title=_("Your bids"),
                template="procurements/dashboard/supplier_bids.html",
                context={"bids": bids},
                order=11,
            ),
        ]
    if user.is_municipal:
        return [
            DashboardSection(
                title=_("Your procurement cases"),
                template="procurements/dashboard/cases.html",
                context={"rows": cases_waiting_for_user(user, limit=8)},
                order=10,
            )
        ]
    return []
