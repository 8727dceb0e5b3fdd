from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingKind(models.TextChoices):
    FURNITURE = "furniture", _("Furniture")
    EQUIPMENT = "equipment", _("Equipment")
    ROOM = "room", _("Room or premises")
    SERVICE = "service", _("Service")
    STAFF = "staff", _("Staff assignment")


class Mode(models.TextChoices):
    LEND = "lend", _("Lend")
    RENT = "rent", _("Rent")
    SELL = "sell", _("Sell")
    GIVE_AWAY = "give_away", _("Give away")
    EXCHANGE = "exchange", _("Exchange")


# Lending and renting reserve units for a date range; the others hand units over for good.
TIMED_MODES = (Mode.LEND, Mode.RENT)
TRANSFER_MODES = (Mode.SELL, Mode.GIVE_AWAY, Mode.EXCHANGE)
PRICED_MODES = (Mode.RENT, Mode.SELL)


class Condition(models.TextChoices):
    NEW = "new", _("New or as new")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair, signs of use")
    WORN = "worn", _("Worn")
    REPAIR = "repair", _("Needs repair")


class ListingStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    GONE = "gone", _("All units handed over")


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    TRANSFERRED = "transferred", _("Handed over")
    RETIRED = "retired", _("Retired")


class BookingState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    HELD = "held", _("Held for the waiting list")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    PICKED_UP = "picked_up", _("Picked up")
    RETURNED = "returned", _("Returned")
    HANDED_OVER = "handed_over", _("Handed over")
    EXPIRED = "expired", _("Expired")


# States whose units are blocked by the exclusion constraint (BookingUnit.active).
BLOCKING_STATES = (BookingState.HELD, BookingState.APPROVED, BookingState.PICKED_UP)
# States still waiting for an answer or under way.
OPEN_STATES = (BookingState.REQUESTED, *BLOCKING_STATES)

ALLOWED_TRANSITIONS = {
    BookingState.REQUESTED: {
        BookingState.APPROVED,
        BookingState.DECLINED,
        BookingState.CANCELLED,
    },
    BookingState.HELD: {BookingState.APPROVED, BookingState.CANCELLED, BookingState.EXPIRED},
    BookingState.APPROVED: {
        BookingState.PICKED_UP,
        BookingState.HANDED_OVER,
        BookingState.CANCELLED,
    },
    BookingState.PICKED_UP: {BookingState.RETURNED},
}


class WaitState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TransportState(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class InvoiceKind(models.TextChoices):
    RENT = "rent", _("Rent")
    SALE = "sale", _("Sale")
    TRANSPORT = "transport", _("Transport")


class ExchangeState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


# An offer is open while it waits for an answer or for the two handovers.
OPEN_EXCHANGE_STATES = (ExchangeState.PROPOSED, ExchangeState.ACCEPTED)
