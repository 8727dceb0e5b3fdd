"""The frozen climate impact of every completed reuse."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import (
    InvoiceKind,
)
from ..models import (
    Booking,
    Category,
    ImpactFactor,
    Reuse,
)


def factor_for(category: Category) -> ImpactFactor | None:
    """The category's factor, else its nearest ancestor's."""
    paths = []
    parts = category.path.split("/")
    for depth in range(len(parts), 0, -1):
        paths.append("/".join(parts[:depth]))
    factors = {
        f.category.path: f
        for f in ImpactFactor.objects.select_related("category").filter(category__path__in=paths)
    }
    for path in paths:
        if path in factors:
            return factors[path]
    return None


def _record_reuse(booking: Booking, *, completed_on: date | None = None) -> Reuse:
    """Freeze SEK saved and CO2e avoided with the factor's version and source."""
    listing = booking.listing
    factor = factor_for(listing.category)
    per_unit_price = listing.new_price_sek
    if per_unit_price is None:
        per_unit_price = factor.new_price_sek if factor else Decimal("0")
    kg = factor.kg_co2e_per_unit if factor else Decimal("0")
    paid = sum(
        (line.amount_sek for line in booking.invoice_lines.exclude(kind=InvoiceKind.TRANSPORT)),
        Decimal("0"),
    )
    saved = max(Decimal("0"), per_unit_price * booking.quantity - paid)
    reuse, _created = Reuse.objects.get_or_create(
        booking=booking,
        defaults={
            "listing": listing,
            "category": listing.category,
            "giver": listing.organization,
            "receiver": booking.requester_organization,
            "quantity": booking.quantity,
            "completed_on": completed_on or timezone.localdate(),
            "new_price_sek": per_unit_price,
            "paid_sek": paid,
            "sek_saved": saved,
            "kg_co2e_per_unit": kg,
            "co2e_kg": kg * booking.quantity,
            "factor_version": factor.version if factor else 0,
            "factor_source": (factor.source if factor else _("no factor for this category"))[:400],
            "would_buy_new": booking.would_buy_new,
        },
    )
    return reuse


def impact_factor_update(*, factor: ImpactFactor, **changes) -> ImpactFactor:
    """Change a factor and bump its version (admin edits go through here)."""
    with transaction.atomic():
        locked = ImpactFactor.objects.select_for_update().get(pk=factor.pk)
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.version = locked.version + 1
        locked.save()
    return locked
