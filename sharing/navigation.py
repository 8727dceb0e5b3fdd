import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def items(user) -> list[NavItem]:
    if not (user.is_municipal or user.is_platform_admin):
        return []
    entries = [NavItem(_("Listings"), reverse("sharing:listing-list"), 40, "sharing", "sharing")]
    entries.append(
        NavItem(
            _("Reservations"), reverse("sharing:booking-list"), 41, "sharing-bookings", "sharing"
        )
    )
    if rules.has_perm("sharing.view_transport_queue", user):
        entries.append(
            NavItem(
                _("Transport"),
                reverse("sharing:transport-list"),
                42,
                "sharing-transport",
                "sharing",
            )
        )
    if rules.has_perm("sharing.view_invoices", user):
        entries.append(
            NavItem(
                _("Internal invoices"),
                reverse("sharing:invoice-list"),
                43,
                "sharing-invoices",
                "sharing",
            )
        )
    entries.append(
        NavItem(_("Climate savings"), reverse("sharing:impact"), 44, "sharing-impact", "sharing")
    )
    if rules.has_perm("sharing.manage_locations", user, user.organization):
        entries.append(
            NavItem(
                _("Pick-up locations"),
                reverse("sharing:location-list"),
                45,
                "sharing-locations",
                "sharing",
            )
        )
    return entries
