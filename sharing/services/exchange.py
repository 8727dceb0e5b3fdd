"""Exchanges: one organisation's listing swapped for another's. Accepting reserves both
listings as a pair through the ordinary reservation rules (and the exclusion
constraint); completing hands both over. Either half failing refuses the whole swap."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.services import notify

from ..enums import BookingState, ExchangeState, UnitStatus
from ..models import Booking, ExchangeOffer, Listing
from ..selectors import listings_for_user, offerable_listings
from .bookings import booking_request
from .transitions import booking_transition


def _notify(offer: ExchangeOffer, recipients, event: str, title) -> None:
    sent = set()
    for recipient in recipients:
        if recipient is None or recipient.pk in sent:
            continue
        sent.add(recipient.pk)
        notify(
            recipient=recipient,
            event=f"sharing.exchange_{event}",
            title=title,
            body=str(offer),
            url=offer.get_absolute_url(),
            dedupe_key=f"sharing:exchange:{event}:{offer.pk}:{recipient.pk}",
        )


def _both_sides(offer: ExchangeOffer) -> list:
    return [
        offer.created_by,
        offer.offered_listing.created_by,
        offer.wanted_listing.created_by,
        offer.answered_by,
    ]


def _lock(offer: ExchangeOffer) -> ExchangeOffer:
    """Lock both listings (in id order, as booking transitions do), then the offer."""
    list(
        Listing.objects.select_for_update()
        .filter(pk__in=[offer.offered_listing_id, offer.wanted_listing_id])
        .order_by("pk")
        .values("pk")
    )
    return (
        ExchangeOffer.objects.select_for_update(of=("self",))
        .select_related("offered_listing", "wanted_listing", "created_by")
        .get(pk=offer.pk)
    )


def _mark_listings(offer: ExchangeOffer, user, reason: str) -> None:
    """A history event on both listings. The reservations' own reasons were attached to
    the same history context; naming the exchange last makes it the reason of every
    event of this change, so each listing's history shows the swap."""
    with acting_as(user, reason=reason):
        Listing.objects.filter(pk__in=[offer.offered_listing_id, offer.wanted_listing_id]).update(
            updated_at=timezone.now()
        )


def exchange_offer(*, user, wanted: Listing, offered: Listing, message: str = "") -> ExchangeOffer:
    """Offer `offered` (the user's organisation's) for `wanted` (another's)."""
    if not (
        user.has_perm("sharing.offer_exchange", wanted)
        and listings_for_user(user).filter(pk=wanted.pk).exists()
    ):
        raise PermissionDenied
    if not offerable_listings(user).filter(pk=offered.pk).exists():
        raise ValidationError(
            {
                "offered": _(
                    "Offer one of your organisation's listings that is not already in an exchange."
                )
            }
        )
    with transaction.atomic(), acting_as(user, reason="exchange offered"):
        try:
            with transaction.atomic():
                offer = ExchangeOffer.objects.create(
                    offered_listing=offered,
                    wanted_listing=wanted,
                    offering_organization_id=offered.organization_id,
                    wanted_organization_id=wanted.organization_id,
                    created_by=user,
                    message=message,
                )
        except IntegrityError:
            raise ValidationError(
                _("One of the listings is already part of an open exchange.")
            ) from None
        _notify(
            offer,
            [wanted.created_by],
            "offered",
            gettext_lazy("You were offered an exchange"),
        )
    return offer


def _reserve(*, requester, listing: Listing, approver, message: str) -> Booking:
    """Reserve every free unit of `listing` for `requester`, approved at once."""
    quantity = max(1, listing.units.filter(status=UnitStatus.AVAILABLE).count())
    booking = booking_request(
        user=requester,
        listing=listing,
        start_date=timezone.localdate(),
        quantity=quantity,
        message=message,
    )
    if booking.state == BookingState.REQUESTED:
        booking = booking_transition(
            user=approver, booking=booking, to=BookingState.APPROVED, system=True
        )
    return booking


def exchange_accept(*, user, offer: ExchangeOffer, reply: str = "") -> ExchangeOffer:
    """Reserve both listings as a pair: each side's listing for the other side."""
    with transaction.atomic(), acting_as(user, reason=f"exchange #{offer.pk} accepted"):
        offer = _lock(offer)
        if not user.has_perm("sharing.answer_exchange", offer):
            raise PermissionDenied
        note = _("Exchange: %(offer)s") % {"offer": offer}
        try:
            with transaction.atomic():
                wanted_booking = _reserve(
                    requester=offer.created_by,
                    listing=offer.wanted_listing,
                    approver=user,
                    message=note,
                )
                offered_booking = _reserve(
                    requester=user, listing=offer.offered_listing, approver=user, message=note
                )
        except ValidationError as exc:
            raise ValidationError(
                _("The exchange could not be made, nothing was reserved: %(reason)s")
                % {"reason": " ".join(exc.messages)}
            ) from exc
        offer.state = ExchangeState.ACCEPTED
        offer.reply = reply
        offer.answered_by = user
        offer.answered_at = timezone.now()
        offer.wanted_booking = wanted_booking
        offer.offered_booking = offered_booking
        offer.save()
        _mark_listings(offer, user, f"exchange #{offer.pk} accepted")
        _notify(offer, _both_sides(offer), "accepted", gettext_lazy("An exchange was accepted"))
    return offer


def exchange_decline(*, user, offer: ExchangeOffer, reply: str = "") -> ExchangeOffer:
    with transaction.atomic(), acting_as(user, reason=f"exchange #{offer.pk} declined"):
        offer = _lock(offer)
        if not user.has_perm("sharing.answer_exchange", offer):
            raise PermissionDenied
        offer.state = ExchangeState.DECLINED
        offer.reply = reply
        offer.answered_by = user
        offer.answered_at = timezone.now()
        offer.save()
        _notify(offer, [offer.created_by], "declined", gettext_lazy("An exchange was declined"))
    return offer


def exchange_withdraw(*, user, offer: ExchangeOffer) -> ExchangeOffer:
    with transaction.atomic(), acting_as(user, reason=f"exchange #{offer.pk} withdrawn"):
        offer = _lock(offer)
        if not user.has_perm("sharing.withdraw_exchange", offer):
            raise PermissionDenied
        offer.state = ExchangeState.WITHDRAWN
        offer.save()
        _notify(
            offer,
            [offer.wanted_listing.created_by],
            "withdrawn",
            gettext_lazy("An exchange offer was withdrawn"),
        )
    return offer


def exchange_complete(*, user, offer: ExchangeOffer) -> ExchangeOffer:
    """Both listings are handed over, together or not at all."""
    with transaction.atomic(), acting_as(user, reason=f"exchange #{offer.pk} completed"):
        offer = _lock(offer)
        if not user.has_perm("sharing.complete_exchange", offer):
            raise PermissionDenied
        try:
            with transaction.atomic():
                for booking in (offer.wanted_booking, offer.offered_booking):
                    if booking.state != BookingState.HANDED_OVER:
                        booking_transition(
                            user=user, booking=booking, to=BookingState.HANDED_OVER, system=True
                        )
        except ValidationError as exc:
            raise ValidationError(
                _("The exchange could not be completed, nothing was handed over: %(reason)s")
                % {"reason": " ".join(exc.messages)}
            ) from exc
        offer.state = ExchangeState.COMPLETED
        offer.completed_at = timezone.now()
        offer.save()
        _mark_listings(offer, user, f"exchange #{offer.pk} completed")
        _notify(offer, _both_sides(offer), "completed", gettext_lazy("An exchange was completed"))
    return offer
