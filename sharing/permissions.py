"""Who may do what in the marketplace. Seeing a listing is the visibility rule
(selectors); these predicates decide actions on what the user already sees."""

import rules

from organizations.permissions import (
    has_role,
    is_logistics,
    is_municipal_user,
    is_platform_admin,
)


@rules.predicate
def owns_listing(user, listing) -> bool:
    """The user listed it, or is logistics/admin of the owning municipality."""
    if listing is None or not user.is_authenticated:
        return False
    if listing.created_by_id == user.pk:
        return True
    return bool(
        user.organization_id == listing.organization_id and user.has_role("logistics", "admin")
    )


@rules.predicate
def manages_booking(user, booking) -> bool:
    return bool(booking is not None and owns_listing(user, booking.listing))


@rules.predicate
def requested_booking(user, booking) -> bool:
    return bool(booking is not None and booking.requester_id == user.pk)


@rules.predicate
def in_transport_organization(user, task) -> bool:
    if task is None:
        return False
    booking = task.booking
    return user.organization_id in (
        booking.listing.organization_id,
        booking.requester_organization_id,
    )


can_list = is_municipal_user & has_role("staff", "logistics", "officer", "coordinator", "admin")

rules.add_perm("sharing.use_marketplace", is_municipal_user | is_platform_admin)
rules.add_perm("sharing.create_listing", can_list)
rules.add_perm("sharing.list_on_behalf", is_municipal_user & is_logistics)
rules.add_perm("sharing.change_listing", is_platform_admin | owns_listing)
rules.add_perm("sharing.reserve", is_municipal_user)
rules.add_perm("sharing.decide_booking", is_platform_admin | manages_booking)
rules.add_perm("sharing.cancel_booking", requested_booking | manages_booking)
rules.add_perm("sharing.answer_hold", requested_booking)
rules.add_perm("sharing.view_transport_queue", is_municipal_user & is_logistics)
rules.add_perm(
    "sharing.handle_transport", is_municipal_user & is_logistics & in_transport_organization
)
rules.add_perm(
    "sharing.view_invoices",
    is_platform_admin
    | (is_municipal_user & has_role("logistics", "officer", "coordinator", "admin")),
)
rules.add_perm("sharing.view_impact", is_municipal_user | is_platform_admin)


@rules.predicate
def administers_or_logistics_of(user, organization) -> bool:
    return bool(
        user
        and user.is_authenticated
        and organization is not None
        and user.organization_id == organization.pk
        and user.has_role("admin", "logistics")
    )


# An organisation's administrator or logistics staff keep its pick-up locations.
rules.add_perm("sharing.manage_locations", is_municipal_user & administers_or_logistics_of)


# --- Exchanges -------------------------------------------------------------------------


@rules.predicate
def may_be_offered_for(user, listing) -> bool:
    """Another organisation's listing that is up for exchange and still available."""
    return bool(
        listing is not None
        and user.is_authenticated
        and listing.organization_id != user.organization_id
        and listing.mode == "exchange"
        and listing.status == "active"
    )


@rules.predicate
def answers_exchange(user, offer) -> bool:
    """Whoever keeps the wanted listing answers an offer for it."""
    return bool(offer is not None and owns_listing(user, offer.wanted_listing))


@rules.predicate
def offered_exchange(user, offer) -> bool:
    return bool(
        offer is not None
        and user.is_authenticated
        and (offer.created_by_id == user.pk or owns_listing(user, offer.offered_listing))
    )


@rules.predicate
def exchange_is_proposed(user, offer) -> bool:
    return bool(offer is not None and offer.state == "proposed")


@rules.predicate
def exchange_is_accepted(user, offer) -> bool:
    return bool(offer is not None and offer.state == "accepted")


rules.add_perm("sharing.offer_exchange", can_list & may_be_offered_for)
rules.add_perm("sharing.answer_exchange", exchange_is_proposed & answers_exchange)
rules.add_perm("sharing.withdraw_exchange", exchange_is_proposed & offered_exchange)
rules.add_perm(
    "sharing.complete_exchange", exchange_is_accepted & (answers_exchange | offered_exchange)
)


# --- Kits and wanted ads -----------------------------------------------------------------


@rules.predicate
def keeps_kit(user, kit) -> bool:
    """Its author, or the municipality's logistics staff and administrator."""
    return bool(
        kit is not None
        and user.is_authenticated
        and kit.organization_id == user.organization_id
        and (kit.created_by_id == user.pk or user.has_role("logistics", "admin"))
    )


@rules.predicate
def keeps_wanted_ad(user, ad) -> bool:
    """Its author, or the municipality's administrator."""
    return bool(
        ad is not None
        and user.is_authenticated
        and ad.organization_id == user.organization_id
        and (ad.created_by_id == user.pk or user.has_role("admin"))
    )


@rules.predicate
def booking_is_held(user, booking) -> bool:
    return bool(booking is not None and booking.state == "held")


rules.add_perm("sharing.change_kit", keeps_kit)
rules.add_perm("sharing.close_wanted_ad", keeps_wanted_ad)
rules.add_perm("sharing.confirm_hold", booking_is_held & requested_booking)
