"""Writes for the marketplace. Every state change of a booking goes through
`booking_transition`; the database's exclusion constraint is the last word on overlaps."""

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cache import bulk_updated
from core.files import IMAGE_TYPES, validate_upload
from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify
from organizations.enums import OrganizationKind

from ..enums import (
    ALLOWED_TRANSITIONS,
    BLOCKING_STATES,
    BookingState,
    InvoiceKind,
    ListingStatus,
    Mode,
    TransportState,
    UnitStatus,
    WaitState,
)
from ..models import (
    Booking,
    BookingUnit,
    Category,
    ImpactFactor,
    InvoiceLine,
    Kit,
    Listing,
    ListingPhoto,
    ListingUnit,
    Location,
    Reuse,
    TransportTask,
    WaitlistEntry,
    WantedAd,
)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTOS_PER_LISTING = 12
VAT_RATE = Decimal("0.25")
HOLD_HOURS = 48
LISTING_FIELDS = (
    "kind",
    "title",
    "description",
    "category",
    "condition",
    "quantity",
    "dimensions",
    "location",
    "mode",
    "price_sek",
    "new_price_sek",
    "available_from",
    "available_to",
    "buffer_days",
    "horizon_days",
    "requires_approval",
    "visibility",
    "department",
    "cost_centre",
)


# --- Listings -------------------------------------------------------------------------


def _validate_listing(user, data: dict, *, organization) -> None:
    errors: dict[str, str] = {}
    if data.get("price_sek") is not None and Decimal(data["price_sek"]) < 0:
        errors["price_sek"] = _("The price cannot be negative.")
    if data.get("new_price_sek") is not None and Decimal(data["new_price_sek"]) < 0:
        errors["new_price_sek"] = _("The price cannot be negative.")
    if data.get("quantity") is not None and int(data["quantity"]) < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    start, end = data.get("available_from"), data.get("available_to")
    if start and end and end < start:
        errors["available_to"] = _("The end date is before the start date.")
    location = data.get("location")
    if location is not None and location.organization_id != organization.pk:
        errors["location"] = _("Choose a location of the owning municipality.")
    if data.get("mode") == Mode.RENT and not data.get("price_sek"):
        errors["price_sek"] = _("Give a price per day for renting.")
    if not organization.is_municipality:
        errors["__all__"] = _("Only municipalities share property here.")
    if errors:
        raise ValidationError(errors)


