from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import user_scope
from core.fragments import cached_html
from core.registry import DashboardSection, rendered

from .enums import BidStatus

SUPPLIER_CARDS = "procurements:supplier-cards"
CARD_TIMEOUT = 600


def sections(request) -> list[DashboardSection]:
    from .selectors import own_bids_for_supplier, published_tenders_for_supplier

    user = request.user
    if user.is_supplier_user:

        def supplier_cards():
            now = timezone.now()
            tenders = published_tenders_for_supplier(user).filter(deadline__gte=now)[:5]
            bids = own_bids_for_supplier(user).filter(status=BidStatus.SUBMITTED)[:5]
            return rendered(
                [
                    DashboardSection(
                        title=_("Open tenders"),
                        template="procurements/dashboard/supplier_tenders.html",
                        context={"tenders": list(tenders)},
                        order=10,
                    ),
                    DashboardSection(
                        title=_("Your bids"),
                        template="procurements/dashboard/supplier_bids.html",
                        context={"bids": list(bids)},
                        order=11,
                    ),
                ]
            )

        # Any bid, tender or case change invalidates the supplier cards (apps.py); a
        # tender's deadline passes while cached: short entries.
        return cached_html(SUPPLIER_CARDS, user_scope(user), supplier_cards, timeout=60)
    if not user.is_municipal:
        return []
    return _decisions_card(user) + _cases_sections(user)


def _decisions_card(user) -> list[DashboardSection]:
    """Proposals and partnership phases waiting for this user's decision, shown only when
    something waits. Cached like the cases card (forgotten on a change to a proposal, a
    phase, a case or the delegation list: caching.py); a phase's turn comes with the day,
    which is part of the key."""
    from .caching import org_namespace
    from .selectors import decisions_waiting_for_user, phases_waiting_for_user

    def decisions_card():
        proposals = list(decisions_waiting_for_user(user)[:10])
        phases = list(phases_waiting_for_user(user)[:10])
        if not proposals and not phases:
            return []
        return rendered(
            [
                DashboardSection(
                    title=_("Waiting for your decision"),
                    template="procurements/dashboard/decisions.html",
                    context={"proposals": proposals, "phases": phases},
                    order=5,
                )
            ]
        )

    if user.is_platform_admin:
        return decisions_card()
    scope = ("decisions", user.organization_id, timezone.localdate().isoformat(), *user_scope(user))
    return cached_html(
        org_namespace(user.organization_id), scope, decisions_card, timeout=CARD_TIMEOUT
    )


def _cases_sections(user) -> list[DashboardSection]:
    from .caching import org_namespace
    from .selectors import cases_waiting_for_user

    def cases_card():
        return rendered(
            [
                DashboardSection(
                    title=_("Your procurement cases"),
                    template="procurements/dashboard/cases.html",
                    context={"rows": cases_waiting_for_user(user, limit=8)},
                    order=10,
                )
            ]
        )

    if user.is_platform_admin:  # sees every case: no municipality's namespace covers it
        return cases_card()
    # Forgotten on any change to the municipality's cases (caching.py); what is overdue
    # depends on the day, which is part of the key.
    scope = ("cases", user.organization_id, timezone.localdate().isoformat(), *user_scope(user))
    return cached_html(org_namespace(user.organization_id), scope, cases_card, timeout=CARD_TIMEOUT)
