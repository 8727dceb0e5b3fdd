from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import DashboardSection

from .enums import BidStatus


def sections(request) -> list[DashboardSection]:
    from .selectors import (
        cases_waiting_for_user,
        own_bids_for_supplier,
        published_tenders_for_supplier,
    )

    user = request.user
    if user.is_supplier_user:
        now = timezone.now()
        tenders = list(published_tenders_for_supplier(user).filter(deadline__gte=now)[:5])
        bids = list(own_bids_for_supplier(user).filter(status=BidStatus.SUBMITTED)[:5])
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
