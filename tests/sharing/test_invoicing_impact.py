"""Handover, internal invoices, transport and the counted impact."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharing import services
from sharing.enums import BookingState, InvoiceKind, Mode, TransportState, UnitStatus
from sharing.models import (
    ImpactFactor,
    InvoiceLine,
    Reuse,
    TransportTask,
)
from tests.factories.sharing import ListingFactory
from tests.sharing.helpers import _request

# --- Handover, money, impact --------------------------------------------------------


def test_sale_handover_invoices_with_vat_and_freezes_impact(
    ystad, owner, ystad_location, neighbour, today
):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.SELL,
        price_sek=Decimal("500"),
        quantity=2,
        requires_approval=True,
    )
    booking = _request(neighbour, listing, today, None, quantity=2, cost_centre="4711")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(
        user=owner, booking=booking, to=BookingState.HANDED_OVER, would_buy_new=True
    )
    line = InvoiceLine.objects.get()
    assert (line.kind, line.amount_sek, line.vat_sek, line.cost_centre) == (
        InvoiceKind.SALE,
        Decimal("1000.00"),
        Decimal("250.00"),
        "4711",
    )
    reuse = Reuse.objects.get()
    # office chair: 80 kg, 4 500 SEK new (version 1)
    assert (reuse.quantity, reuse.co2e_kg, reuse.sek_saved, reuse.factor_version) == (
        2,
        Decimal("160.00"),
        Decimal("8000.00"),
        1,
    )
    assert reuse.would_buy_new is True
    listing.refresh_from_db()
    assert listing.status == "gone"
    assert set(listing.units.values_list("status", flat=True)) == {UnitStatus.TRANSFERRED}

    factor = ImpactFactor.objects.get(category=listing.category)
    services.impact_factor_update(factor=factor, kg_co2e_per_unit=Decimal("100"))
    reuse.refresh_from_db()
    assert reuse.co2e_kg == Decimal("160.00")
    assert ImpactFactor.objects.get(pk=factor.pk).version == 2


def test_rent_within_one_municipality_has_no_vat(ystad, owner, ystad_location, staff, today):
    listing = ListingFactory(
        organization=ystad,
        created_by=owner,
        location=ystad_location,
        mode=Mode.RENT,
        price_sek=Decimal("100"),
    )
    booking = _request(staff, listing, today, today + timedelta(days=2))
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    line = InvoiceLine.objects.get()
    assert (line.amount_sek, line.vat_sek) == (Decimal("300.00"), Decimal("0"))
    services.booking_transition(user=owner, booking=booking, to=BookingState.RETURNED)
    assert Reuse.objects.get().paid_sek == Decimal("300.00")


def test_transport_task_created_assigned_and_invoiced(listing, neighbour, owner, logistics, dates):
    booking = _request(
        neighbour, listing, *dates, transport=True, delivery_address="Algatan 13, Trelleborg"
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    task = TransportTask.objects.get()
    assert task.delivery_address == "Algatan 13, Trelleborg"
    services.transport_assign(user=logistics, task=task)
    services.transport_done(user=logistics, task=task, price_sek=Decimal("400"))
    task.refresh_from_db()
    assert task.state == TransportState.DONE
    assert InvoiceLine.objects.get(kind=InvoiceKind.TRANSPORT).vat_sek == Decimal("100.00")


def test_transport_by_non_logistics_is_refused(listing, neighbour, owner, dates):
    booking = _request(neighbour, listing, *dates, transport=True, delivery_address="x")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    with pytest.raises(ValidationError):
        services.transport_assign(user=owner, task=TransportTask.objects.get())


def test_transport_negative_price_is_refused(listing, neighbour, owner, logistics, dates):
    booking = _request(neighbour, listing, *dates, transport=True, delivery_address="x")
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    with pytest.raises(ValidationError):
        services.transport_done(user=logistics, task=TransportTask.objects.get(), price_sek=-1)
