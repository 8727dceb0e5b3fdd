"""Internal invoice lines for rent, sales and transport."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ..enums import (
    InvoiceKind,
    Mode,
)
from ..models import (
    Booking,
    InvoiceLine,
)

VAT_RATE = Decimal("0.25")

# --- Money and impact -----------------------------------------------------------------


def _vat_for(seller, buyer, amount: Decimal) -> tuple[Decimal, Decimal]:
    """Within one municipality there is no VAT; between municipalities 25 %."""
    if seller.pk == buyer.pk:
        return Decimal("0"), Decimal("0")
    return VAT_RATE, (amount * VAT_RATE).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _invoice(booking: Booking, kind: str, amount: Decimal, description: str, when: date):
    if amount <= 0:
        return None
    listing = booking.listing
    rate, vat = _vat_for(listing.organization, booking.requester_organization, amount)
    line, _created = InvoiceLine.objects.get_or_create(
        booking=booking,
        kind=kind,
        defaults={
            "seller": listing.organization,
            "seller_department": listing.department,
            "buyer": booking.requester_organization,
            "buyer_department": booking.requester_department,
            "cost_centre": booking.cost_centre,
            "description": description[:300],
            "amount_sek": amount,
            "vat_rate": rate,
            "vat_sek": vat,
            "date": when,
        },
    )
    return line


def _invoice_rent(booking: Booking):
    listing = booking.listing
    if listing.mode != Mode.RENT:
        return None
    amount = listing.price_sek * booking.days * booking.quantity
    return _invoice(
        booking,
        InvoiceKind.RENT,
        amount,
        f"{listing.title}: {booking.quantity} × {booking.days} d × {listing.price_sek} SEK",
        timezone.localdate(),
    )


def _invoice_sale(booking: Booking):
    listing = booking.listing
    if listing.mode != Mode.SELL:
        return None
    amount = listing.price_sek * booking.quantity
    return _invoice(
        booking,
        InvoiceKind.SALE,
        amount,
        f"{listing.title}: {booking.quantity} × {listing.price_sek} SEK",
        timezone.localdate(),
    )