def listing_create(*, user, organization=None, photos=(), **data) -> Listing:
    """Create a listing with one unit row per item. Logistics staff may list on behalf of
    any department of their municipality. Side effects: wanted ads are matched on commit."""
    organization = organization or user.organization
    if not user.has_perm("sharing.create_listing"):
        raise ValidationError(_("You may not create listings."))
    if organization.pk != user.organization_id and not user.is_platform_admin:
        raise ValidationError(_("You may only list for your own municipality."))
    _validate_listing(user, data, organization=organization)
    for photo in photos:
        validate_upload(photo, allowed_types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    if not data.get("department"):
        data["department"] = user.department or organization.name
    _cost_centre_from_department(data, organization)
    with transaction.atomic(), acting_as(user, reason="listing created"):
        listing = Listing.objects.create(organization=organization, created_by=user, **data)
        ListingUnit.objects.bulk_create(
            ListingUnit(listing=listing, number=n) for n in range(1, listing.quantity + 1)
        )
        for photo in photos:
            photo_add(user=user, listing=listing, upload=photo, validated=True)
        from ..tasks import match_wanted_ads

        enqueue_on_commit(match_wanted_ads, listing.pk)
    return listing


def _cost_centre_from_department(data: dict, organization) -> None:
    """An empty cost centre is taken from the organisation's department of that name."""
    if data.get("cost_centre") or not data.get("department"):
        return
    from organizations.models import Department

    department = Department.objects.filter(
        organization=organization, name__iexact=data["department"]
    ).first()
    if department is not None:
        data["cost_centre"] = department.cost_centre


def listing_update(*, user, listing: Listing, **data) -> Listing:
    """Change a listing; raising the quantity adds units, lowering it retires free ones."""
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    _validate_listing(user, data, organization=listing.organization)
    _cost_centre_from_department(data, listing.organization)
    with transaction.atomic(), acting_as(user, reason="listing changed"):
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        new_quantity = int(data.get("quantity", listing.quantity))
        live = listing.units.exclude(status=UnitStatus.RETIRED)
        current = live.count()
        if new_quantity > current:
            top = listing.units.order_by("-number").values_list("number", flat=True).first() or 0
            ListingUnit.objects.bulk_create(
                ListingUnit(listing=listing, number=top + i)
                for i in range(1, new_quantity - current + 1)
            )
        elif new_quantity < current:
            today = timezone.localdate()
            busy = BookingUnit.objects.filter(
                active=True, unit__listing=listing, blocked__overlap=DateRange(today, None)
            ).values("unit_id")
            free = list(
                live.filter(status=UnitStatus.AVAILABLE)
                .exclude(pk__in=busy)
                .order_by("-number")
                .values_list("pk", flat=True)[: current - new_quantity]
            )
            if len(free) < current - new_quantity:
                raise ValidationError({"quantity": _("Units that are reserved cannot be removed.")})
            ListingUnit.objects.filter(pk__in=free).update(status=UnitStatus.RETIRED)
        for field, value in data.items():
            setattr(listing, field, value)
        listing.save()
    return listing


def listing_withdraw(*, user, listing: Listing) -> Listing:
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    with transaction.atomic(), acting_as(user, reason="listing withdrawn"):
        listing.status = ListingStatus.WITHDRAWN
        listing.save(update_fields=["status", "updated_at"])
    return listing


def photo_add(*, user, listing: Listing, upload, alt_text: str = "", validated=False):
    """Store an uploaded photo (checked by content) and resize it in Celery."""
    if not user.has_perm("sharing.change_listing", listing):
        raise ValidationError(_("You may not change this listing."))
    if not validated:
        validate_upload(upload, allowed_types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    if listing.photos.count() >= PHOTOS_PER_LISTING:
        raise ValidationError(
            _("A listing holds at most %(n)s photos.") % {"n": PHOTOS_PER_LISTING}
        )
    photo = ListingPhoto.objects.create(
        listing=listing,
        original=upload,
        alt_text=alt_text or listing.title,
        position=listing.photos.count(),
    )
    from ..tasks import process_photo

    enqueue_on_commit(process_photo, photo.pk)
    return photo


def photo_process(*, photo_id: int, size: int = 1600, thumb: int = 400) -> bool:
    """Resize, thumbnail and strip EXIF (re-encoding drops every metadata block).
    Idempotent: a processed photo is left alone."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    photo = ListingPhoto.objects.filter(pk=photo_id, processed_at__isnull=True).first()
    if photo is None:
        return False
    with photo.original.open("rb") as handle, Image.open(handle) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
    outputs = {}
    for name, limit in (("image", size), ("thumbnail", thumb)):
        copy = image.copy()
        copy.thumbnail((limit, limit))
        buffer = BytesIO()
        copy.save(buffer, format="JPEG", quality=85, optimize=True)
        outputs[name] = ContentFile(buffer.getvalue(), name=f"{name}.jpg")
    photo.image.save("photo.jpg", outputs["image"], save=False)
    photo.thumbnail.save("thumb.jpg", outputs["thumbnail"], save=False)
    # The original may carry GPS and camera data: keep only the clean copies.
    photo.original.delete(save=False)
    photo.original = photo.image.name
    photo.processed_at = timezone.now()
    photo.save(update_fields=["image", "thumbnail", "original", "processed_at"])
    return True


def location_create(*, organization, name, address, latitude, longitude, is_primary=False):
    return Location.objects.create(
        organization=organization,
        name=name,
        address=address,
        latitude=latitude,
        longitude=longitude,
        is_primary=is_primary,
    )


# --- Booking helpers ------------------------------------------------------------------


def _blocked_range(listing: Listing, start: date, end: date | None) -> DateRange:
    if listing.is_timed:
        return DateRange(start, end + timedelta(days=listing.buffer_days + 1), "[)")
    return DateRange(start, None, "[)")


def _free_units(listing: Listing, blocked: DateRange, *, exclude_booking=None):
    taken = BookingUnit.objects.filter(unit__listing=listing, active=True, blocked__overlap=blocked)
    if exclude_booking is not None:
        taken = taken.exclude(booking=exclude_booking)
    return listing.units.filter(status=UnitStatus.AVAILABLE).exclude(pk__in=taken.values("unit_id"))


def _pick_units(listing: Listing, blocked: DateRange, quantity: int, *, exclude_booking=None):
    """Free units, preferring those no other pending request has asked for."""
    free = _free_units(listing, blocked, exclude_booking=exclude_booking)
    pending = BookingUnit.objects.filter(
        unit__listing=listing,
        booking__state=BookingState.REQUESTED,
        blocked__overlap=blocked,
    )
    if exclude_booking is not None:
        pending = pending.exclude(booking=exclude_booking)
    preferred = list(free.exclude(pk__in=pending.values("unit_id")).order_by("number")[:quantity])
    if len(preferred) < quantity:
        chosen = {u.pk for u in preferred}
        preferred += [u for u in free.order_by("number") if u.pk not in chosen][
            : quantity - len(preferred)
        ]
    return preferred


def _validate_request(*, user, listing: Listing, start, end, quantity) -> None:
    today = timezone.localdate()
    if not user.has_perm("sharing.reserve"):
        raise ValidationError(_("Only municipal staff may reserve."))
    if listing.status != ListingStatus.ACTIVE:
        raise ValidationError(_("This listing is no longer available."))
    if listing.mode in (Mode.SELL, Mode.GIVE_AWAY, Mode.EXCHANGE) and (
        user.organization.kind != OrganizationKind.MUNICIPALITY
        or listing.organization.kind != OrganizationKind.MUNICIPALITY
    ):
        raise ValidationError(
            _("Municipal property is sold or given away only between public organisations.")
        )
    errors: dict[str, str] = {}
    if quantity is None or quantity < 1:
        errors["quantity"] = _("Ask for at least one unit.")
    elif quantity > listing.quantity:
        errors["quantity"] = _("Only %(n)s units exist.") % {"n": listing.quantity}
    if start is None:
        errors["start_date"] = _("Give a start date.")
    elif start < today:
        errors["start_date"] = _("The start date has passed.")
    if listing.is_timed:
        if end is None:
            errors["end_date"] = _("Give an end date.")
        elif start and end < start:
            errors["end_date"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    last = end if listing.is_timed else start
    if start < listing.available_from or (listing.available_to and last > listing.available_to):
        raise ValidationError(
            {
                "start_date": _("The listing is available from %(start)s to %(end)s.")
                % {
                    "start": listing.available_from,
                    "end": listing.available_to or _("further notice"),
                }
            }
        )
    if start > today + timedelta(days=listing.horizon_days):
        raise ValidationError(
            {
                "start_date": _("You can book at most %(n)s days ahead.")
                % {"n": listing.horizon_days}
            }
        )
    if Booking.objects.filter(
        requester=user, state=BookingState.PICKED_UP, end_date__lt=today
    ).exists():
        raise ValidationError(
            _("You have items that are overdue. Return them before you reserve more.")
        )


def _notify_booking(booking: Booking, recipient, event: str, title, body="") -> None:
    notify(
        recipient=recipient,
        event=f"sharing.{event}",
        title=title,
        body=body,
        url=booking.get_absolute_url(),
        dedupe_key=f"sharing:{event}:{booking.pk}:{booking.state}",
    )


# --- Booking requests -----------------------------------------------------------------


def booking_request(
    *,
    user,
    listing: Listing,
    start_date: date,
    end_date: date | None = None,
    quantity: int = 1,
    message: str = "",
    department: str = "",
    cost_centre: str = "",
    transport: bool = False,
    delivery_address: str = "",
    kit: Kit | None = None,
    kit_group=None,
) -> Booking:
    """Ask for `quantity` units. Listings without approval book at once; the database's
    exclusion constraint refuses a unit already taken, and the loser gets a message.
    Side effects: the owner (or the requester, for an instant booking) is notified."""
    if not listing.is_timed:
        end_date = None
    _validate_request(user=user, listing=listing, start=start_date, end=end_date, quantity=quantity)
    if transport and not delivery_address:
        raise ValidationError({"delivery_address": _("Give a delivery address for transport.")})
    blocked = _blocked_range(listing, start_date, end_date)
    instant = not listing.requires_approval
    with transaction.atomic(), acting_as(user, reason="reservation requested"):
        for attempt in range(3):
            units = _pick_units(listing, blocked, quantity)
            if len(units) < quantity:
                raise ValidationError(
                    {
                        "quantity": _(
                            "Only %(free)s of %(total)s units are free for these dates. "
                            "Choose other dates or join the waiting list."
                        )
                        % {"free": len(units), "total": listing.quantity}
                    }
                )
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        listing=listing,
                        requester=user,
                        requester_organization=user.organization,
                        requester_department=department or user.department,
                        cost_centre=cost_centre,
                        quantity=quantity,
                        start_date=start_date,
                        end_date=end_date,
                        message=message,
                        transport_requested=transport,
                        delivery_address=delivery_address,
                        kit=kit,
                        kit_group=kit_group,
                        state=BookingState.APPROVED if instant else BookingState.REQUESTED,
                        decided_at=timezone.now() if instant else None,
                    )
                    BookingUnit.objects.bulk_create(
                        BookingUnit(booking=booking, unit=unit, blocked=blocked, active=instant)
                        for unit in units
                    )
                break
            except IntegrityError:
                # Someone took a unit between our read and our write: look again.
                if attempt == 2:
                    raise ValidationError(
                        _("Someone else has just reserved these units. Please try other dates.")
                    ) from None
        if instant:
            _after_approval(booking)
        elif kit_group is None:
            _notify_booking(
                booking,
                listing.created_by,
                "requested",
                gettext_lazy("New reservation request"),
                booking.listing.title,
            )
    return booking


def kit_request(*, user, kit: Kit, start_date, end_date=None, message="", **extra) -> list[Booking]:
    """Reserve every listing of a kit as one: all of them or none."""
    group = uuid.uuid4()
    items = list(kit.items.select_related("listing", "listing__organization"))
    if not items:
        raise ValidationError(_("The kit is empty."))
    bookings = []
    with transaction.atomic():
        for item in items:
            try:
                bookings.append(
                    booking_request(
                        user=user,
                        listing=item.listing,
                        start_date=start_date,
                        end_date=end_date,
                        quantity=item.quantity,
                        message=message,
                        kit=kit,
                        kit_group=group,
                        **extra,
                    )
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("%(item)s: %(error)s")
                    % {"item": item.listing.title, "error": " ".join(exc.messages)}
                ) from exc
        if bookings and bookings[0].state == BookingState.REQUESTED:
            _notify_booking(
                bookings[0],
                kit.created_by,
                "kit_requested",
                gettext_lazy("New kit reservation request"),
                kit.title,
            )
    return bookings


def waitlist_join(*, user, listing: Listing, start_date: date, end_date: date | None = None):
    if not listing.is_timed:
        end_date = None
    if listing.is_timed and (end_date is None or end_date < start_date):
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                listing=listing, user=user, start_date=start_date, end_date=end_date
            )
    except IntegrityError:
        raise ValidationError(_("You are already on the waiting list.")) from None


# --- Transitions ----------------------------------------------------------------------


def booking_transition(
    *,
    user,
    booking: Booking,
    to: str,
    reply: str = "",
    would_buy_new: bool | None = None,
    system: bool = False,
) -> Booking:
    """The one entry point for a booking's state. Locks the row, checks the move and the
    actor, and does the side effects:

    - approved: units become blocking (the constraint decides); overlapping pending
      requests are declined with a message (or moved to other free units); transport task;
    - declined / cancelled / expired: units are freed; the waiting list is offered them;
    - picked_up: rent is invoiced; returned: the reuse is counted;
    - handed_over: units leave the listing, sale invoiced, reuse counted.

    A kit's bookings move together.
    """
    with transaction.atomic(), acting_as(user, reason=f"reservation {to}"):
        # Lock the listings first (in a fixed order): transitions on one listing run one
        # at a time, so two approvers never lock each other's rival requests in reverse.
        head = Booking.objects.values("listing_id", "kit_group").get(pk=booking.pk)
        listing_ids = (
            set(
                Booking.objects.filter(kit_group=head["kit_group"]).values_list(
                    "listing_id", flat=True
                )
            )
            if head["kit_group"]
            else {head["listing_id"]}
        )
        list(
            Listing.objects.select_for_update()
            .filter(pk__in=listing_ids)
            .order_by("pk")
            .values("pk")
        )
        locked = Booking.objects.select_for_update().select_related("listing").get(pk=booking.pk)
        group = [locked]
        if locked.kit_group and to in (
            BookingState.APPROVED,
            BookingState.DECLINED,
            BookingState.CANCELLED,
        ):
            group = list(
                Booking.objects.select_for_update()
                .select_related("listing")
                .filter(kit_group=locked.kit_group)
                .order_by("pk")
            )
        for item in group:
            _check_transition(user, item, to, system=system)
        for item in group:
            _apply_transition(user, item, to, reply=reply, would_buy_new=would_buy_new)
    booking.refresh_from_db()
    return booking


def _check_transition(user, booking: Booking, to: str, *, system: bool) -> None:
    allowed = ALLOWED_TRANSITIONS.get(booking.state, set())
    if to not in allowed:
        raise ValidationError(
            _("A reservation that is %(state)s cannot become %(to)s.")
            % {"state": booking.get_state_display().lower(), "to": BookingState(to).label.lower()}
        )
    if system:
        return
    if to == BookingState.CANCELLED:
        ok = user.has_perm("sharing.cancel_booking", booking)
    elif booking.state == BookingState.HELD and to == BookingState.APPROVED:
        ok = user.has_perm("sharing.answer_hold", booking)
    else:
        ok = user.has_perm("sharing.decide_booking", booking)
    if not ok:
        raise ValidationError(_("You may not do this with the reservation."))
    if to == BookingState.HANDED_OVER and booking.listing.is_timed:
        raise ValidationError(_("A loan is picked up and returned, not handed over."))
    if to == BookingState.PICKED_UP and not booking.listing.is_timed:
        raise ValidationError(_("Record the handover instead."))


def _apply_transition(user, booking: Booking, to: str, *, reply: str, would_buy_new) -> None:
    now = timezone.now()
    previous = booking.state
    booking.state = to
    fields = ["state", "updated_at"]
    if reply:
        booking.reply = reply
        fields.append("reply")
    if to == BookingState.APPROVED:
        booking.decided_at = now
        fields.append("decided_at")
        _activate_units(booking)
    elif to in (BookingState.DECLINED, BookingState.CANCELLED, BookingState.EXPIRED):
        booking.decided_at = booking.decided_at or now
        fields.append("decided_at")
        booking.units.update(active=False)
    elif to == BookingState.PICKED_UP:
        booking.picked_up_at = now
        booking.would_buy_new = would_buy_new
        fields += ["picked_up_at", "would_buy_new"]
    elif to == BookingState.RETURNED:
        booking.returned_at = now
        fields.append("returned_at")
        booking.units.update(active=False)
    elif to == BookingState.HANDED_OVER:
        booking.handed_over_at = now
        booking.would_buy_new = would_buy_new
        fields += ["handed_over_at", "would_buy_new"]
        ListingUnit.objects.filter(pk__in=booking.units.values("unit_id")).update(
            status=UnitStatus.TRANSFERRED
        )
        if not booking.listing.units.filter(status=UnitStatus.AVAILABLE).exists():
            Listing.objects.filter(pk=booking.listing_id).update(status=ListingStatus.GONE)
            bulk_updated(Listing, [booking.listing])  # no signal: caching.py's entries
    booking.save(update_fields=fields)

    if to == BookingState.APPROVED:
        _after_approval(booking)
        _notify_booking(
            booking,
            booking.requester,
            "approved",
            gettext_lazy("Your reservation was approved"),
            booking.reply,
        )
    elif to == BookingState.DECLINED:
        _notify_booking(
            booking,
            booking.requester,
            "declined",
            gettext_lazy("Your reservation was declined"),
            booking.reply,
        )
    elif to == BookingState.PICKED_UP:
        _invoice_rent(booking)
        _close_fulfilled_wanted_ads(booking)
    elif to == BookingState.RETURNED:
        _record_reuse(booking)
    elif to == BookingState.HANDED_OVER:
        _invoice_sale(booking)
        _record_reuse(booking)
        _close_fulfilled_wanted_ads(booking)
    if (
        to
        in (
            BookingState.DECLINED,
            BookingState.CANCELLED,
            BookingState.EXPIRED,
            BookingState.RETURNED,
        )
        and previous in BLOCKING_STATES
    ):
        _offer_to_waitlist(booking.listing)


def _close_fulfilled_wanted_ads(booking: Booking) -> None:
    """The requester got an item their wanted ad matched: the ad has done its work."""
    WantedAd.objects.filter(
        created_by=booking.requester_id, is_active=True, matches__listing=booking.listing_id
    ).update(is_active=False, updated_at=timezone.now())


def _activate_units(booking: Booking) -> None:
    """Make the booking's units blocking; if one was taken meanwhile, try other free units."""
    try:
        with transaction.atomic():
            booking.units.update(active=True)
        return
    except IntegrityError:
        pass
    blocked = booking.units.values_list("blocked", flat=True).first() or _blocked_range(
        booking.listing, booking.start_date, booking.end_date
    )
    units = _pick_units(booking.listing, blocked, booking.quantity, exclude_booking=booking)
    if len(units) < booking.quantity:
        raise ValidationError(
            _("The units are no longer free for these dates; decline the request instead.")
        )
    try:
        with transaction.atomic():
            booking.units.all().delete()
            BookingUnit.objects.bulk_create(
                BookingUnit(booking=booking, unit=unit, blocked=blocked, active=True)
                for unit in units
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone else has just reserved these units. Please try again.")
        ) from None


def _after_approval(booking: Booking) -> None:
    """Decline (or move) pending requests that wanted the same units; ask for transport."""
    mine = list(booking.units.values_list("unit_id", "blocked"))
    for unit_id, blocked in mine:
        rival_ids = set(
            BookingUnit.objects.filter(
                booking__state=BookingState.REQUESTED, unit_id=unit_id, blocked__overlap=blocked
            )
            .exclude(booking=booking)
            .values_list("booking_id", flat=True)
        )
        rivals = (
            Booking.objects.select_for_update()
            .select_related("listing")
            .filter(pk__in=rival_ids, state=BookingState.REQUESTED)
        )
        if booking.kit_group:
            rivals = rivals.exclude(kit_group=booking.kit_group)
        for rival in rivals.order_by("pk"):
            rival_blocked = _blocked_range(rival.listing, rival.start_date, rival.end_date)
            others = _pick_units(
                rival.listing, rival_blocked, rival.quantity, exclude_booking=rival
            )
            if len(others) >= rival.quantity:
                rival.units.all().delete()
                BookingUnit.objects.bulk_create(
                    BookingUnit(booking=rival, unit=u, blocked=rival_blocked) for u in others
                )
                continue
            rival.state = BookingState.DECLINED
            rival.decided_at = timezone.now()
            rival.reply = _(
                "Declined automatically: the units were given to another request for "
                "overlapping dates."
            )
            rival.save(update_fields=["state", "decided_at", "reply", "updated_at"])
            _notify_booking(
                rival,
                rival.requester,
                "declined",
                gettext_lazy("Your reservation was declined"),
                rival.reply,
            )
    if booking.transport_requested and not hasattr(booking, "transport"):
        listing = booking.listing
        TransportTask.objects.get_or_create(
            booking=booking,
            defaults={
                "pickup_address": f"{listing.location.name}, {listing.location.address}",
                "delivery_address": booking.delivery_address,
                "date": booking.start_date,
                "items": f"{booking.quantity} × {listing.title}",
            },
        )


def _offer_to_waitlist(listing: Listing) -> None:
    """Offer freed units to the first in line whose dates now fit; the offer holds the
    units until a deadline (the beat task expires it and moves on)."""
    for entry in listing.waitlist.filter(state=WaitState.WAITING).order_by("created_at", "id"):
        blocked = _blocked_range(listing, entry.start_date, entry.end_date)
        units = _pick_units(listing, blocked, 1)
        if not units:
            continue
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    listing=listing,
                    requester=entry.user,
                    requester_organization=entry.user.organization,
                    requester_department=entry.user.department,
                    quantity=1,
                    start_date=entry.start_date,
                    end_date=entry.end_date,
                    state=BookingState.HELD,
                    hold_until=timezone.now() + timedelta(hours=HOLD_HOURS),
                )
                BookingUnit.objects.create(
                    booking=booking, unit=units[0], blocked=blocked, active=True
                )
        except IntegrityError:
            continue
        entry.state = WaitState.OFFERED
        entry.booking = booking
        entry.save(update_fields=["state", "booking", "updated_at"])
        _notify_booking(
            booking,
            entry.user,
            "offered",
            gettext_lazy("A unit you waited for is held for you"),
            gettext_lazy("Confirm within 48 hours or it goes to the next in line."),
        )
        return


def holds_expire(*, now=None) -> int:
    now = now or timezone.now()
    count = 0
    for booking in Booking.objects.filter(state=BookingState.HELD, hold_until__lt=now):
        booking_transition(
            user=booking.requester, booking=booking, to=BookingState.EXPIRED, system=True
        )
        WaitlistEntry.objects.filter(booking=booking).update(state=WaitState.CANCELLED)
        count += 1
    return count


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


# --- Transport ------------------------------------------------------------------------


def transport_assign(*, user, task: TransportTask, assignee=None) -> TransportTask:
    if not user.has_perm("sharing.handle_transport", task):
        raise ValidationError(_("You may not handle this transport."))
    assignee = assignee or user
    if not assignee.has_role("logistics") or assignee.organization_id != user.organization_id:
        raise ValidationError(_("Assign the task to logistics staff of your municipality."))
    with transaction.atomic(), acting_as(user, reason="transport assigned"):
        task = TransportTask.objects.select_for_update().get(pk=task.pk)
        if task.state not in (TransportState.OPEN, TransportState.ASSIGNED):
            raise ValidationError(_("This transport is already done."))
        task.assignee = assignee
        task.state = TransportState.ASSIGNED
        task.save(update_fields=["assignee", "state", "updated_at"])
    return task


def transport_done(
    *, user, task: TransportTask, price_sek: Decimal = Decimal("0")
) -> TransportTask:
    """Mark a transport done and invoice it to the borrower (if it had a price)."""
    if not user.has_perm("sharing.handle_transport", task):
        raise ValidationError(_("You may not handle this transport."))
    if price_sek is None or Decimal(price_sek) < 0:
        raise ValidationError({"price_sek": _("The price cannot be negative.")})
    with transaction.atomic(), acting_as(user, reason="transport done"):
        task = TransportTask.objects.select_for_update().select_related("booking").get(pk=task.pk)
        if task.state == TransportState.DONE:
            raise ValidationError(_("This transport is already done."))
        task.state = TransportState.DONE
        task.done_at = timezone.now()
        task.price_sek = Decimal(price_sek)
        task.assignee = task.assignee or user
        task.save(update_fields=["state", "done_at", "price_sek", "assignee", "updated_at"])
        _invoice(
            task.booking,
            InvoiceKind.TRANSPORT,
            task.price_sek,
            f"Transport: {task.items}",
            timezone.localdate(),
        )
    return task


# --- Wanted ads -----------------------------------------------------------------------


def wanted_ad_create(*, user, title: str, words: str, category=None, quantity: int = 1) -> WantedAd:
    if not user.is_municipal:
        raise ValidationError(_("Only municipal staff may post wanted ads."))
    if not words.strip():
        raise ValidationError({"words": _("Give at least one search word.")})
    return WantedAd.objects.create(
        organization=user.organization,
        created_by=user,
        title=title,
        words=words,
        category=category,
        quantity=quantity,
    )


def wanted_ads_match(*, listing_id: int) -> int:
    """Notify the owners of active wanted ads that match a new listing (category subtree
    and any of the words, in Swedish full text) and can see it. Idempotent per ad/listing."""
    from django.contrib.postgres.search import SearchQuery

    from ..models import WantedMatch
    from ..selectors import listings_for_user

    listing = Listing.objects.select_related("category").filter(pk=listing_id).first()
    if listing is None or listing.status != ListingStatus.ACTIVE:
        return 0
    ancestors = []
    parts = listing.category.path.split("/")
    for depth in range(1, len(parts) + 1):
        ancestors.append("/".join(parts[:depth]))
    ads = WantedAd.objects.filter(is_active=True).select_related("created_by", "category")
    ads = ads.filter(models_q_category(ancestors)).exclude(organization=listing.organization)
    sent = 0
    for ad in ads:
        query = SearchQuery(
            " OR ".join(ad.words.split()), config="swedish", search_type="websearch"
        )
        if not Listing.objects.filter(pk=listing.pk, search_vector=query).exists():
            continue
        if not listings_for_user(ad.created_by).filter(pk=listing.pk).exists():
            continue
        _match, created = WantedMatch.objects.get_or_create(ad=ad, listing=listing)
        if not created:
            continue
        notify(
            recipient=ad.created_by,
            event="sharing.wanted_match",
            title=gettext_lazy("A listing matches your wanted ad"),
            body=listing.title,
            url=listing.get_absolute_url(),
            dedupe_key=f"sharing:wanted:{ad.pk}:{listing.pk}",
        )
        sent += 1
    return sent


def models_q_category(paths):
    from django.db.models import Q

    return Q(category__isnull=True) | Q(category__path__in=paths)


# --- Reminders ------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> dict:
    """Pickup reminders (approved, starts tomorrow), return reminders (picked up, ends
    tomorrow) and late notices (picked up, end passed). Each goes out once."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    now = timezone.now()
    counts = {"pickup": 0, "return": 0, "late": 0}
    for booking in Booking.objects.select_related("listing", "requester").filter(
        state=BookingState.APPROVED, start_date=tomorrow, reminded_pickup_at__isnull=True
    ):
        _notify_booking(
            booking,
            booking.requester,
            "pickup_reminder",
            gettext_lazy("Pickup tomorrow"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(reminded_pickup_at=now)
        counts["pickup"] += 1
    for booking in Booking.objects.select_related("listing", "requester").filter(
        state=BookingState.PICKED_UP, end_date=tomorrow, reminded_return_at__isnull=True
    ):
        _notify_booking(
            booking,
            booking.requester,
            "return_reminder",
            gettext_lazy("Return due tomorrow"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(reminded_return_at=now)
        counts["return"] += 1
    for booking in Booking.objects.select_related(
        "listing", "requester", "listing__created_by"
    ).filter(state=BookingState.PICKED_UP, end_date__lt=today, late_notice_at__isnull=True):
        _notify_booking(
            booking,
            booking.requester,
            "late",
            gettext_lazy("Your return is late"),
            booking.listing.title,
        )
        _notify_booking(
            booking,
            booking.listing.created_by,
            "late_owner",
            gettext_lazy("A borrowed item is late"),
            booking.listing.title,
        )
        Booking.objects.filter(pk=booking.pk).update(late_notice_at=now)
        counts["late"] += 1
    return counts


from .exchange import (  # noqa: E402, F401  (re-exported)
    exchange_accept,
    exchange_complete,
    exchange_decline,
    exchange_offer,
    exchange_withdraw,
)
